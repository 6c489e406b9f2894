package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.error.ErrorCode;

/**
 * S3's error codes with the HTTP status AWS gives each; {@link #title()} is the wire {@code <Code>}.
 * The kernel's own failures (routing, rate limit, size limit) are mapped by {@link #of(ErrorCode)}.
 */
public enum S3ErrorCode
        implements ErrorCode
{
    ACCESS_DENIED(403, "AccessDenied"),
    /** A CORS preflight that no rule allows. */
    ACCESS_FORBIDDEN(403, "AccessForbidden"),
    AUTHORIZATION_HEADER_MALFORMED(400, "AuthorizationHeaderMalformed"),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR(400, "AuthorizationQueryParametersError"),
    BAD_REQUEST(400, "BadRequest"),
    BAD_DIGEST(400, "BadDigest"),
    BUCKET_ALREADY_EXISTS(409, "BucketAlreadyExists"),
    BUCKET_ALREADY_OWNED_BY_YOU(409, "BucketAlreadyOwnedByYou"),
    BUCKET_NOT_EMPTY(409, "BucketNotEmpty"),
    ENTITY_TOO_LARGE(400, "EntityTooLarge"),
    ENTITY_TOO_SMALL(400, "EntityTooSmall"),
    INCOMPLETE_BODY(400, "IncompleteBody"),
    INSUFFICIENT_STORAGE(507, "InsufficientStorage"),
    INTERNAL_ERROR(500, "InternalError"),
    INVALID_ACCESS_KEY_ID(403, "InvalidAccessKeyId"),
    INVALID_ARGUMENT(400, "InvalidArgument"),
    INVALID_BUCKET_NAME(400, "InvalidBucketName"),
    INVALID_DIGEST(400, "InvalidDigest"),
    INVALID_LOCATION_CONSTRAINT(400, "InvalidLocationConstraint"),
    INVALID_PART(400, "InvalidPart"),
    INVALID_POLICY_DOCUMENT(400, "InvalidPolicyDocument"),
    INVALID_PART_ORDER(400, "InvalidPartOrder"),
    INVALID_PART_NUMBER(416, "InvalidPartNumber"),
    INVALID_RANGE(416, "InvalidRange"),
    INVALID_REQUEST(400, "InvalidRequest"),
    INVALID_STORAGE_CLASS(400, "InvalidStorageClass"),
    INVALID_TAG(400, "InvalidTag"),
    KEY_TOO_LONG(400, "KeyTooLongError"),
    MALFORMED_ACL(400, "MalformedACLError"),
    MALFORMED_POST_REQUEST(400, "MalformedPOSTRequest"),
    MALFORMED_XML(400, "MalformedXML"),
    METADATA_TOO_LARGE(400, "MetadataTooLarge"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
    MISSING_CONTENT_LENGTH(411, "MissingContentLength"),
    MISSING_REQUEST_BODY(400, "MissingRequestBodyError"),
    MISSING_SECURITY_HEADER(400, "MissingSecurityHeader"),
    NO_SUCH_BUCKET(404, "NoSuchBucket"),
    NO_SUCH_CORS_CONFIGURATION(404, "NoSuchCORSConfiguration"),
    NO_SUCH_KEY(404, "NoSuchKey"),
    NO_SUCH_LIFECYCLE_CONFIGURATION(404, "NoSuchLifecycleConfiguration"),
    NO_SUCH_TAG_SET(404, "NoSuchTagSet"),
    NO_SUCH_UPLOAD(404, "NoSuchUpload"),
    NO_SUCH_VERSION(404, "NoSuchVersion"),
    NOT_IMPLEMENTED(501, "NotImplemented"),
    NOT_MODIFIED(304, "NotModified"),
    OBJECT_LOCK_CONFIGURATION_NOT_FOUND(404, "ObjectLockConfigurationNotFoundError"),
    PRECONDITION_FAILED(412, "PreconditionFailed"),
    /** Not one of AWS's (S3 has no quotas): Ceph's name for a write past an account or bucket quota. */
    QUOTA_EXCEEDED(403, "QuotaExceeded"),
    REQUEST_TIME_TOO_SKEWED(403, "RequestTimeTooSkewed"),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable"),
    SIGNATURE_DOES_NOT_MATCH(403, "SignatureDoesNotMatch"),
    SLOW_DOWN(503, "SlowDown"),
    X_AMZ_CONTENT_SHA256_MISMATCH(400, "XAmzContentSHA256Mismatch");

    private final int status;
    private final String code;

    S3ErrorCode(int status, String code)
    {
        this.status = status;
        this.code = code;
    }

    @Override
    public int status()
    {
        return status;
    }

    /** The wire code, e.g. {@code NoSuchKey}. */
    @Override
    public String title()
    {
        return code;
    }

    /** The exception that ends a request with this code. */
    public ApiException exception(String message)
    {
        return new ApiException(this, message);
    }

    /** The exception with extra elements of the error body, e.g. {@code Region} or {@code StringToSign}, in order. */
    public ApiException exception(String message, java.util.Map<String, String> details)
    {
        return new ApiException(this, message, java.util.Map.of(), details);
    }

    /** The S3 code for any error a request can end in, the kernel's included. */
    public static S3ErrorCode of(ErrorCode code)
    {
        if (code instanceof S3ErrorCode s3) {
            return s3;
        }
        if (code instanceof CoreErrorCode core) {
            return switch (core) {
                case BAD_REQUEST, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE, CONFLICT, GONE -> INVALID_REQUEST;
                case UNAUTHORIZED, FORBIDDEN -> ACCESS_DENIED;
                case NOT_FOUND -> NO_SUCH_KEY;
                case METHOD_NOT_ALLOWED -> METHOD_NOT_ALLOWED;
                case PRECONDITION_FAILED -> PRECONDITION_FAILED;
                case PAYLOAD_TOO_LARGE -> ENTITY_TOO_LARGE;
                case TOO_MANY_REQUESTS -> SLOW_DOWN;
                case INTERNAL_ERROR -> INTERNAL_ERROR;
                case NOT_IMPLEMENTED -> NOT_IMPLEMENTED;
                case SERVICE_UNAVAILABLE -> SERVICE_UNAVAILABLE;
            };
        }
        return switch (code.status()) {
            case 400 -> INVALID_REQUEST;
            case 401, 403 -> ACCESS_DENIED;
            case 404 -> NO_SUCH_KEY;
            case 405 -> METHOD_NOT_ALLOWED;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> ENTITY_TOO_LARGE;
            case 416 -> INVALID_RANGE;
            case 429 -> SLOW_DOWN;
            case 501 -> NOT_IMPLEMENTED;
            case 503 -> SERVICE_UNAVAILABLE;
            case 507 -> INSUFFICIENT_STORAGE;
            default -> INTERNAL_ERROR;
        };
    }
}
