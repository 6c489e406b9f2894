package io.xloud.objectstore.api;

import io.xloud.objectstore.s3.ListingTokens;
import io.xloud.objectstore.s3.S3Dates;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectService;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.xloud.objectstore.api.S3Api.quoted;
import static io.xloud.objectstore.api.S3Api.xml;

/**
 * ListObjectVersions ({@code GET /{bucket}?versions}) of a bucket whose versioning was never enabled, as S3 lists
 * one: each object is its one version, {@code null}, the latest. Keys are URL-encoded only when
 * {@code encoding-type=url} asks.
 */
final class S3ObjectVersions
{
    /** The version id of every object of a bucket without versioning. */
    static final String NULL_VERSION = "null";

    private final ObjectService service;

    S3ObjectVersions(ObjectService service)
    {
        this.service = service;
    }

    void listObjectVersions(S3Request request)
            throws IOException
    {
        S3Api.requireBucket(service, request);
        Optional<String> prefix = request.query("prefix").filter(value -> !value.isEmpty());
        Optional<String> delimiter = request.query("delimiter").filter(value -> !value.isEmpty());
        Optional<String> keyMarker = request.query("key-marker").filter(value -> !value.isEmpty());
        Optional<String> versionIdMarker = request.query("version-id-marker").filter(value -> !value.isEmpty());
        int maxKeys = S3BucketResource.maxKeys(request.query("max-keys"));
        boolean urlEncoding = S3BucketResource.encodingType(request.query("encoding-type"));
        UnaryOperator<String> encode = urlEncoding ? ListingTokens::urlEncode : UnaryOperator.identity();
        if (versionIdMarker.isPresent()) {
            if (keyMarker.isEmpty()) {
                throw S3ErrorCode.INVALID_ARGUMENT.exception("A version-id marker cannot be specified without a key marker.");
            }
            if (!versionIdMarker.get().equals(NULL_VERSION)) {
                throw S3ErrorCode.INVALID_ARGUMENT.exception("Invalid version id specified");
            }
        }

        Listing<ObjectInfo> listing = maxKeys == 0
                ? new Listing<>(List.of(), false)
                : service.listObjects(request.account(), request.bucket(), new ListQuery(prefix, delimiter, keyMarker, Optional.empty(), maxKeys, false));
        List<ListEntry<ObjectInfo>> entries = listing.entries();
        String account = request.account();

        xml(request.exchange(), 200, xml -> {
            xml.root("ListVersionsResult");
            xml.element("Name", request.bucket());
            xml.element("Prefix", encode.apply(prefix.orElse("")));
            xml.element("KeyMarker", encode.apply(keyMarker.orElse("")));
            xml.element("VersionIdMarker", versionIdMarker.orElse(""));
            if (listing.truncated() && !entries.isEmpty()) {
                ListEntry<ObjectInfo> last = entries.getLast();
                xml.element("NextKeyMarker", encode.apply(last.name()));
                if (last instanceof ListEntry.Item<ObjectInfo>) {
                    xml.element("NextVersionIdMarker", NULL_VERSION);
                }
            }
            xml.element("MaxKeys", maxKeys);
            delimiter.ifPresent(value -> xml.element("Delimiter", encode.apply(value)));
            if (urlEncoding) {
                xml.element("EncodingType", "url");
            }
            xml.element("IsTruncated", listing.truncated());
            for (ListEntry<ObjectInfo> entry : entries) {
                if (entry instanceof ListEntry.Item<ObjectInfo> item) {
                    ObjectInfo object = item.value();
                    xml.start("Version");
                    xml.element("Key", encode.apply(object.name()));
                    xml.element("VersionId", NULL_VERSION);
                    xml.element("IsLatest", true);
                    xml.element("LastModified", S3Dates.iso(S3Dates.ofMicros(object.lastModified())));
                    xml.element("ETag", quoted(object.etag()));
                    xml.element("Size", object.size());
                    xml.element("StorageClass", "STANDARD");
                    S3Api.owner(xml, "Owner", account);
                    xml.end();
                }
            }
            for (ListEntry<ObjectInfo> entry : entries) {
                if (entry instanceof ListEntry.Subdir<ObjectInfo> subdir) {
                    xml.start("CommonPrefixes").element("Prefix", encode.apply(subdir.name())).end();
                }
            }
        });
    }
}
