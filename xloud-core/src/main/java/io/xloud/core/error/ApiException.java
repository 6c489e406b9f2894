package io.xloud.core.error;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** The one exception services throw for a client-visible failure; the edge renders it in the service's dialect. */
public class ApiException
        extends RuntimeException
{
    private final ErrorCode code;
    private final Map<String, String> headers;
    private final Map<String, String> details;

    public ApiException(ErrorCode code, String message)
    {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, String> headers)
    {
        this(code, message, headers, Map.of());
    }

    /** @param details named fields a dialect may add to the body (S3's StringToSign, Region), in order */
    public ApiException(ErrorCode code, String message, Map<String, String> headers, Map<String, String> details)
    {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.headers = Map.copyOf(headers);
        this.details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    public ErrorCode code()
    {
        return code;
    }

    public int status()
    {
        return code.status();
    }

    /** Extra fields of the error body, for the dialects that carry them; empty for most failures. */
    public Map<String, String> details()
    {
        return details;
    }

    /** Extra response headers the failure needs, such as Retry-After or WWW-Authenticate. */
    public Map<String, String> headers()
    {
        return headers;
    }

    public static ApiException badRequest(String message)
    {
        return new ApiException(CoreErrorCode.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message)
    {
        return new ApiException(CoreErrorCode.NOT_FOUND, message);
    }

    public static ApiException conflict(String message)
    {
        return new ApiException(CoreErrorCode.CONFLICT, message);
    }

    public static ApiException forbidden(String message)
    {
        return new ApiException(CoreErrorCode.FORBIDDEN, message);
    }

    public static ApiException unauthorized(String message)
    {
        return new ApiException(CoreErrorCode.UNAUTHORIZED, message);
    }
}
