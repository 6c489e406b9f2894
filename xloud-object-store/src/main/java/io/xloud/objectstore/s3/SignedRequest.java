package io.xloud.objectstore.s3;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a SigV4 signature covers, as the request arrived: the method, the path still percent-encoded,
 * the raw query string (empty when there is none) and the headers; and the query's parameters, decoded once
 * for every check that reads them (a presigned URL's were decoded five times a request).
 */
public record SignedRequest(String method, String rawPath, String rawQuery, RequestHeaders headers, List<Map.Entry<String, String>> parameters)
{
    public SignedRequest
    {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(rawQuery, "rawQuery is null");
        requireNonNull(headers, "headers is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    public SignedRequest(String method, String rawPath, String rawQuery, RequestHeaders headers)
    {
        this(method, rawPath, rawQuery, headers, SignatureV4.parseQuery(requireNonNull(rawQuery, "rawQuery is null")));
    }

    /** The first value of a query parameter, decoded. */
    public Optional<String> parameter(String name)
    {
        for (Map.Entry<String, String> parameter : parameters) {
            if (parameter.getKey().equals(name)) {
                return Optional.of(parameter.getValue());
            }
        }
        return Optional.empty();
    }
}
