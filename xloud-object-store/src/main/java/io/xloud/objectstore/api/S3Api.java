package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.s3.AccessControlPolicy;
import io.xloud.objectstore.s3.RequestPayload;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.XmlWriter;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Tells each S3 request's operation (for its policy rule) and hands it to the resource that serves it;
 * turns the engine's failures into S3's. Shared helpers of the resources live here.
 */
final class S3Api
{
    /** The largest body of a request that is not an object or a part: DeleteObjects, CompleteMultipartUpload. */
    static final long MAX_DOCUMENT_BYTES = 8L * 1024 * 1024;

    private final ObjectService service;
    private final String pathPrefix;
    private final S3BucketResource buckets;
    private final S3ObjectResource objects;
    private final S3MultipartResource multipart;
    private final S3PostObject post;
    private final S3TaggingResource tagging;
    private final S3CorsResource cors;
    private final S3LifecycleResource lifecycle;
    private final S3ObjectVersions versions;

    S3Api(ObjectService service, String region, String pathPrefix)
    {
        this.service = requireNonNull(service, "service is null");
        this.pathPrefix = requireNonNull(pathPrefix, "pathPrefix is null");
        this.multipart = new S3MultipartResource(service);
        this.buckets = new S3BucketResource(service, region, multipart);
        this.objects = new S3ObjectResource(service);
        this.post = new S3PostObject(service);
        this.tagging = new S3TaggingResource(service);
        this.cors = new S3CorsResource(service, pathPrefix);
        this.lifecycle = new S3LifecycleResource(service, multipart);
        this.versions = new S3ObjectVersions(service);
    }

    /**
     * The policy target, once the caller is known: the project that owns the bucket addressed. A caller from that project
     * meets the operation's rule (its roles); a caller from elsewhere, or an anonymous one, meets {@link S3Policies#ACL_GRANT}
     * when the bucket's or the object's ACL grants the permission S3 maps the operation to, and is refused otherwise.
     */
    Map<String, Object> target(Exchange exchange)
    {
        S3Request request = S3Request.of(exchange, pathPrefix);
        S3Operation operation = S3Operation.of(exchange.method(), request.hasBucket(), request.hasKey(), exchange::hasQuery,
                exchange.header("x-amz-copy-source").isPresent(), exchange.attachment(S3PostObject.Form.class).isPresent());
        exchange.attach(S3Operation.class, operation);
        exchange.narrowPolicy(operation.rule());
        Optional<String> caller = request.caller();
        if (!request.hasBucket() || operation == S3Operation.CREATE_BUCKET) {
            return Map.of("project_id", caller.orElse(""));
        }
        Optional<ObjectService.Bucket> bucket = service.bucket(request.bucket());
        Optional<String> owner = bucket.map(ObjectService.Bucket::owner);
        if (owner.isEmpty() && caller.isPresent()) {
            // a container of the caller's that no account holds as a bucket yet becomes the caller's bucket
            owner = service.bucketOwner(caller.get(), request.bucket());
        }
        if (owner.isEmpty()) {
            // no such bucket: the handler answers NoSuchBucket to a caller whose rules let it ask
            return Map.of("project_id", caller.orElse(""));
        }
        String bucketOwner = owner.get();
        requireExpectedOwner(request.header("x-amz-expected-bucket-owner"), bucketOwner);
        boolean byAcl = !caller.equals(owner) || objectOwnedByAnother(request, operation, bucketOwner, caller);
        if (byAcl) {
            if (!allowedByAcl(request, operation, bucketOwner, caller)) {
                throw S3ErrorCode.ACCESS_DENIED.exception("Access Denied");
            }
            exchange.narrowPolicy(S3Policies.ACL_GRANT);
        }
        exchange.attach(S3Access.class, new S3Access(bucketOwner, byAcl, bucket.flatMap(ObjectService.Bucket::container)));
        return Map.of("project_id", bucketOwner);
    }

    /**
     * {@code x-amz-expected-bucket-owner} (and {@code x-amz-source-expected-bucket-owner} for a copy's source): a caller
     * that names the account it expects to own a bucket is refused, as AWS refuses it, when another account owns it.
     * Accounts are projects: a bucket's owner is its project's id, as in its {@code Owner} element.
     */
    static void requireExpectedOwner(Optional<String> expected, String bucketOwner)
    {
        if (expected.isPresent() && !expected.get().strip().equals(bucketOwner)) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Access Denied");
        }
    }

    /** Whether the bucket owner's request is about an object another project owns, so that the object's ACL decides. */
    private boolean objectOwnedByAnother(S3Request request, S3Operation operation, String bucketOwner, Optional<String> caller)
    {
        if (!operation.onExistingObject() || !request.hasKey()) {
            return false;
        }
        return aclSubject(request, bucketOwner)
                .map(object -> !caller.equals(Optional.of(objectAcl(object.sysmeta(), bucketOwner).owner())))
                .orElse(false);
    }

    /**
     * The version whose ACL decides a request on an object: the one its versionId names (each version keeps the ACL
     * it had), otherwise the current one. Empty when there is none; a malformed versionId is left to the operation.
     */
    private Optional<ObjectInfo> aclSubject(S3Request request, String bucketOwner)
    {
        ObjectPath path = new ObjectPath(bucketOwner, request.bucket(), request.key());
        Optional<String> versionId = request.query("versionId");
        if (versionId.isEmpty()) {
            return service.object(path);
        }
        try {
            return Optional.of(service.objectVersion(path, ObjectService.parseVersionId(versionId.get())));
        }
        catch (ApiException e) {
            return versionId.get().isEmpty() ? service.object(path) : Optional.empty();
        }
    }

    private boolean allowedByAcl(S3Request request, S3Operation operation, String bucketOwner, Optional<String> caller)
    {
        Optional<AccessControlPolicy.Permission> onObject = operation.objectPermission();
        if (operation.onExistingObject()) {
            Optional<ObjectInfo> object = aclSubject(request, bucketOwner);
            if (object.isPresent()) {
                AccessControlPolicy acl = objectAcl(object.get().sysmeta(), bucketOwner);
                if (caller.isPresent() && caller.get().equals(acl.owner())) {
                    return true;
                }
                return onObject.map(permission -> acl.allows(caller, permission)).orElse(false);
            }
            // a key that is not there: NoSuchKey to whoever may list the bucket, AccessDenied to others, as S3 answers
            return caller.equals(Optional.of(bucketOwner)) || bucketAcl(bucketOwner, request).allows(caller, AccessControlPolicy.Permission.READ);
        }
        return operation.bucketPermission().map(permission -> bucketAcl(bucketOwner, request).allows(caller, permission)).orElse(false);
    }

    private AccessControlPolicy bucketAcl(String bucketOwner, S3Request request)
    {
        return service.container(bucketOwner, request.bucket()).map(bucket -> bucketAcl(bucket, bucketOwner))
                .orElseGet(() -> AccessControlPolicy.ownerOnly(bucketOwner));
    }

    void handle(Exchange exchange)
            throws Exception
    {
        S3Request request = S3Request.of(exchange, pathPrefix);
        S3Operation operation = exchange.attachment(S3Operation.class).orElseThrow();
        try {
            if (request.hasBucket() && operation != S3Operation.CREATE_BUCKET) {
                if (exchange.attachment(S3Access.class).isEmpty()) {
                    requireOwnBucket(service, request.account(), request.bucket());
                }
                if (request.header("Origin").isPresent()) {
                    service.container(request.account(), request.bucket()).ifPresent(bucket -> S3CorsResource.actualRequest(request, bucket));
                }
            }
            boolean newObject = NEW_OBJECTS.contains(operation);
            if (newObject || operation == S3Operation.UPLOAD_PART || operation == S3Operation.UPLOAD_PART_COPY) {
                refuseUnsupportedWrite(name -> request.header(name).isPresent(), newObject);
            }
            switch (operation) {
                case LIST_BUCKETS -> buckets.listBuckets(request);
                case CREATE_BUCKET -> buckets.createBucket(request);
                case HEAD_BUCKET -> buckets.headBucket(request);
                case DELETE_BUCKET -> buckets.deleteBucket(request);
                case GET_BUCKET_LOCATION -> buckets.getBucketLocation(request);
                case GET_BUCKET_VERSIONING -> buckets.getBucketVersioning(request);
                case GET_BUCKET_OBJECT_LOCK_CONFIGURATION -> throw S3ErrorCode.OBJECT_LOCK_CONFIGURATION_NOT_FOUND.exception(
                        "Object Lock configuration does not exist for this bucket");
                case PUT_BUCKET_VERSIONING -> buckets.putBucketVersioning(request);
                case GET_BUCKET_ACL -> buckets.getBucketAcl(request);
                case PUT_BUCKET_ACL -> buckets.putBucketAcl(request);
                case LIST_OBJECTS -> buckets.listObjects(request, false);
                case LIST_OBJECTS_V2 -> buckets.listObjects(request, true);
                case LIST_OBJECT_VERSIONS -> versions.listObjectVersions(request);
                case DELETE_OBJECTS -> buckets.deleteObjects(request);
                case POST_OBJECT -> post.post(request, exchange.attachment(S3PostObject.Form.class).orElseThrow());
                case GET_OBJECT -> objects.getObject(request, false);
                case HEAD_OBJECT -> objects.getObject(request, true);
                case PUT_OBJECT -> objects.putObject(request);
                case COPY_OBJECT -> objects.copyObject(request);
                case DELETE_OBJECT -> objects.deleteObject(request);
                case GET_OBJECT_ACL -> objects.getObjectAcl(request);
                case PUT_OBJECT_ACL -> objects.putObjectAcl(request);
                case GET_OBJECT_TAGGING -> tagging.getObjectTagging(request);
                case PUT_OBJECT_TAGGING -> tagging.putObjectTagging(request);
                case DELETE_OBJECT_TAGGING -> tagging.deleteObjectTagging(request);
                case GET_OBJECT_RETENTION, PUT_OBJECT_RETENTION, GET_OBJECT_LEGAL_HOLD, PUT_OBJECT_LEGAL_HOLD -> throw missingObjectLock();
                case GET_BUCKET_TAGGING -> tagging.getBucketTagging(request);
                case PUT_BUCKET_TAGGING -> tagging.putBucketTagging(request);
                case DELETE_BUCKET_TAGGING -> tagging.deleteBucketTagging(request);
                case GET_BUCKET_CORS -> cors.getBucketCors(request);
                case PUT_BUCKET_CORS -> cors.putBucketCors(request);
                case DELETE_BUCKET_CORS -> cors.deleteBucketCors(request);
                case GET_BUCKET_LIFECYCLE -> lifecycle.getBucketLifecycle(request);
                case PUT_BUCKET_LIFECYCLE -> lifecycle.putBucketLifecycle(request);
                case DELETE_BUCKET_LIFECYCLE -> lifecycle.deleteBucketLifecycle(request);
                case CREATE_MULTIPART_UPLOAD -> multipart.createUpload(request);
                case UPLOAD_PART -> multipart.uploadPart(request);
                case UPLOAD_PART_COPY -> multipart.uploadPartCopy(request);
                case COMPLETE_MULTIPART_UPLOAD -> multipart.completeUpload(request);
                case ABORT_MULTIPART_UPLOAD -> multipart.abortUpload(request);
                case LIST_PARTS -> multipart.listParts(request);
                case LIST_MULTIPART_UPLOADS -> multipart.listUploads(request);
            }
        }
        catch (ApiException e) {
            throw S3ErrorDialect.toS3(e);
        }
    }

    // ---- helpers shared by the resources

    /**
     * Object Lock is not supported: no bucket has it (a request to create one is refused), so a write that asks to lock
     * its object, and a read or change of an object's retention or legal hold, get AWS's answer for a bucket without it,
     * rather than an object stored unlocked as if it were locked.
     */
    private static final Set<String> OBJECT_LOCK_HEADERS = Set.of("x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date",
            "x-amz-object-lock-legal-hold");
    private static final Set<S3Operation> NEW_OBJECTS = EnumSet.of(S3Operation.PUT_OBJECT, S3Operation.COPY_OBJECT,
            S3Operation.CREATE_MULTIPART_UPLOAD);

    /**
     * Server-side encryption is not supported: objects are stored as sent. A write that asks for it (SSE-S3, SSE-KMS,
     * or SSE-C with its own key) is refused rather than stored in the clear, as if encrypted.
     */
    private static final Set<String> ENCRYPTION_HEADERS = Set.of("x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-server-side-encryption-context", "x-amz-server-side-encryption-bucket-key-enabled",
            "x-amz-server-side-encryption-customer-algorithm", "x-amz-server-side-encryption-customer-key",
            "x-amz-server-side-encryption-customer-key-md5");

    /**
     * Refuses a write that asks for what is not supported: server-side encryption, an append, or (for a write that
     * makes a new object, not for a part) Object Lock. {@code present} tells whether a header, or a browser form's field, was sent.
     */
    static void refuseUnsupportedWrite(Predicate<String> present, boolean newObject)
    {
        if (newObject && OBJECT_LOCK_HEADERS.stream().anyMatch(present)) {
            throw missingObjectLock();
        }
        if (ENCRYPTION_HEADERS.stream().anyMatch(present)) {
            throw S3ErrorCode.NOT_IMPLEMENTED.exception("Server-side encryption is not supported by this server; the object was not stored.");
        }
        // an append (S3 has it for directory buckets): taken as a plain PutObject, it would replace what it meant to extend
        if (present.test("x-amz-write-offset-bytes")) {
            throw S3ErrorCode.NOT_IMPLEMENTED.exception("Appending to an object (x-amz-write-offset-bytes) is not supported by this server; nothing was written.");
        }
    }

    static ApiException missingObjectLock()
    {
        return S3ErrorCode.INVALID_REQUEST.exception("Bucket is missing Object Lock Configuration");
    }

    /** Streams an XML document as the response. */
    static void xml(Exchange exchange, int status, Consumer<XmlWriter> body)
            throws IOException
    {
        exchange.stream(status, "application/xml", -1, out -> {
            try (XmlWriter xml = new XmlWriter(out)) {
                body.accept(xml);
            }
        });
    }

    /** The body of a request that carries a small document, checked against its signature and digests as it is read. */
    static RequestPayload document(S3Request request)
    {
        return RequestPayload.open(request.exchange().bodyStream(MAX_DOCUMENT_BYTES * 2), request.signature(), request.headers());
    }

    /** Whether the request has a body at all (a length above zero, or chunked). */
    static boolean hasBody(S3Request request)
    {
        return request.header("Transfer-Encoding").isPresent()
                || request.header("Content-Length").map(length -> !length.strip().equals("0")).orElse(false);
    }

    /** Reads and checks a body whose content is ignored (a canned ACL sent as a document). */
    static void consume(S3Request request)
            throws IOException
    {
        if (hasBody(request)) {
            try (InputStream in = document(request)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    static ContainerInfo requireBucket(ObjectService service, S3Request request)
    {
        return service.container(request.account(), request.bucket())
                .filter(container -> io.xloud.objectstore.s3.BucketNames.isBucket(container.name()))
                .orElseThrow(() -> S3ErrorCode.NO_SUCH_BUCKET.exception("The specified bucket does not exist"));
    }

    /**
     * AccessDenied when the bucket name is another account's: bucket names are one namespace, and this server has no
     * grants to other accounts. A name no account holds is left to the handler (NoSuchBucket).
     */
    static void requireOwnBucket(ObjectService service, String account, String bucket)
    {
        if (!service.bucketOwner(account, bucket).map(account::equals).orElse(true)) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Access Denied");
        }
    }

    /** The most characters a bucket's S3 configurations (tags, CORS, lifecycle) may take together in its system metadata. */
    static final int MAX_CONFIGURATION_CHARS = 60_000;

    /** InvalidRequest when a configuration would not fit beside the bucket's others. */
    static void requireRoomForConfiguration(ContainerInfo bucket, String key, String value)
    {
        long others = bucket.sysmeta().entrySet().stream()
                .filter(entry -> !entry.getKey().equals(key))
                .mapToLong(entry -> entry.getKey().length() + entry.getValue().length() + 8)
                .sum();
        if (others + key.length() + value.length() > MAX_CONFIGURATION_CHARS) {
            throw S3ErrorCode.INVALID_REQUEST.exception("The bucket's configurations together would be larger than this server keeps ("
                    + MAX_CONFIGURATION_CHARS + " characters).");
        }
    }

    /** Keeps a bucket configuration (tags, CORS, lifecycle) under its system metadata key, if it fits beside the others. */
    static void storeConfiguration(ObjectService service, S3Request request, ContainerInfo bucket, String key, String value)
    {
        requireRoomForConfiguration(bucket, key, value);
        service.updateContainer(request.account(), request.bucket(), MetadataUpdate.none(), MetadataUpdate.set(Map.of(key, value)));
    }

    /** Removes a bucket configuration kept under its system metadata key. */
    static void removeConfiguration(ObjectService service, S3Request request, String key)
    {
        service.updateContainer(request.account(), request.bucket(), MetadataUpdate.none(), new MetadataUpdate(Map.of(), Set.of(key)));
    }

    // ---- access control lists

    /** The system metadata key of a bucket's or an object's ACL. */
    static final String ACL_SYSMETA = "s3.acl";

    /** A bucket's ACL: the one kept, or the owner's full control. */
    static AccessControlPolicy bucketAcl(ContainerInfo bucket, String owner)
    {
        String stored = bucket.sysmeta().get(ACL_SYSMETA);
        return stored == null ? AccessControlPolicy.ownerOnly(owner) : AccessControlPolicy.decode(stored);
    }

    /** An object's ACL: the one kept, or full control for the bucket's owner. */
    static AccessControlPolicy objectAcl(Map<String, String> sysmeta, String bucketOwner)
    {
        String stored = sysmeta.get(ACL_SYSMETA);
        return stored == null ? AccessControlPolicy.ownerOnly(bucketOwner) : AccessControlPolicy.decode(stored);
    }

    /**
     * A canonical user id that may be a grantee: a project the object store knows (one with an account or containers here),
     * or one of the two owners involved.
     */
    static boolean knownProject(ObjectService service, String owner, String id)
    {
        if (id.equals(owner)) {
            return true;
        }
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            return false;
        }
        io.xloud.objectstore.service.AccountInfo account = service.account(id);
        return account.createdAt() > 0 || account.containerCount() > 0;
    }

    /**
     * The ACL entry of a new object's sysmeta: that of its canned or grant headers; without them, the writer's full control
     * when the writer is not the bucket's owner (an anonymous writer's objects are the bucket owner's), else nothing (the
     * bucket owner's full control is the default).
     */
    static Map<String, String> newObjectAcl(ObjectService service, S3Request request)
    {
        return newObjectAcl(service, request, request::header);
    }

    /** The same, with the ACL named by {@code header} (a browser form's fields stand for headers). */
    static Map<String, String> newObjectAcl(ObjectService service, S3Request request, java.util.function.Function<String, Optional<String>> header)
    {
        String bucketOwner = request.account();
        String owner = request.caller().orElse(bucketOwner);
        Optional<AccessControlPolicy> acl = AccessControlPolicy.fromHeaders(header, owner, bucketOwner,
                id -> knownProject(service, owner, id) || id.equals(bucketOwner));
        if (acl.isEmpty() && !owner.equals(bucketOwner)) {
            acl = Optional.of(AccessControlPolicy.ownerOnly(owner));
        }
        return acl.map(policy -> Map.of(ACL_SYSMETA, policy.encode())).orElse(Map.of());
    }

    /**
     * The ACL a PutBucketAcl or PutObjectAcl sets: that of the canned or grant headers (the body then ignored), else
     * that of the body. The owner of a body's policy must be the resource's.
     */
    static AccessControlPolicy aclOfRequest(ObjectService service, S3Request request, String owner, String bucketOwner)
            throws IOException
    {
        Optional<AccessControlPolicy> fromHeaders = AccessControlPolicy.fromHeaders(request::header, owner, bucketOwner,
                id -> knownProject(service, owner, id));
        if (fromHeaders.isPresent()) {
            consume(request);
            return fromHeaders.get();
        }
        if (!hasBody(request)) {
            throw AccessControlPolicy.malformed();
        }
        AccessControlPolicy acl;
        try (InputStream in = document(request)) {
            acl = AccessControlPolicy.parse(in, id -> knownProject(service, owner, id));
        }
        if (!acl.owner().equals(owner)) {
            throw S3ErrorCode.ACCESS_DENIED.exception("Access Denied");
        }
        return acl;
    }

    /** A browser's CORS preflight: no credentials, answered from the bucket's rules. */
    void preflight(Exchange exchange)
    {
        cors.preflight(exchange);
    }

    static String quoted(String etag)
    {
        return "\"" + etag + "\"";
    }

    /** An owner element: the project stands for the bucket owner. */
    static void owner(XmlWriter xml, String element, String account)
    {
        xml.start(element).element("ID", account).element("DisplayName", account).end();
    }
}
