package io.xloud.objectstore.s3;

import static java.util.Objects.requireNonNull;

/**
 * The chain of aws-chunked signatures: each chunk's signature covers the hash of its data and the
 * signature before it, starting from the request's seed signature; the trailer's covers the final
 * chunk's. Used to check chunks as they arrive and, in tests, to sign them.
 */
public final class ChunkSigner
{
    private final byte[] signingKey;
    private final String timestamp;
    private final String scope;
    private String previous;

    public ChunkSigner(byte[] signingKey, String timestamp, CredentialScope scope, String seedSignature)
    {
        this.signingKey = requireNonNull(signingKey, "signingKey is null").clone();
        this.timestamp = requireNonNull(timestamp, "timestamp is null");
        this.scope = requireNonNull(scope, "scope is null").toString();
        this.previous = requireNonNull(seedSignature, "seedSignature is null");
    }

    /** The signature of the next chunk, given the SHA-256 of its data; it becomes the previous signature. */
    public String signChunk(byte[] chunkSha256)
    {
        String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + timestamp + '\n' + scope + '\n' + previous + '\n'
                + SignatureV4.EMPTY_SHA256 + '\n' + SignatureV4.hex(chunkSha256);
        previous = SignatureV4.sign(signingKey, stringToSign);
        return previous;
    }

    /** The signature of the trailer, given the SHA-256 of its canonical form ({@code name:value\n} per trailer). */
    public String signTrailer(byte[] trailerSha256)
    {
        String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + timestamp + '\n' + scope + '\n' + previous + '\n'
                + SignatureV4.hex(trailerSha256);
        return SignatureV4.sign(signingKey, stringToSign);
    }
}
