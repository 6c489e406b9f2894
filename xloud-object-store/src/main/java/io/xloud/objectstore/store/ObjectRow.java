package io.xloud.objectstore.store;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One name in a container: its current version, or a tombstone ({@code deleted}) left by a delete.
 * {@code version} is the timestamp (epoch microseconds) of the write or delete that made the row;
 * {@code lastModified} moves also with metadata updates. {@code deleteAt} is in epoch seconds.
 */
public record ObjectRow(
        String account,
        String container,
        String name,
        long version,
        boolean deleted,
        Optional<String> blobId,
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
    public ObjectRow
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

    /** A row of the null version (every row of a container that never had versioning). */
    public ObjectRow(String account, String container, String name, long version, boolean deleted, Optional<String> blobId, long size,
            String etag, String contentType, Map<String, String> metadata, Map<String, String> headers, Map<String, String> sysmeta,
            Optional<String> manifestKind, Optional<String> manifest, long lastModified, OptionalLong deleteAt)
    {
        this(account, container, name, version, deleted, blobId, size, etag, contentType, metadata, headers, sysmeta, manifestKind, manifest,
                lastModified, deleteAt, Optional.empty(), false);
    }

    /** A delete marker of a versioned container: deleted, but a version of its own. */
    public static ObjectRow deleteMarker(String account, String container, String name, long version, Optional<String> versionId)
    {
        return new ObjectRow(account, container, name, version, true, Optional.empty(), 0, "", "", Map.of(), Map.of(), Map.of(),
                Optional.empty(), Optional.empty(), version, OptionalLong.empty(), versionId, true);
    }

    /** The same version under another ordering stamp and version id (a write to a versioned container, placed at its commit). */
    public ObjectRow asVersion(long newVersion, Optional<String> newVersionId)
    {
        long modified = lastModified == version ? newVersion : lastModified;
        return new ObjectRow(account, container, name, newVersion, deleted, blobId, size, etag, contentType, metadata, headers, sysmeta,
                manifestKind, manifest, modified, deleteAt, newVersionId, deleteMarker);
    }

    /** The same row under a version id (an in-place change keeps the id of the version it changes). */
    public ObjectRow withVersionId(Optional<String> newVersionId)
    {
        return new ObjectRow(account, container, name, version, deleted, blobId, size, etag, contentType, metadata, headers, sysmeta,
                manifestKind, manifest, lastModified, deleteAt, newVersionId, deleteMarker);
    }

    /** A tombstone that is not a delete marker: it only keeps slower, older writes out. */
    public boolean plainTombstone()
    {
        return deleted && !deleteMarker;
    }

    public static ObjectRow tombstone(String account, String container, String name, long version)
    {
        return new ObjectRow(account, container, name, version, true, Optional.empty(), 0, "", "", Map.of(), Map.of(), Map.of(),
                Optional.empty(), Optional.empty(), version, OptionalLong.empty());
    }

    /** A live row whose expiry time has not come. */
    public boolean visibleAt(long epochSeconds)
    {
        return !deleted && (deleteAt.isEmpty() || deleteAt.getAsLong() > epochSeconds);
    }
}
