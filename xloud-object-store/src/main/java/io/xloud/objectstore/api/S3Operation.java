package io.xloud.objectstore.api;

import io.xloud.objectstore.s3.AccessControlPolicy;
import io.xloud.objectstore.s3.S3ErrorCode;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The S3 operations served, each with its policy rule. S3 names an operation by method, by whether a bucket
 * and a key are given, and by its query sub-resources ({@code ?uploads}, {@code ?delete}, ...), so the kernel
 * routes by path alone and {@link #of} tells the operation; the route's rule is narrowed to the operation's.
 */
enum S3Operation
{
    LIST_BUCKETS("list_buckets"),

    CREATE_BUCKET("create_bucket"),
    HEAD_BUCKET("head_bucket"),
    DELETE_BUCKET("delete_bucket"),
    GET_BUCKET_LOCATION("get_bucket_location"),
    GET_BUCKET_VERSIONING("get_bucket_versioning"),
    GET_BUCKET_OBJECT_LOCK_CONFIGURATION("get_bucket_object_lock_configuration"),
    PUT_BUCKET_VERSIONING("put_bucket_versioning"),
    GET_BUCKET_ACL("get_bucket_acl"),
    PUT_BUCKET_ACL("put_bucket_acl"),
    GET_BUCKET_TAGGING("get_bucket_tagging"),
    PUT_BUCKET_TAGGING("put_bucket_tagging"),
    DELETE_BUCKET_TAGGING("delete_bucket_tagging"),
    GET_BUCKET_CORS("get_bucket_cors"),
    PUT_BUCKET_CORS("put_bucket_cors"),
    DELETE_BUCKET_CORS("delete_bucket_cors"),
    GET_BUCKET_LIFECYCLE("get_bucket_lifecycle"),
    PUT_BUCKET_LIFECYCLE("put_bucket_lifecycle"),
    DELETE_BUCKET_LIFECYCLE("delete_bucket_lifecycle"),
    LIST_OBJECTS("list_objects"),
    LIST_OBJECTS_V2("list_objects"),
    LIST_OBJECT_VERSIONS("list_objects"),
    LIST_MULTIPART_UPLOADS("list_multipart_uploads"),
    DELETE_OBJECTS("delete_object"),
    POST_OBJECT("put_object"),

    GET_OBJECT("get_object"),
    HEAD_OBJECT("get_object"),
    PUT_OBJECT("put_object"),
    COPY_OBJECT("put_object"),
    DELETE_OBJECT("delete_object"),
    GET_OBJECT_ACL("get_object_acl"),
    PUT_OBJECT_ACL("put_object_acl"),
    GET_OBJECT_TAGGING("get_object_tagging"),
    PUT_OBJECT_TAGGING("put_object_tagging"),
    DELETE_OBJECT_TAGGING("delete_object_tagging"),
    GET_OBJECT_RETENTION("get_object_retention"),
    PUT_OBJECT_RETENTION("put_object_retention"),
    GET_OBJECT_LEGAL_HOLD("get_object_legal_hold"),
    PUT_OBJECT_LEGAL_HOLD("put_object_legal_hold"),

    CREATE_MULTIPART_UPLOAD("put_object"),
    UPLOAD_PART("put_object"),
    UPLOAD_PART_COPY("put_object"),
    COMPLETE_MULTIPART_UPLOAD("put_object"),
    ABORT_MULTIPART_UPLOAD("put_object"),
    LIST_PARTS("list_multipart_uploads");

    /** Bucket sub-resources S3 has and this server does not serve. */
    private static final Set<String> UNSUPPORTED_BUCKET = Set.of("accelerate", "analytics", "encryption", "intelligent-tiering",
            "inventory", "logging", "metrics", "notification", "object-lock", "ownershipControls", "policy", "policyStatus",
            "publicAccessBlock", "replication", "requestPayment", "website", "versions");
    private static final Set<String> UNSUPPORTED_OBJECT = Set.of("attributes", "restore", "select", "torrent");

    private final String rule;

    S3Operation(String rule)
    {
        this.rule = "object_store:s3:" + rule;
    }

    String rule()
    {
        return rule;
    }

    /** The permission of a bucket's ACL that lets a caller other than its owner do this, as S3 maps them; empty when only the owner may. */
    Optional<AccessControlPolicy.Permission> bucketPermission()
    {
        return Optional.ofNullable(switch (this) {
            case HEAD_BUCKET, LIST_OBJECTS, LIST_OBJECTS_V2, LIST_OBJECT_VERSIONS, LIST_MULTIPART_UPLOADS -> AccessControlPolicy.Permission.READ;
            case PUT_OBJECT, POST_OBJECT, COPY_OBJECT, DELETE_OBJECT, DELETE_OBJECTS, CREATE_MULTIPART_UPLOAD, UPLOAD_PART, UPLOAD_PART_COPY,
                 COMPLETE_MULTIPART_UPLOAD, ABORT_MULTIPART_UPLOAD, LIST_PARTS -> AccessControlPolicy.Permission.WRITE;
            case GET_BUCKET_ACL -> AccessControlPolicy.Permission.READ_ACP;
            case PUT_BUCKET_ACL -> AccessControlPolicy.Permission.WRITE_ACP;
            default -> null;
        });
    }

    /** The permission of an object's ACL that lets a caller other than its owner do this; empty for operations not on one object's ACL. */
    Optional<AccessControlPolicy.Permission> objectPermission()
    {
        return Optional.ofNullable(switch (this) {
            case GET_OBJECT, HEAD_OBJECT -> AccessControlPolicy.Permission.READ;
            case GET_OBJECT_ACL -> AccessControlPolicy.Permission.READ_ACP;
            case PUT_OBJECT_ACL -> AccessControlPolicy.Permission.WRITE_ACP;
            default -> null;
        });
    }

    /** Whether the operation reads or changes one existing object (its owner may differ from the bucket's). */
    boolean onExistingObject()
    {
        return objectPermission().isPresent() || this == GET_OBJECT_TAGGING || this == PUT_OBJECT_TAGGING || this == DELETE_OBJECT_TAGGING;
    }

    /**
     * The operation a request asks for.
     *
     * @param has whether the query carries a parameter
     * @param form whether the request is a browser upload whose form authenticated it
     */
    static S3Operation of(String method, boolean bucket, boolean key, Predicate<String> has, boolean copySource, boolean form)
    {
        if (!bucket) {
            return switch (method) {
                case "GET", "HEAD" -> LIST_BUCKETS;
                default -> throw notAllowed();
            };
        }
        if (!key) {
            if (method.equals("GET") && has.test("versions")) {
                return LIST_OBJECT_VERSIONS;
            }
            // no bucket here has Object Lock: reading its configuration is answered as for such a bucket on AWS
            if (method.equals("GET") && has.test("object-lock")) {
                return GET_BUCKET_OBJECT_LOCK_CONFIGURATION;
            }
            unsupported(has, UNSUPPORTED_BUCKET);
            return switch (method) {
                case "GET" -> {
                    if (has.test("location")) {
                        yield GET_BUCKET_LOCATION;
                    }
                    if (has.test("versioning")) {
                        yield GET_BUCKET_VERSIONING;
                    }
                    if (has.test("acl")) {
                        yield GET_BUCKET_ACL;
                    }
                    if (has.test("tagging")) {
                        yield GET_BUCKET_TAGGING;
                    }
                    if (has.test("cors")) {
                        yield GET_BUCKET_CORS;
                    }
                    if (has.test("lifecycle")) {
                        yield GET_BUCKET_LIFECYCLE;
                    }
                    if (has.test("uploads")) {
                        yield LIST_MULTIPART_UPLOADS;
                    }
                    yield has.test("list-type") ? LIST_OBJECTS_V2 : LIST_OBJECTS;
                }
                case "HEAD" -> HEAD_BUCKET;
                case "PUT" -> {
                    if (has.test("acl")) {
                        yield PUT_BUCKET_ACL;
                    }
                    if (has.test("tagging")) {
                        yield PUT_BUCKET_TAGGING;
                    }
                    if (has.test("cors")) {
                        yield PUT_BUCKET_CORS;
                    }
                    if (has.test("lifecycle")) {
                        yield PUT_BUCKET_LIFECYCLE;
                    }
                    if (has.test("versioning")) {
                        yield PUT_BUCKET_VERSIONING;
                    }
                    yield CREATE_BUCKET;
                }
                case "DELETE" -> {
                    if (has.test("tagging")) {
                        yield DELETE_BUCKET_TAGGING;
                    }
                    if (has.test("cors")) {
                        yield DELETE_BUCKET_CORS;
                    }
                    if (has.test("lifecycle")) {
                        yield DELETE_BUCKET_LIFECYCLE;
                    }
                    yield DELETE_BUCKET;
                }
                case "POST" -> {
                    if (has.test("delete")) {
                        yield DELETE_OBJECTS;
                    }
                    if (form) {
                        yield POST_OBJECT;
                    }
                    throw S3ErrorCode.MALFORMED_POST_REQUEST.exception("The body of your POST request is not well-formed multipart/form-data.");
                }
                default -> throw notAllowed();
            };
        }
        unsupported(has, UNSUPPORTED_OBJECT);
        if (has.test("retention") || has.test("legal-hold")) {
            boolean retention = has.test("retention");
            return switch (method) {
                case "GET" -> retention ? GET_OBJECT_RETENTION : GET_OBJECT_LEGAL_HOLD;
                case "PUT" -> retention ? PUT_OBJECT_RETENTION : PUT_OBJECT_LEGAL_HOLD;
                default -> throw notAllowed();
            };
        }
        return switch (method) {
            case "GET" -> {
                if (has.test("uploadId")) {
                    yield LIST_PARTS;
                }
                if (has.test("acl")) {
                    yield GET_OBJECT_ACL;
                }
                yield has.test("tagging") ? GET_OBJECT_TAGGING : GET_OBJECT;
            }
            case "HEAD" -> HEAD_OBJECT;
            case "PUT" -> {
                if (has.test("tagging")) {
                    yield PUT_OBJECT_TAGGING;
                }
                if (has.test("acl")) {
                    yield PUT_OBJECT_ACL;
                }
                if (has.test("uploadId") || has.test("partNumber")) {
                    yield copySource ? UPLOAD_PART_COPY : UPLOAD_PART;
                }
                yield copySource ? COPY_OBJECT : PUT_OBJECT;
            }
            case "POST" -> {
                if (has.test("uploads")) {
                    yield CREATE_MULTIPART_UPLOAD;
                }
                if (has.test("uploadId")) {
                    yield COMPLETE_MULTIPART_UPLOAD;
                }
                throw notAllowed();
            }
            case "DELETE" -> {
                if (has.test("tagging")) {
                    yield DELETE_OBJECT_TAGGING;
                }
                yield has.test("uploadId") ? ABORT_MULTIPART_UPLOAD : DELETE_OBJECT;
            }
            default -> throw notAllowed();
        };
    }

    private static void unsupported(Predicate<String> has, Set<String> subresources)
    {
        for (String subresource : subresources) {
            if (has.test(subresource)) {
                throw S3ErrorCode.NOT_IMPLEMENTED.exception("The " + subresource + " sub-resource is not supported.");
            }
        }
    }

    private static RuntimeException notAllowed()
    {
        return S3ErrorCode.METHOD_NOT_ALLOWED.exception("The specified method is not allowed against this resource.");
    }
}
