package io.xloud.objectstore.s3;

import static java.util.Objects.requireNonNull;

/**
 * What a SigV4 signature covers, as the request arrived: the method, the path still percent-encoded,
 * the raw query string (empty when there is none) and the headers.
 */
public record SignedRequest(String method, String rawPath, String rawQuery, RequestHeaders headers)
{
    public SignedRequest
    {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(rawQuery, "rawQuery is null");
        requireNonNull(headers, "headers is null");
    }
}
