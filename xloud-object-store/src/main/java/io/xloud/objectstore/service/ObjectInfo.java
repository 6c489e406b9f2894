package io.xloud.objectstore.service;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One version of an object.
 *
 * @param version the timestamp of the write that made it (epoch microseconds); of two writes, the later wins
 * @param blobId opaque handle of its bytes, for {@link ObjectService#open}
 * @param etag the MD5 of the bytes as hex, unless the face stored another (an SLO or S3 multipart ETag)
 * @param metadata user metadata, keys lower case without prefix (Swift X-Object-Meta-*, S3 x-amz-meta-*)
 * @param headers stored HTTP headers, keys lower case: content-disposition, content-encoding, cache-control, ...
 * @param sysmeta face-private state, keys namespaced by the face
 * @param manifestKind what kind of manifest this object is, if it is one (e.g. {@code dlo}, {@code slo})
 * @param manifest the manifest's own value where it is short (a DLO's {@code container/prefix})
 * @param lastModified when the object or its metadata last changed (epoch microseconds)
 * @param deleteAt when the object expires (epoch seconds)
 * @param versionId the id of this version; empty for the null version (every object of a container without versioning)
 * @param deleteMarker whether this version is a delete marker (no bytes) of a versioned container
 */
public record ObjectInfo(
        String account,
        String container,
        String name,
        long version,
        String blobId,
        long size,
        String etag,
        String contentType,
        Map<String, String> metadata,
        Map<String, String> headers,
        Map<String, String> sysmeta,
        Optional<String> manifestKind,
        Optional<String> manifest,
        long lastModified,
        OptionalLong deleteAt,
        Optional<String> versionId,
        boolean deleteMarker)
{
    /** How the faces write the id of the null version. */
    public static final String NULL_VERSION_ID = "null";

    public ObjectInfo
    {
        requireNonNull(versionId, "versionId is null");
        requireNonNull(account, "account is null");
        requireNonNull(container, "container is null");
        requireNonNull(name, "name is null");
        requireNonNull(blobId, "blobId is null");
        requireNonNull(etag, "etag is null");
        requireNonNull(contentType, "contentType is null");
        metadata = Map.copyOf(metadata);
        headers = Map.copyOf(headers);
        sysmeta = Map.copyOf(sysmeta);
        requireNonNull(manifestKind, "manifestKind is null");
        requireNonNull(manifest, "manifest is null");
        requireNonNull(deleteAt, "deleteAt is null");
    }

    /** The version id as both faces show it: {@code null} for the null version. */
    public String versionIdText()
    {
        return versionId.orElse(NULL_VERSION_ID);
    }

    public ObjectPath path()
    {
        return new ObjectPath(account, container, name);
    }
}
