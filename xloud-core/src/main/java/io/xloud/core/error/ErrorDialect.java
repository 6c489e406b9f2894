package io.xloud.core.error;

/** How one service writes an error body: Keystone JSON, Nova JSON, Neutron JSON, Swift text, S3 XML. */
public interface ErrorDialect
{
    record Body(String contentType, byte[] bytes) {}

    Body render(ErrorCode code, String message);

    /** The body with what some dialects also name: the request id and the path (S3's RequestId and Resource). */
    default Body render(ErrorCode code, String message, String requestId, String rawPath)
    {
        return render(code, message);
    }

    /** The body with the failure's extra fields ({@link ApiException#details()}), for the dialects that name them. */
    default Body render(ErrorCode code, String message, String requestId, String rawPath, java.util.Map<String, String> details)
    {
        return render(code, message, requestId, rawPath);
    }
}
