package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.objectstore.s3.AccessControlPolicy;
import io.xloud.objectstore.s3.ByteRange;
import io.xloud.objectstore.s3.ChecksumAlgorithm;
import io.xloud.objectstore.s3.MultipartUploads;
import io.xloud.objectstore.s3.PayloadMode;
import io.xloud.objectstore.s3.Preconditions;
import io.xloud.objectstore.s3.RequestPayload;
import io.xloud.objectstore.s3.S3Dates;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.VerifiedSignature;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.LargeObjectAssembler;
import io.xloud.objectstore.service.ObjectContent;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;
import io.xloud.objectstore.service.PutResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import static io.xloud.objectstore.api.S3Api.quoted;
import static io.xloud.objectstore.api.S3Api.xml;

/** Objects: Get/Head/Put/Copy/Delete, and the ACL stubs clients ask for. */
final class S3ObjectResource
{
    /** The largest object a single PUT may carry. */
    static final long MAX_PUT_SIZE = 5L * 1024 * 1024 * 1024;
    /** Sysmeta key prefix of the checksums a client sent with the object, base64 as on the wire. */
    static final String CHECKSUM_SYSMETA = "s3.checksum-";
    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    /** Request headers kept with the object and returned with it, as S3 keeps them. */
    static final List<String> STORED_HEADERS = List.of("cache-control", "content-disposition", "content-encoding", "content-language", "expires");
    private static final int MAX_METADATA_BYTES = 2048;
    private static final Map<String, String> RESPONSE_OVERRIDES = Map.of(
            "response-content-type", "Content-Type",
            "response-content-language", "Content-Language",
            "response-expires", "Expires",
            "response-cache-control", "Cache-Control",
            "response-content-disposition", "Content-Disposition",
            "response-content-encoding", "Content-Encoding");

    private final ObjectService service;
    private final LargeObjectAssembler assembler;

    S3ObjectResource(ObjectService service)
    {
        this.service = service;
        this.assembler = new LargeObjectAssembler(service);
    }

    // ---- read

    /**
     * GET or HEAD /{bucket}/{key}: one range at most, conditional headers, response-* overrides on GET. A Swift
     * large object (DLO or SLO) is served as the bytes of its segments, with its ETag as Swift gives it.
     */
    void getObject(S3Request request, boolean head)
            throws IOException
    {
        ObjectDownloads.readCurrent(request.exchange(), () -> getObjectOnce(request, head));
    }

    private void getObjectOnce(S3Request request, boolean head)
            throws IOException
    {
        ObjectInfo object = requireVersion(service, request, request.objectPath());
        refuseCustomerKey(request, "x-amz-server-side-encryption-customer-");
        versionHeader(request.exchange(), object, request.query("versionId").isPresent());
        boolean manifest = LargeObjectAssembler.isManifest(object);
        ObjectContent content = ObjectContent.of(object);
        String etag = object.etag();
        if (manifest) {
            // a bucket's objects are all the caller's project's: so are the segments a manifest names
            LargeObjectAssembler.Assembly assembly = assembler.assemble(object, LargeObjectAssembler.SegmentAccess.ANY);
            content = assembly.content();
            etag = assembly.etag();
        }
        long size = content.size();
        Instant lastModified = S3Dates.ofMicros(object.lastModified());
        Preconditions.checkRead(request.headers(), etag, lastModified);
        Optional<ByteRange> range = request.header("Range").flatMap(value -> ByteRange.parse(value, size));
        Exchange exchange = request.exchange();
        OptionalInt partNumber = request.query("partNumber").map(S3ObjectResource::partNumber).map(OptionalInt::of).orElse(OptionalInt.empty());
        if (partNumber.isPresent()) {
            if (request.header("Range").isPresent()) {
                throw S3ErrorCode.INVALID_REQUEST.exception("Cannot specify both Range header and partNumber query parameter");
            }
            range = partRange(object, size, partNumber.getAsInt(), exchange);
        }
        // the checksums are of the whole object: a range gets none, as from S3
        objectHeaders(exchange, object, range.isEmpty() && request.header("x-amz-checksum-mode").map("ENABLED"::equalsIgnoreCase).orElse(false));
        exchange.header("ETag", quoted(etag));
        String contentType = object.contentType();
        if (!head) {
            for (Map.Entry<String, String> override : RESPONSE_OVERRIDES.entrySet()) {
                Optional<String> value = request.query(override.getKey());
                if (value.isPresent()) {
                    if (override.getValue().equals("Content-Type")) {
                        contentType = value.get();
                    }
                    else {
                        exchange.header(override.getValue(), value.get());
                    }
                }
            }
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        int status = 200;
        if (range.isPresent()) {
            status = 206;
            exchange.header("Content-Range", range.get().contentRange(size));
        }
        if (head) {
            exchange.stream(status, contentType, length, out -> { });
            return;
        }
        InputStream body = manifest ? new SegmentInputStream(service, content.slice(offset, length)) : service.open(object, offset, length);
        exchange.stream(status, contentType, length, out -> {
            try (body) {
                body.transferTo(out);
            }
        });
    }

    private static int partNumber(String value)
    {
        return MultipartUploads.requirePartNumber(value.strip());
    }

    /**
     * The bytes of one part: of a multipart upload's object, the part as uploaded, with the count of parts in
     * {@code x-amz-mp-parts-count}; of any other object, part 1 is the whole. Empty for the part of an empty object.
     */
    private static Optional<ByteRange> partRange(ObjectInfo object, long size, int partNumber, Exchange exchange)
    {
        Optional<long[]> multipart = Optional.ofNullable(object.sysmeta().get(S3MultipartResource.PART_SIZES))
                .flatMap(MultipartUploads::decodePartSizes)
                .filter(sizes -> Arrays.stream(sizes).sum() == size);
        long[] sizes = multipart.orElse(new long[] {size});
        if (partNumber > sizes.length) {
            throw S3ErrorCode.INVALID_PART_NUMBER.exception("The requested partnumber is not satisfiable");
        }
        multipart.ifPresent(parts -> exchange.header("x-amz-mp-parts-count", Integer.toString(parts.length)));
        long first = 0;
        for (int i = 0; i < partNumber - 1; i++) {
            first += sizes[i];
        }
        long partSize = sizes[partNumber - 1];
        return partSize == 0 ? Optional.empty() : Optional.of(new ByteRange(first, first + partSize - 1));
    }

    static void objectHeaders(Exchange exchange, ObjectInfo object, boolean checksums)
    {
        exchange.header("ETag", quoted(object.etag()));
        exchange.header("Last-Modified", S3Dates.http(S3Dates.ofMicros(object.lastModified())));
        exchange.header("Accept-Ranges", "bytes");
        object.metadata().forEach((name, value) -> exchange.header("x-amz-meta-" + name, value));
        S3TaggingResource.countHeader(exchange, object);
        for (String name : STORED_HEADERS) {
            String value = object.headers().get(name);
            if (value != null) {
                exchange.header(name, value);
            }
        }
        if (checksums) {
            object.sysmeta().forEach((name, value) -> {
                if (name.startsWith(CHECKSUM_SYSMETA)) {
                    exchange.header("x-amz-checksum-" + name.substring(CHECKSUM_SYSMETA.length()), value);
                }
            });
        }
    }

    /** The object, or NoSuchBucket / NoSuchKey as the case is. */
    static ObjectInfo requireObject(ObjectService service, S3Request request, ObjectPath path)
    {
        Optional<ObjectInfo> object = service.object(path);
        if (object.isPresent()) {
            return object.get();
        }
        if (service.container(path.account(), path.container()).isEmpty()) {
            throw S3ErrorCode.NO_SUCH_BUCKET.exception("The specified bucket does not exist");
        }
        // a name whose latest version is a delete marker says so, as S3 does
        Optional<ObjectInfo> marker = service.latest(path).filter(ObjectInfo::deleteMarker);
        if (marker.isPresent()) {
            throw new ApiException(S3ErrorCode.NO_SUCH_KEY, "The specified key does not exist.",
                    Map.of("x-amz-delete-marker", "true", "x-amz-version-id", marker.get().versionIdText()));
        }
        throw S3ErrorCode.NO_SUCH_KEY.exception("The specified key does not exist.");
    }

    /**
     * The version the request's {@code versionId} names, or the current object without one. A delete marker named by
     * its id cannot be read: 405 MethodNotAllowed with {@code x-amz-delete-marker}, as S3 answers.
     */
    static ObjectInfo requireVersion(ObjectService service, S3Request request, ObjectPath path)
    {
        Optional<String> versionId = request.query("versionId");
        if (versionId.isEmpty()) {
            return requireObject(service, request, path);
        }
        ObjectInfo version = requireVersion(service, path, versionId.get());
        if (version.deleteMarker()) {
            throw new ApiException(S3ErrorCode.METHOD_NOT_ALLOWED, "The specified method is not allowed against this resource.",
                    Map.of("x-amz-delete-marker", "true", "x-amz-version-id", version.versionIdText(),
                            "Last-Modified", S3Dates.http(S3Dates.ofMicros(version.lastModified()))));
        }
        return version;
    }

    private static ObjectInfo requireVersion(ObjectService service, ObjectPath path, String versionId)
    {
        Optional<String> id = ObjectService.parseVersionId(versionId);
        if (service.container(path.account(), path.container()).isEmpty()) {
            throw S3ErrorCode.NO_SUCH_BUCKET.exception("The specified bucket does not exist");
        }
        return service.objectVersion(path, id);
    }

    /** {@code x-amz-version-id} of an object that has a version id, or of any version a request named. */
    static void versionHeader(Exchange exchange, ObjectInfo object, boolean named)
    {
        if (object.versionId().isPresent() || named) {
            exchange.header("x-amz-version-id", object.versionIdText());
        }
    }

    // ---- write

    /** PUT /{bucket}/{key}: the body streams into the engine through every check its headers and signature ask for. */
    void putObject(S3Request request)
            throws IOException
    {
        ObjectPath path = request.objectPath();
        Map<String, String> tags = new HashMap<>(S3Api.newObjectAcl(service, request));
        ObjectWrite.Builder write = newObject(request);
        tags.putAll(S3TaggingResource.fromHeader(request));
        conditionalWrite(service, request, path, write);
        try (RequestPayload body = openBody(request, MAX_PUT_SIZE, write, tags)) {
            // the container read with the bucket's owner: the write does not look it up again
            Optional<ContainerInfo> bucket = request.container();
            PutResult result = bucket.isPresent() ? service.putObject(bucket.get(), path, body, write.build()) : service.putObject(path, body, write.build());
            request.exchange().header("ETag", quoted(result.object().etag()));
            versionHeader(request.exchange(), result.object(), false);
            echoChecksums(request, body);
        }
        request.exchange().respond(200, null, null);
    }

    /**
     * A write with {@code If-None-Match} or {@code If-Match} (PutObject, CopyObject, CompleteMultipartUpload): refused at once when
     * the name's current object already fails it, and checked again at the commit, against concurrent writes.
     */
    static void conditionalWrite(ObjectService service, S3Request request, ObjectPath path, ObjectWrite.Builder write)
    {
        if (request.header("If-None-Match").isPresent() || request.header("If-Match").isPresent()) {
            ObjectWrite.CurrentCheck check = current -> Preconditions.checkWrite(request.headers(), current);
            check.check(service.object(path).map(ObjectInfo::etag));
            write.ifCurrent(check);
        }
    }

    /** The body of an object or a part, with its announced length checked before a byte is read. */
    static RequestPayload openBody(S3Request request, long maxSize, ObjectWrite.Builder write)
    {
        return openBody(request, maxSize, write, Map.of());
    }

    /** The same, for an object whose sysmeta starts with {@code sysmeta} (its tags). */
    static RequestPayload openBody(S3Request request, long maxSize, ObjectWrite.Builder write, Map<String, String> initialSysmeta)
    {
        VerifiedSignature signature = request.signature();
        OptionalLong declared = declaredLength(request, signature.payloadMode());
        if (declared.isPresent() && declared.getAsLong() > maxSize) {
            throw S3ErrorCode.ENTITY_TOO_LARGE.exception("Your proposed upload exceeds the maximum allowed size");
        }
        declared.ifPresent(write::expectedSize);
        write.maxSize(maxSize);
        // aws-chunked framing adds under 2% to the data: room for it, and no more
        long rawLimit = signature.payloadMode().chunked() ? maxSize + maxSize / 50 + (1 << 20) : maxSize;
        RequestPayload payload = RequestPayload.open(request.exchange().bodyStream(rawLimit), signature, request.headers());
        Map<String, String> sysmeta = new HashMap<>(initialSysmeta);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            request.header(algorithm.headerName()).ifPresent(value -> sysmeta.put(checksumKey(algorithm), value.strip()));
        }
        write.sysmeta(sysmeta);
        // a trailer's checksum, or one only asked for, is known once the body has been read and checked
        write.lateSysmeta(() -> checksumSysmeta(payload));
        return payload;
    }

    /** The decoded length the client announced: x-amz-decoded-content-length for aws-chunked, Content-Length otherwise. */
    static OptionalLong declaredLength(S3Request request, PayloadMode mode)
    {
        Optional<String> value = mode.chunked() ? request.header("x-amz-decoded-content-length") : request.header("Content-Length");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long length = Long.parseLong(value.get().strip());
            if (length >= 0) {
                return OptionalLong.of(length);
            }
        }
        catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("The announced content length is not a number.");
    }

    /** Content type, user metadata and the headers S3 keeps, from the request. */
    static ObjectWrite.Builder newObject(S3Request request)
    {
        return ObjectWrite.builder(request.header("Content-Type").filter(type -> !type.isBlank()).orElse(DEFAULT_CONTENT_TYPE))
                .metadata(userMetadata(request))
                .headers(storedHeaders(request));
    }

    static Map<String, String> userMetadata(S3Request request)
    {
        Map<String, String> metadata = new HashMap<>();
        int bytes = 0;
        for (Map.Entry<String, String> header : request.exchange().headersStartingWith("x-amz-meta-").entrySet()) {
            String name = header.getKey().substring("x-amz-meta-".length()).toLowerCase(Locale.ROOT);
            String value = header.getValue().strip();
            bytes += name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            metadata.put(name, value);
        }
        if (bytes > MAX_METADATA_BYTES) {
            throw S3ErrorCode.METADATA_TOO_LARGE.exception("Your metadata headers exceed the maximum allowed metadata size.");
        }
        return metadata;
    }

    static Map<String, String> storedHeaders(S3Request request)
    {
        Map<String, String> headers = new HashMap<>();
        for (String name : STORED_HEADERS) {
            request.header(name).map(String::strip).filter(value -> !value.isEmpty()).ifPresent(value -> headers.put(name, value));
        }
        // aws-chunked is how the body travelled, not how the object is encoded
        String encoding = headers.remove("content-encoding");
        if (encoding != null) {
            String kept = Arrays.stream(encoding.split(","))
                    .map(String::strip)
                    .filter(token -> !token.isEmpty() && !token.equalsIgnoreCase("aws-chunked"))
                    .collect(Collectors.joining(","));
            if (!kept.isEmpty()) {
                headers.put("content-encoding", kept);
            }
        }
        return headers;
    }

    /** The checksums of a body read to its end, as sysmeta. */
    static Map<String, String> checksumSysmeta(RequestPayload payload)
    {
        Map<String, String> sysmeta = new HashMap<>();
        payload.checksums().forEach((algorithm, value) -> sysmeta.put(checksumKey(algorithm), value));
        return sysmeta;
    }

    static String checksumKey(ChecksumAlgorithm algorithm)
    {
        return CHECKSUM_SYSMETA + algorithm.wireName().toLowerCase(Locale.ROOT);
    }

    /** Returns the checksums the client sent or asked for, as S3 echoes them. */
    static void echoChecksums(S3Request request, RequestPayload body)
    {
        body.checksums().forEach((algorithm, value) -> request.exchange().header(algorithm.headerName(), value));
    }

    // ---- copy

    /** PUT /{bucket}/{key} with x-amz-copy-source: metadata copied or replaced (x-amz-metadata-directive). */
    void copyObject(S3Request request)
            throws IOException
    {
        ObjectPath target = request.objectPath();
        Map<String, String> acl = S3Api.newObjectAcl(service, request);
        ObjectInfo source = copySource(service, request);
        // a large object is copied as the bytes it serves
        Optional<LargeObjectAssembler.Assembly> assembly = LargeObjectAssembler.isManifest(source)
                ? Optional.of(assembler.assemble(source, LargeObjectAssembler.SegmentAccess.ANY)) : Optional.empty();
        Preconditions.checkCopySource(request.headers(), assembly.map(LargeObjectAssembler.Assembly::etag).orElse(source.etag()),
                S3Dates.ofMicros(source.lastModified()));
        String directive = request.header("x-amz-metadata-directive").map(String::strip).orElse("COPY");
        ObjectWrite.Builder write;
        switch (directive) {
            case "COPY" -> {
                if (source.path().equals(target)) {
                    throw S3ErrorCode.INVALID_REQUEST.exception("This copy request is illegal because it is trying to copy an object to itself "
                            + "without changing the object's metadata, storage class, website redirect location or encryption attributes.");
                }
                write = ObjectWrite.builder(source.contentType()).metadata(source.metadata()).headers(source.headers());
            }
            case "REPLACE" -> write = newObject(request);
            default -> throw S3ErrorCode.INVALID_ARGUMENT.exception("Unknown metadata directive.");
        }
        Map<String, String> sysmeta = new HashMap<>(S3TaggingResource.forCopy(request, source));
        sysmeta.putAll(acl);
        source.sysmeta().forEach((name, value) -> {
            if (name.startsWith(CHECKSUM_SYSMETA)) {
                sysmeta.put(name, value);
            }
        });
        write.sysmeta(sysmeta).maxSize(MAX_PUT_SIZE);
        // If-None-Match and If-Match are about the destination (x-amz-copy-source-if-* about the source)
        conditionalWrite(service, request, target, write);
        PutResult result = assembly.isPresent()
                ? service.putObject(target, new SegmentInputStream(service, assembly.get().content()), write.expectedSize(assembly.get().content().size()).build())
                : service.copyObject(source, target, write.build());
        if (source.versionId().isPresent() || request.header("x-amz-copy-source").orElse("").contains("?versionId=")) {
            request.exchange().header("x-amz-copy-source-version-id", source.versionIdText());
        }
        versionHeader(request.exchange(), result.object(), false);
        xml(request.exchange(), 200, xml -> {
            xml.root("CopyObjectResult");
            xml.element("LastModified", S3Dates.iso(S3Dates.ofMicros(result.object().lastModified())));
            xml.element("ETag", quoted(result.object().etag()));
        });
    }

    /** The object named by x-amz-copy-source ({@code bucket/key}, URL-encoded, optionally {@code ?versionId=null}) in the caller's project. */
    static ObjectInfo copySource(ObjectService service, S3Request request)
    {
        String raw = request.header("x-amz-copy-source").orElseThrow().strip();
        int version = raw.indexOf("?versionId=");
        Optional<String> versionId = Optional.empty();
        if (version >= 0) {
            versionId = Optional.of(Router.decode(raw.substring(version + "?versionId=".length())));
            raw = raw.substring(0, version);
        }
        String source = Router.decode(raw);
        if (source.startsWith("/")) {
            source = source.substring(1);
        }
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }
        String key = source.substring(slash + 1);
        if (key.getBytes(StandardCharsets.UTF_8).length > S3Request.MAX_KEY_BYTES) {
            throw S3ErrorCode.KEY_TOO_LONG.exception("Your key is too long");
        }
        String sourceBucket = source.substring(0, slash);
        Optional<String> caller = request.caller();
        String owner = service.bucketOwner(sourceBucket)
                .or(() -> caller.flatMap(project -> service.bucketOwner(project, sourceBucket)))
                .orElse(caller.orElse(request.account()));
        S3Api.requireExpectedOwner(request.header("x-amz-source-expected-bucket-owner"), owner);
        ObjectPath path = new ObjectPath(owner, sourceBucket, key);
        Optional<ObjectInfo> object = service.object(path);
        // the source is read as GetObject reads it: by its owner, or by whom its ACL grants READ
        boolean readable = object.map(info -> {
            AccessControlPolicy acl = S3Api.objectAcl(info.sysmeta(), owner);
            return caller.equals(Optional.of(acl.owner())) || acl.allows(caller, AccessControlPolicy.Permission.READ);
        }).orElse(caller.equals(Optional.of(owner)));
        if (!readable) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Access Denied");
        }
        ObjectInfo found;
        if (versionId.isPresent()) {
            found = requireVersion(service, path, versionId.get());
            if (found.deleteMarker()) {
                throw S3ErrorCode.INVALID_REQUEST.exception("The source of a copy request may not specifically refer to a delete marker by version id.");
            }
        }
        else {
            found = requireObject(service, request, path);
        }
        refuseCustomerKey(request, "x-amz-copy-source-server-side-encryption-customer-");
        return found;
    }

    /**
     * A customer key (SSE-C) sent to read an object: no object here is stored under one (such writes are refused), so
     * it is refused as S3 refuses a key for an object that was not encrypted with one, rather than ignored.
     */
    private static void refuseCustomerKey(S3Request request, String prefix)
    {
        for (String suffix : List.of("algorithm", "key", "key-md5")) {
            if (request.header(prefix + suffix).isPresent()) {
                throw S3ErrorCode.INVALID_REQUEST.exception("The encryption parameters are not applicable to this object.");
            }
        }
    }

    // ---- delete

    /**
     * DELETE /{bucket}/{key}: 204 whether or not the key was there, as S3 answers. In a versioned bucket it writes a
     * delete marker; with {@code versionId} it removes that version for good.
     */
    void deleteObject(S3Request request)
    {
        ObjectPath path = request.objectPath();
        S3Api.requireBucket(service, request);
        for (String header : List.of("x-amz-if-match-last-modified-time", "x-amz-if-match-size")) {
            if (request.header(header).isPresent()) {
                throw S3ErrorCode.NOT_IMPLEMENTED.exception("A header you provided implies functionality that is not implemented: " + header);
            }
        }
        deleted(request.exchange(), delete(service, path, request.query("versionId"), request.header("If-Match")));
        request.exchange().noContent();
    }

    /** What a delete of a key, or of one version of it, removed or wrote. */
    record Deletion(Optional<String> versionId, boolean deleteMarker) {}

    /**
     * Deletes a key or one version of it; a key or version that is not there is no error, as in S3. With {@code ifMatch}
     * (an ETag, or {@code *}) the key's current object goes only when it matches, judged at the commit: 412
     * PreconditionFailed when it does not, and nothing changes (no delete marker either) when there is no object.
     */
    static Deletion delete(ObjectService service, ObjectPath path, Optional<String> versionId, Optional<String> ifMatch)
    {
        if (ifMatch.isPresent() && versionId.isPresent()) {
            // S3 judges a conditional delete against the current version only; what it means for a named version is not settled
            throw S3ErrorCode.NOT_IMPLEMENTED.exception("A conditional delete of a specific version is not implemented");
        }
        if (versionId.isPresent()) {
            Optional<String> id = ObjectService.parseVersionId(versionId.get());
            try {
                ObjectInfo removed = service.deleteVersion(path, id);
                return new Deletion(Optional.of(removed.versionIdText()), removed.deleteMarker());
            }
            catch (ApiException e) {
                if (e.code() != ObjectErrorCode.NO_SUCH_VERSION) {
                    throw e;
                }
                return new Deletion(Optional.of(versionId.get()), false);
            }
        }
        try {
            ObjectInfo result = service.deleteObject(path, ifMatch.map(expected -> current -> Preconditions.checkDelete(expected, current)));
            return result.deleteMarker() ? new Deletion(Optional.of(result.versionIdText()), true) : new Deletion(Optional.empty(), false);
        }
        catch (ApiException e) {
            if (e.code() != ObjectErrorCode.NO_SUCH_OBJECT) {
                throw e;
            }
            return new Deletion(Optional.empty(), false);
        }
    }

    private static void deleted(Exchange exchange, Deletion deletion)
    {
        if (deletion.deleteMarker()) {
            exchange.header("x-amz-delete-marker", "true");
        }
        deletion.versionId().ifPresent(id -> exchange.header("x-amz-version-id", id));
    }

    // ---- ACL

    void getObjectAcl(S3Request request)
            throws IOException
    {
        // a versionId reads that version's ACL, as it was when the version was overwritten
        ObjectInfo object = requireVersion(service, request, request.objectPath());
        versionHeader(request.exchange(), object, request.query("versionId").isPresent());
        AccessControlPolicy acl = S3Api.objectAcl(object.sysmeta(), request.account());
        xml(request.exchange(), 200, acl::write);
    }

    /** Sets the ACL of the object's current version, or of the version a versionId names; its owner stays, and its Last-Modified does not change. */
    void putObjectAcl(S3Request request)
            throws IOException
    {
        ObjectInfo object = requireVersion(service, request, request.objectPath());
        String owner = S3Api.objectAcl(object.sysmeta(), request.account()).owner();
        AccessControlPolicy acl = S3Api.aclOfRequest(service, request, owner, request.account());
        boolean bucketOwnerOnly = acl.equals(AccessControlPolicy.ownerOnly(request.account()));
        setSysmeta(service, request, object, S3Api.ACL_SYSMETA, bucketOwnerOnly ? Optional.empty() : Optional.of(acl.encode()));
        request.exchange().respond(200, null, null);
    }

    /**
     * Sets or removes one sysmeta entry (the tags, the ACL) of the current version, or with a versionId of that version
     * (an older one keeps its own), which the response then names.
     */
    static void setSysmeta(ObjectService service, S3Request request, ObjectInfo object, String key, Optional<String> value)
    {
        if (request.query("versionId").isPresent()) {
            service.updateVersionSysmeta(request.objectPath(), object.versionId(), key, value);
            versionHeader(request.exchange(), object, true);
        }
        else {
            service.updateSysmeta(request.objectPath(), key, value);
        }
    }
}
