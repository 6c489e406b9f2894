package io.xloud.objectstore.api;

import io.xloud.core.http.Exchange;
import io.xloud.objectstore.s3.RequestPayload;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.Tagging;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectService;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import static io.xloud.objectstore.api.S3Api.xml;

/**
 * Tags: Get/Put/DeleteObjectTagging and Get/Put/DeleteBucketTagging, and the tags an object gets when it is written
 * ({@code x-amz-tagging}) or copied ({@code x-amz-tagging-directive}). A tag set is kept in the object's or the
 * container's system metadata in the header's URL-encoded form; setting tags does not change an object's
 * Last-Modified, as in S3.
 */
final class S3TaggingResource
{
    static final String SYSMETA = "s3.tagging";

    private final ObjectService service;

    S3TaggingResource(ObjectService service)
    {
        this.service = service;
    }

    // ---- objects

    void getObjectTagging(S3Request request)
            throws IOException
    {
        // a versionId reads that version's tags, as they were when it was overwritten
        ObjectInfo object = S3ObjectResource.requireVersion(service, request, request.objectPath());
        S3ObjectResource.versionHeader(request.exchange(), object, request.query("versionId").isPresent());
        Tagging tagging = tags(object.sysmeta());
        xml(request.exchange(), 200, tagging::write);
    }

    void putObjectTagging(S3Request request)
            throws IOException
    {
        ObjectInfo object = S3ObjectResource.requireVersion(service, request, request.objectPath());
        Tagging tagging = read(request, Tagging.MAX_OBJECT_TAGS);
        S3ObjectResource.setSysmeta(service, request, object, SYSMETA, tagging.isEmpty() ? Optional.empty() : Optional.of(tagging.encode()));
        request.exchange().respond(200, null, null);
    }

    void deleteObjectTagging(S3Request request)
    {
        ObjectInfo object = S3ObjectResource.requireVersion(service, request, request.objectPath());
        S3ObjectResource.setSysmeta(service, request, object, SYSMETA, Optional.empty());
        request.exchange().noContent();
    }

    // ---- buckets

    /** NoSuchTagSet for a bucket without tags, as S3 answers. */
    void getBucketTagging(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        Tagging tagging = tags(bucket.sysmeta());
        if (tagging.isEmpty()) {
            throw S3ErrorCode.NO_SUCH_TAG_SET.exception("The TagSet does not exist");
        }
        xml(request.exchange(), 200, tagging::write);
    }

    void putBucketTagging(S3Request request)
            throws IOException
    {
        ContainerInfo bucket = S3Api.requireBucket(service, request);
        Tagging tagging = read(request, Tagging.MAX_BUCKET_TAGS);
        S3Api.requireRoomForConfiguration(bucket, SYSMETA, tagging.encode());
        if (tagging.isEmpty()) {
            S3Api.removeConfiguration(service, request, SYSMETA);
        }
        else {
            S3Api.storeConfiguration(service, request, bucket, SYSMETA, tagging.encode());
        }
        request.exchange().noContent();
    }

    void deleteBucketTagging(S3Request request)
    {
        S3Api.requireBucket(service, request);
        S3Api.removeConfiguration(service, request, SYSMETA);
        request.exchange().noContent();
    }

    private static Tagging read(S3Request request, int maxTags)
            throws IOException
    {
        try (RequestPayload body = S3Api.document(request)) {
            return Tagging.parse(body, maxTags);
        }
    }

    // ---- tags of objects as they are written and read

    static Tagging tags(Map<String, String> sysmeta)
    {
        String stored = sysmeta.get(SYSMETA);
        return stored == null ? Tagging.empty() : Tagging.decode(stored);
    }

    /** The tags of {@code x-amz-tagging}, as sysmeta of a new object; InvalidTag past S3's limits. */
    static Map<String, String> fromHeader(S3Request request)
    {
        return request.header("x-amz-tagging")
                .map(header -> Tagging.fromHeader(header, Tagging.MAX_OBJECT_TAGS))
                .filter(tagging -> !tagging.isEmpty())
                .map(tagging -> Map.of(SYSMETA, tagging.encode()))
                .orElse(Map.of());
    }

    /** The tag entry of an object's sysmeta, to carry over to another object. */
    static Map<String, String> kept(Map<String, String> sysmeta)
    {
        String stored = sysmeta.get(SYSMETA);
        return stored == null ? Map.of() : Map.of(SYSMETA, stored);
    }

    /** A copy's tags: the source's (COPY, the default) or those of its own header (REPLACE). */
    static Map<String, String> forCopy(S3Request request, ObjectInfo source)
    {
        String directive = request.header("x-amz-tagging-directive").map(String::strip).orElse("COPY");
        return switch (directive) {
            case "COPY" -> kept(source.sysmeta());
            case "REPLACE" -> fromHeader(request);
            default -> throw S3ErrorCode.INVALID_ARGUMENT.exception("Unknown tagging directive.");
        };
    }

    /** {@code x-amz-tagging-count} on GetObject and HeadObject of an object with tags. */
    static void countHeader(Exchange exchange, ObjectInfo object)
    {
        Tagging tagging = tags(object.sysmeta());
        if (!tagging.isEmpty()) {
            exchange.header("x-amz-tagging-count", Integer.toString(tagging.tags().size()));
        }
    }
}
