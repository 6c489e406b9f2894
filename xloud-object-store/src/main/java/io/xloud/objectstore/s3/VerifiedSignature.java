package io.xloud.objectstore.s3;

import static java.util.Objects.requireNonNull;

/**
 * A request whose SigV4 signature checked out: who signed it, and what its body still has to prove
 * (the payload hash it declared and, for aws-chunked bodies, the chain its chunks continue).
 */
public record VerifiedSignature(
        S3Secret secret,
        CredentialScope scope,
        String timestamp,
        String signature,
        byte[] signingKey,
        String payloadHash,
        PayloadMode payloadMode,
        boolean presigned)
{
    public VerifiedSignature
    {
        requireNonNull(secret, "secret is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(signature, "signature is null");
        signingKey = requireNonNull(signingKey, "signingKey is null").clone();
        requireNonNull(payloadHash, "payloadHash is null");
        requireNonNull(payloadMode, "payloadMode is null");
    }

    /**
     * A request signed with Signature Version 2, which covers no body: it reads as an unsigned payload, its
     * Content-MD5 still checked. It has no signing key and no credential scope but its day.
     */
    public static VerifiedSignature signatureV2(S3Secret secret, String timestamp, String signature, boolean presigned)
    {
        return new VerifiedSignature(secret, new CredentialScope(timestamp.substring(0, 8), "", SignatureV4Verifier.SERVICE), timestamp, signature,
                new byte[0], SignatureV4.UNSIGNED_PAYLOAD, PayloadMode.UNSIGNED, presigned);
    }

    @Override
    public byte[] signingKey()
    {
        return signingKey.clone();
    }

    /** A fresh chain of chunk signatures seeded with this request's signature. */
    public ChunkSigner chunkSigner()
    {
        return new ChunkSigner(signingKey, timestamp, scope, signature);
    }

    /** Keeps the key out of logs. */
    @Override
    public String toString()
    {
        return "VerifiedSignature[access=" + secret.access() + ", scope=" + scope + ", timestamp=" + timestamp
                + ", payloadMode=" + payloadMode + ", presigned=" + presigned + "]";
    }
}
