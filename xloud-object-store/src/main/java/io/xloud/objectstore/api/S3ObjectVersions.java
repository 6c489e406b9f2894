package io.xloud.objectstore.api;

import io.xloud.objectstore.s3.ListingTokens;
import io.xloud.objectstore.s3.S3Dates;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.service.ListEntry;
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
 * ListObjectVersions ({@code GET /{bucket}?versions}): every version and delete marker, by key and newest first
 * within a key, paged by key marker and version id marker. A bucket whose versioning was never enabled lists each
 * object as its one version, {@code null}, the latest. Keys are URL-encoded only when {@code encoding-type=url} asks.
 */
final class S3ObjectVersions
{
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
        Optional<Optional<String>> versionAfter = Optional.empty();
        if (versionIdMarker.isPresent()) {
            if (keyMarker.isEmpty()) {
                throw S3ErrorCode.INVALID_ARGUMENT.exception("A version-id marker cannot be specified without a key marker.");
            }
            versionAfter = Optional.of(ObjectService.parseVersionId(versionIdMarker.get()));
        }
        Listing<ObjectService.ObjectVersion> listing =
                service.listVersions(request.account(), request.bucket(), prefix, delimiter, keyMarker, versionAfter, maxKeys);
        List<ListEntry<ObjectService.ObjectVersion>> entries = listing.entries();
        String account = request.account();

        xml(request.exchange(), 200, xml -> {
            xml.root("ListVersionsResult");
            xml.element("Name", request.bucket());
            xml.element("Prefix", encode.apply(prefix.orElse("")));
            xml.element("KeyMarker", encode.apply(keyMarker.orElse("")));
            xml.element("VersionIdMarker", versionIdMarker.orElse(""));
            if (listing.truncated() && !entries.isEmpty()) {
                ListEntry<ObjectService.ObjectVersion> last = entries.getLast();
                xml.element("NextKeyMarker", encode.apply(last.name()));
                if (last instanceof ListEntry.Item<ObjectService.ObjectVersion> item) {
                    xml.element("NextVersionIdMarker", item.value().object().versionIdText());
                }
            }
            xml.element("MaxKeys", maxKeys);
            delimiter.ifPresent(value -> xml.element("Delimiter", encode.apply(value)));
            if (urlEncoding) {
                xml.element("EncodingType", "url");
            }
            xml.element("IsTruncated", listing.truncated());
            for (ListEntry<ObjectService.ObjectVersion> entry : entries) {
                if (entry instanceof ListEntry.Item<ObjectService.ObjectVersion> item) {
                    ObjectInfo object = item.value().object();
                    xml.start(object.deleteMarker() ? "DeleteMarker" : "Version");
                    xml.element("Key", encode.apply(object.name()));
                    xml.element("VersionId", object.versionIdText());
                    xml.element("IsLatest", item.value().latest());
                    xml.element("LastModified", S3Dates.iso(S3Dates.ofMicros(object.lastModified())));
                    if (!object.deleteMarker()) {
                        xml.element("ETag", quoted(object.etag()));
                        xml.element("Size", object.size());
                        xml.element("StorageClass", "STANDARD");
                    }
                    S3Api.owner(xml, "Owner", account);
                    xml.end();
                }
            }
            for (ListEntry<ObjectService.ObjectVersion> entry : entries) {
                if (entry instanceof ListEntry.Subdir<ObjectService.ObjectVersion> subdir) {
                    xml.start("CommonPrefixes").element("Prefix", encode.apply(subdir.name())).end();
                }
            }
        });
    }
}
