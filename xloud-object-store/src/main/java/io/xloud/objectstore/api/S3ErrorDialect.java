package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.ErrorCode;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.http.Router;
import io.xloud.objectstore.s3.S3ErrorBody;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.service.ObjectErrorCode;

import java.util.Map;

/**
 * S3's error bodies, {@code <Error><Code/><Message/><Resource/><RequestId/></Error>}. The engine's and the
 * kernel's failures are turned into S3 codes by the handlers ({@link #toS3}), so that the status is S3's too;
 * what reaches this dialect unmapped (a route not found, a method not allowed) is mapped here.
 */
final class S3ErrorDialect
        implements ErrorDialect
{
    private final String pathPrefix;

    S3ErrorDialect(String pathPrefix)
    {
        this.pathPrefix = pathPrefix;
    }

    @Override
    public Body render(ErrorCode code, String message)
    {
        return render(code, message, "", "");
    }

    @Override
    public Body render(ErrorCode code, String message, String requestId, String rawPath)
    {
        return render(code, message, requestId, rawPath, Map.of());
    }

    @Override
    public Body render(ErrorCode code, String message, String requestId, String rawPath, Map<String, String> details)
    {
        S3ErrorCode s3 = S3ErrorCode.of(code);
        String resource = rawPath.startsWith(pathPrefix) ? rawPath.substring(pathPrefix.length()) : rawPath;
        resource = resource.isEmpty() ? "/" : Router.decode(resource);
        String text = code instanceof S3ErrorCode ? message : defaultMessage(s3, message);
        return new Body(S3ErrorBody.CONTENT_TYPE, S3ErrorBody.render(s3, text, resource, requestId, details));
    }

    /** An engine or kernel failure as S3 reports it, with S3's status and message; an S3 failure as it is. */
    static ApiException toS3(ApiException e)
    {
        if (e.code() instanceof S3ErrorCode) {
            return e;
        }
        S3ErrorCode code = e.code() instanceof ObjectErrorCode object ? of(object) : S3ErrorCode.of(e.code());
        return new ApiException(code, defaultMessage(code, e.getMessage()), e.headers(), e.details());
    }

    private static S3ErrorCode of(ObjectErrorCode code)
    {
        return switch (code) {
            case BAD_REQUEST, INVALID_METADATA, CONFLICT -> S3ErrorCode.INVALID_REQUEST;
            case INVALID_CONTAINER_NAME -> S3ErrorCode.INVALID_BUCKET_NAME;
            case INVALID_OBJECT_NAME, INVALID_VERSION_ID -> S3ErrorCode.INVALID_ARGUMENT;
            case NO_SUCH_VERSION -> S3ErrorCode.NO_SUCH_VERSION;
            case UNAUTHORIZED, FORBIDDEN -> S3ErrorCode.ACCESS_DENIED;
            case NO_SUCH_ACCOUNT, NO_SUCH_CONTAINER -> S3ErrorCode.NO_SUCH_BUCKET;
            case NO_SUCH_OBJECT -> S3ErrorCode.NO_SUCH_KEY;
            case METHOD_NOT_ALLOWED -> S3ErrorCode.METHOD_NOT_ALLOWED;
            case CONTAINER_NOT_EMPTY -> S3ErrorCode.BUCKET_NOT_EMPTY;
            case LENGTH_REQUIRED -> S3ErrorCode.MISSING_CONTENT_LENGTH;
            case PRECONDITION_FAILED -> S3ErrorCode.PRECONDITION_FAILED;
            case ENTITY_TOO_LARGE -> S3ErrorCode.ENTITY_TOO_LARGE;
            case QUOTA_EXCEEDED -> S3ErrorCode.QUOTA_EXCEEDED;
            case RANGE_NOT_SATISFIABLE -> S3ErrorCode.INVALID_RANGE;
            case CHECKSUM_MISMATCH -> S3ErrorCode.BAD_DIGEST;
            case INCOMPLETE_BODY -> S3ErrorCode.INCOMPLETE_BODY;
            case INTERNAL_ERROR -> S3ErrorCode.INTERNAL_ERROR;
            case NOT_IMPLEMENTED -> S3ErrorCode.NOT_IMPLEMENTED;
            case SERVICE_UNAVAILABLE -> S3ErrorCode.SERVICE_UNAVAILABLE;
            case INSUFFICIENT_STORAGE -> S3ErrorCode.INSUFFICIENT_STORAGE;
        };
    }

    /** S3's wording for the codes whose cause the engine words its own way. */
    private static String defaultMessage(S3ErrorCode code, String message)
    {
        return switch (code) {
            case NO_SUCH_BUCKET -> "The specified bucket does not exist";
            case NO_SUCH_KEY -> "The specified key does not exist.";
            case NO_SUCH_VERSION -> "The specified version does not exist.";
            case BUCKET_NOT_EMPTY -> "The bucket you tried to delete is not empty";
            case ENTITY_TOO_LARGE -> "Your proposed upload exceeds the maximum allowed size";
            case BAD_DIGEST -> "The Content-MD5 you specified did not match what we received.";
            case INCOMPLETE_BODY -> "You did not provide the number of bytes specified by the Content-Length HTTP header";
            case INSUFFICIENT_STORAGE -> "Insufficient storage to complete the request; nothing was stored.";
            case ACCESS_DENIED -> "Access Denied";
            case METHOD_NOT_ALLOWED -> "The specified method is not allowed against this resource.";
            case INTERNAL_ERROR -> "We encountered an internal error. Please try again.";
            case SLOW_DOWN -> "Please reduce your request rate.";
            default -> message;
        };
    }
}
