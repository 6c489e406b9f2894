package io.xloud.objectstore.s3;

import java.util.Locale;

/** How a request's body is covered by its signature, from {@code x-amz-content-sha256}. */
public enum PayloadMode
{
    /** {@code UNSIGNED-PAYLOAD}: the body is taken as sent. */
    UNSIGNED(false, false, false),
    /** A hex SHA-256 of the body, checked as the body streams. */
    SIGNED(false, false, false),
    /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}: aws-chunked, every chunk signed. */
    STREAMING_SIGNED(true, true, false),
    /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}: aws-chunked, chunks and trailers signed. */
    STREAMING_SIGNED_TRAILER(true, true, true),
    /** {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: aws-chunked, unsigned, a checksum in the trailer. */
    STREAMING_UNSIGNED_TRAILER(true, false, true);

    public static final String STREAMING_SIGNED_VALUE = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public static final String STREAMING_SIGNED_TRAILER_VALUE = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public static final String STREAMING_UNSIGNED_TRAILER_VALUE = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private final boolean chunked;
    private final boolean signedChunks;
    private final boolean trailer;

    PayloadMode(boolean chunked, boolean signedChunks, boolean trailer)
    {
        this.chunked = chunked;
        this.signedChunks = signedChunks;
        this.trailer = trailer;
    }

    public boolean chunked()
    {
        return chunked;
    }

    public boolean signedChunks()
    {
        return signedChunks;
    }

    public boolean trailer()
    {
        return trailer;
    }

    /** The mode an {@code x-amz-content-sha256} value names; InvalidArgument for anything else, NotImplemented for ECDSA. */
    public static PayloadMode of(String contentSha256)
    {
        return switch (contentSha256) {
            case SignatureV4.UNSIGNED_PAYLOAD -> UNSIGNED;
            case STREAMING_SIGNED_VALUE -> STREAMING_SIGNED;
            case STREAMING_SIGNED_TRAILER_VALUE -> STREAMING_SIGNED_TRAILER;
            case STREAMING_UNSIGNED_TRAILER_VALUE -> STREAMING_UNSIGNED_TRAILER;
            case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER" ->
                    throw S3ErrorCode.NOT_IMPLEMENTED.exception("SigV4a (ECDSA) signing is not supported.");
            default -> {
                if (isSha256Hex(contentSha256)) {
                    yield SIGNED;
                }
                throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                        + "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                        + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
            }
        };
    }

    static boolean isSha256Hex(String value)
    {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return value.equals(value.toLowerCase(Locale.ROOT)) || value.equals(value.toUpperCase(Locale.ROOT));
    }
}
