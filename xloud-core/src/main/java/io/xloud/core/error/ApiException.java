package io.xloud.core.error;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** The one exception services throw for a client-visible failure; the edge renders it in the service's dialect. */
public class ApiException
        extends RuntimeException
{
    private final ErrorCode code;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message)
    {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, String> headers)
    {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code()
    {
        return code;
    }

    public int status()
    {
        return code.status();
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
