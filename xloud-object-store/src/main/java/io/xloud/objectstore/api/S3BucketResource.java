package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.objectstore.s3.AccessControlPolicy;
import io.xloud.objectstore.s3.BucketNames;
import io.xloud.objectstore.s3.CreateBucketConfiguration;
import io.xloud.objectstore.s3.DeleteObjectsRequest;
import io.xloud.objectstore.s3.ListingTokens;
import io.xloud.objectstore.s3.RequestPayload;
import io.xloud.objectstore.s3.S3Dates;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.VersioningConfiguration;
import io.xloud.objectstore.s3.XmlWriter;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.xloud.objectstore.api.S3Api.quoted;
import static io.xloud.objectstore.api.S3Api.xml;

/**
 * Buckets: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, GetBucketVersioning,
 * Get/PutBucketAcl, ListObjects (v1 and v2) and DeleteObjects.
 */
final class S3BucketResource
{
    static final String LOCATION_SYSMETA = "s3.location";
    private static final int MAX_KEYS = 1000;

    private final ObjectService service;
    private final String region;
    private final S3MultipartResource multipart;

    S3BucketResource(ObjectService service, String region, S3MultipartResource multipart)
    {
        this.service = service;
        this.region = region;
        this.multipart = multipart;
    }

    /** GET / — every container of the project that S3 can address and that is the project's bucket, in name order. */
    void listBuckets(S3Request request)
            throws IOException
    {
        String account = request.account();
        List<ContainerInfo> buckets = new ArrayList<>();
        ListQuery query = ListQuery.all(ObjectService.MAX_LISTING_LIMIT);
        while (true) {
            Listing<ContainerInfo> page = service.listContainers(account, query);
            for (ListEntry<ContainerInfo> entry : page.entries()) {
                if (entry instanceof ListEntry.Item<ContainerInfo> item && BucketNames.isBucket(item.name())
                        && service.bucketOwner(account, item.name()).map(account::equals).orElse(false)) {
                    buckets.add(item.value());
                }
            }
            if (!page.truncated() || page.entries().isEmpty()) {
                break;
            }
            query = query.withMarker(page.entries().getLast().name());
        }
        xml(request.exchange(), 200, xml -> {
            xml.root("ListAllMyBucketsResult");
            S3Api.owner(xml, "Owner", account);
            xml.start("Buckets");
            for (ContainerInfo bucket : buckets) {
                xml.start("Bucket").element("Name", bucket.name()).element("CreationDate", S3Dates.iso(S3Dates.ofMicros(bucket.createdAt()))).end();
            }
            xml.end();
        });
    }

    /** PUT /{bucket} — with an optional CreateBucketConfiguration; bucket names are one namespace across projects. */
    void createBucket(S3Request request)
            throws IOException
    {
        String bucket = request.bucket();
        BucketNames.requireValid(bucket);
        if (request.header("x-amz-bucket-object-lock-enabled").map(String::strip).filter("true"::equalsIgnoreCase).isPresent()) {
            // a bucket made without the lock it asked for would keep objects its owner believes cannot be deleted
            throw S3ErrorCode.NOT_IMPLEMENTED.exception("Object Lock is not supported by this server; the bucket was not created.");
        }
        Optional<AccessControlPolicy> acl = AccessControlPolicy.fromHeaders(request::header, request.account(), request.account(),
                id -> S3Api.knownProject(service, request.account(), id));
        Optional<String> location = Optional.empty();
        if (S3Api.hasBody(request)) {
            try (RequestPayload body = S3Api.document(request)) {
                location = CreateBucketConfiguration.parse(body).locationConstraint();
            }
        }
        Map<String, String> values = new java.util.HashMap<>(Map.of(LOCATION_SYSMETA, location.orElse(region)));
        acl.ifPresent(policy -> values.put(S3Api.ACL_SYSMETA, policy.encode()));
        MetadataUpdate sysmeta = MetadataUpdate.set(values);
        switch (service.createBucket(request.account(), bucket, sysmeta)) {
            case CREATED -> { }
            case OWNED_BY_YOU -> {
                // AWS answers 200 in us-east-1, for compatibility with its first clients, and 409 in every other region
                if (!region.equals("us-east-1")) {
                    throw S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU.exception(
                            "Your previous request to create the named bucket succeeded and you already own it.");
                }
            }
            case OWNED_BY_ANOTHER_ACCOUNT -> throw S3ErrorCode.BUCKET_ALREADY_EXISTS.exception(
                    "The requested bucket name is not available. The bucket namespace is shared by all users of the system. "
                            + "Please select a different name and try again.");
        }
        request.exchange().header("Location", "/" + bucket);
        request.exchange().respond(200, null, null);
    }

    void headBucket(S3Request request)
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        request.exchange().header("x-amz-bucket-region", location(bucket));
        request.exchange().respond(200, null, null);
    }

    /** DELETE /{bucket} — only when empty; uploads still in progress are aborted with it. */
    void deleteBucket(S3Request request)
    {
        S3Api.requireBucket(service, request);
        service.deleteContainer(request.account(), request.bucket());
        multipart.abortAll(request.account(), request.bucket());
        request.exchange().noContent();
    }

    void getBucketLocation(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        xml(request.exchange(), 200, xml -> xml.start("LocationConstraint", "xmlns", XmlWriter.S3_NAMESPACE)
                .text(location(bucket).equals("us-east-1") ? "" : location(bucket)));
    }

    /** GetBucketVersioning: the Status once versioning was set, an empty configuration before. */
    void getBucketVersioning(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        xml(request.exchange(), 200, xml -> {
            xml.root("VersioningConfiguration");
            bucket.versioning().ifPresent(status -> xml.element("Status", status));
        });
    }

    /** PutBucketVersioning: {@code <VersioningConfiguration><Status>Enabled|Suspended</Status></VersioningConfiguration>}. */
    void putBucketVersioning(S3Request request)
            throws IOException
    {
        S3Api.requireBucket(service, request);
        VersioningConfiguration configuration;
        try (RequestPayload body = S3Api.document(request)) {
            configuration = VersioningConfiguration.parse(body);
        }
        configuration.status().ifPresent(status -> service.setVersioning(request.account(), request.bucket(),
                status.equals(ContainerInfo.VERSIONING_ENABLED)));
        request.exchange().respond(200, null, null);
    }

    void getBucketAcl(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        AccessControlPolicy acl = S3Api.bucketAcl(bucket, request.account());
        xml(request.exchange(), 200, acl::write);
    }

    /** The ACL of the canned or grant headers, or of the body (an AccessControlPolicy); the owner cannot be changed. */
    void putBucketAcl(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        AccessControlPolicy acl = S3Api.aclOfRequest(service, request, request.account(), request.account());
        S3Api.requireRoomForConfiguration(bucket, S3Api.ACL_SYSMETA, acl.encode());
        service.updateContainer(request.account(), request.bucket(), MetadataUpdate.none(), MetadataUpdate.set(Map.of(S3Api.ACL_SYSMETA, acl.encode())));
        request.exchange().respond(200, null, null);
    }

    private String location(ContainerInfo bucket)
    {
        return bucket.sysmeta().getOrDefault(LOCATION_SYSMETA, region);
    }

    // ---- listing

    /** GET /{bucket} — ListObjects, or ListObjectsV2 with {@code list-type=2}. */
    void listObjects(S3Request request, boolean v2)
            throws IOException
    {
        S3Api.requireBucket(service, request);
        Optional<String> prefix = request.query("prefix").filter(value -> !value.isEmpty());
        Optional<String> delimiter = request.query("delimiter").filter(value -> !value.isEmpty());
        int maxKeys = maxKeys(request.query("max-keys"));
        boolean urlEncoding = encodingType(request.query("encoding-type"));
        UnaryOperator<String> encode = urlEncoding ? ListingTokens::urlEncode : UnaryOperator.identity();
        if (v2 && !request.query("list-type").orElse("").equals("2")) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Invalid List Type specified in Request");
        }

        Optional<String> continuationToken = v2 ? request.query("continuation-token") : Optional.empty();
        Optional<String> startAfter = v2 ? request.query("start-after").filter(value -> !value.isEmpty()) : Optional.empty();
        Optional<String> marker = v2
                ? continuationToken.map(ListingTokens::resumeAfter).or(() -> startAfter)
                : request.query("marker").filter(value -> !value.isEmpty());
        boolean fetchOwner = !v2 || request.query("fetch-owner").map("true"::equals).orElse(false);

        Listing<ObjectInfo> listing = maxKeys == 0
                ? new Listing<>(List.of(), false)
                : service.listObjects(request.account(), request.bucket(), new ListQuery(prefix, delimiter, marker, Optional.empty(), maxKeys, false));
        List<ListEntry<ObjectInfo>> entries = listing.entries();
        String account = request.account();

        xml(request.exchange(), 200, xml -> {
            xml.root("ListBucketResult");
            xml.element("Name", request.bucket());
            xml.element("Prefix", encode.apply(prefix.orElse("")));
            if (v2) {
                continuationToken.ifPresent(token -> xml.element("ContinuationToken", token));
                startAfter.ifPresent(value -> xml.element("StartAfter", encode.apply(value)));
                xml.element("KeyCount", entries.size());
            }
            else {
                xml.element("Marker", encode.apply(marker.orElse("")));
            }
            xml.element("MaxKeys", maxKeys);
            delimiter.ifPresent(value -> xml.element("Delimiter", encode.apply(value)));
            if (urlEncoding) {
                xml.element("EncodingType", "url");
            }
            xml.element("IsTruncated", listing.truncated());
            if (listing.truncated() && !entries.isEmpty()) {
                String last = entries.getLast().name();
                if (v2) {
                    xml.element("NextContinuationToken", ListingTokens.continuationToken(last));
                }
                else if (delimiter.isPresent()) {
                    xml.element("NextMarker", encode.apply(last));
                }
            }
            for (ListEntry<ObjectInfo> entry : entries) {
                if (entry instanceof ListEntry.Item<ObjectInfo> item) {
                    ObjectInfo object = item.value();
                    xml.start("Contents");
                    xml.element("Key", encode.apply(object.name()));
                    xml.element("LastModified", S3Dates.iso(S3Dates.ofMicros(object.lastModified())));
                    xml.element("ETag", quoted(object.etag()));
                    xml.element("Size", object.size());
                    xml.element("StorageClass", "STANDARD");
                    if (fetchOwner) {
                        S3Api.owner(xml, "Owner", S3Api.objectAcl(object.sysmeta(), account).owner());
                    }
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

    static int maxKeys(Optional<String> value)
    {
        if (value.isEmpty()) {
            return MAX_KEYS;
        }
        try {
            int keys = Integer.parseInt(value.get().strip());
            if (keys >= 0) {
                return Math.min(keys, MAX_KEYS);
            }
        }
        catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("Provided max-keys not an integer or within integer range");
    }

    static boolean encodingType(Optional<String> value)
    {
        if (value.isEmpty()) {
            return false;
        }
        if (value.get().equals("url")) {
            return true;
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("Invalid Encoding Method specified in Request");
    }

    // ---- DeleteObjects

    /** POST /{bucket}?delete — up to 1000 keys; a key already absent counts as deleted. */
    void deleteObjects(S3Request request)
            throws IOException
    {
        S3Api.requireBucket(service, request);
        DeleteObjectsRequest delete;
        try (RequestPayload body = S3Api.document(request)) {
            delete = DeleteObjectsRequest.parse(body);
        }
        if (delete.objects().stream().anyMatch(DeleteObjectsRequest.ObjectToDelete::otherCondition)) {
            throw S3ErrorCode.NOT_IMPLEMENTED.exception("Conditions on LastModifiedTime or Size are not implemented");
        }
        record Failure(DeleteObjectsRequest.ObjectToDelete object, S3ErrorCode code, String message) {}
        record Deleted(DeleteObjectsRequest.ObjectToDelete object, S3ObjectResource.Deletion deletion) {}
        List<Deleted> deleted = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (DeleteObjectsRequest.ObjectToDelete object : delete.objects()) {
            try {
                ObjectPath path = new ObjectPath(request.account(), request.bucket(), object.key());
                deleted.add(new Deleted(object, S3ObjectResource.delete(service, path, object.versionId(), object.etag())));
            }
            catch (ApiException e) {
                ApiException s3 = S3ErrorDialect.toS3(e);
                failures.add(new Failure(object, S3ErrorCode.of(s3.code()), s3.getMessage()));
            }
        }
        xml(request.exchange(), 200, xml -> {
            xml.root("DeleteResult");
            if (!delete.quiet()) {
                for (Deleted entry : deleted) {
                    xml.start("Deleted").element("Key", entry.object().key());
                    entry.object().versionId().ifPresent(id -> xml.element("VersionId", id));
                    if (entry.deletion().deleteMarker()) {
                        xml.element("DeleteMarker", true);
                        entry.deletion().versionId().ifPresent(id -> xml.element("DeleteMarkerVersionId", id));
                    }
                    xml.end();
                }
            }
            for (Failure failure : failures) {
                xml.start("Error").element("Key", failure.object().key());
                failure.object().versionId().ifPresent(id -> xml.element("VersionId", id));
                xml.element("Code", failure.code().title()).element("Message", failure.message()).end();
            }
        });
    }
}
