package io.xloud.objectstore.s3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The values listings hand back to clients: ListObjectsV2's opaque continuation token (the last name
 * listed, base64url) and keys under {@code encoding-type=url}.
 */
public final class ListingTokens
{
    private ListingTokens() {}

    public static String continuationToken(String lastName)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    /** The name a continuation token resumes after; InvalidArgument when it is not one this server issued. */
    public static String resumeAfter(String token)
    {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token.strip());
            String name = new String(bytes, StandardCharsets.UTF_8);
            if (!name.isEmpty() && java.util.Arrays.equals(name.getBytes(StandardCharsets.UTF_8), bytes)) {
                return name;
            }
        }
        catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw S3ErrorCode.INVALID_ARGUMENT.exception("The continuation token provided is incorrect");
    }

    /** A key as {@code encoding-type=url} lists it: percent-encoded UTF-8, '/' kept, readable by URL and form decoders alike. */
    public static String urlEncode(String key)
    {
        return SignatureV4.uriEncode(key.getBytes(StandardCharsets.UTF_8), true);
    }
}
