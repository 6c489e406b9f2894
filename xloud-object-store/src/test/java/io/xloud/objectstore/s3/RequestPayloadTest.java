package io.xloud.objectstore.s3;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import static io.xloud.objectstore.s3.SignatureV4VerifierTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

class RequestPayloadTest
{
    private static final byte[] BODY = "Welcome to Amazon S3.".getBytes(StandardCharsets.US_ASCII);
    private static final String BODY_SHA256 = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";

    private static RequestPayload open(byte[] body, PayloadMode mode, String payloadHash, String... headers)
    {
        return RequestPayload.open(new ByteArrayInputStream(body), mode, payloadHash, null, RequestHeaders.of(headers));
    }

    @Test
    void passesABodyMatchingItsSignedHash()
            throws IOException
    {
        try (RequestPayload payload = open(BODY, PayloadMode.SIGNED, BODY_SHA256)) {
            assertThat(payload.readAllBytes()).isEqualTo(BODY);
        }
    }

    @Test
    void refusesABodyNotMatchingItsSignedHashBeforeEndOfStream()
            throws IOException
    {
        RequestPayload payload = open("Welcome to Amazon S4.".getBytes(StandardCharsets.US_ASCII), PayloadMode.SIGNED, BODY_SHA256);
        byte[] buffer = new byte[BODY.length];

        assertThat(payload.readNBytes(buffer, 0, buffer.length)).isEqualTo(BODY.length);
        assertCode(payload::read, S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH, "x-amz-content-sha256");
        assertCode(payload::read, S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH, "x-amz-content-sha256");
    }

    @Test
    void checksContentMd5()
            throws Exception
    {
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(BODY));

        assertThat(open(BODY, PayloadMode.UNSIGNED, null, "Content-MD5", md5).readAllBytes()).isEqualTo(BODY);
        assertCode(() -> open(new byte[] {1}, PayloadMode.UNSIGNED, null, "Content-MD5", md5).readAllBytes(), S3ErrorCode.BAD_DIGEST, "Content-MD5");
        assertCode(() -> open(BODY, PayloadMode.UNSIGNED, null, "Content-MD5", "not base64!"), S3ErrorCode.INVALID_DIGEST, "Content-MD5");
        assertCode(() -> open(BODY, PayloadMode.UNSIGNED, null, "Content-MD5", "AAAA"), S3ErrorCode.INVALID_DIGEST, "Content-MD5");
    }

    @Test
    void checksEveryChecksumAlgorithmInAHeader()
            throws IOException
    {
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            String value = algorithm.compute(BODY);
            RequestPayload payload = open(BODY, PayloadMode.UNSIGNED, null, algorithm.headerName(), value);
            assertThat(payload.readAllBytes()).isEqualTo(BODY);
            assertThat(payload.checksums()).isEqualTo(Map.of(algorithm, value));

            assertCode(() -> open(new byte[] {1, 2, 3}, PayloadMode.UNSIGNED, null, algorithm.headerName(), value).readAllBytes(),
                    S3ErrorCode.BAD_DIGEST, algorithm.wireName());
            assertCode(() -> open(BODY, PayloadMode.UNSIGNED, null, algorithm.headerName(), "AAAA"), S3ErrorCode.INVALID_REQUEST,
                    algorithm.headerName());
        }
    }

    @Test
    void refusesMoreThanOneChecksum()
    {
        assertCode(() -> open(BODY, PayloadMode.UNSIGNED, null, "x-amz-checksum-crc32", ChecksumAlgorithm.CRC32.compute(BODY),
                "x-amz-checksum-sha1", ChecksumAlgorithm.SHA1.compute(BODY)), S3ErrorCode.INVALID_REQUEST, "Multiple checksum");
    }

    @Test
    void computesTheChecksumTheSdkAsksForWithoutAValue()
            throws IOException
    {
        RequestPayload payload = open(BODY, PayloadMode.UNSIGNED, null, "x-amz-sdk-checksum-algorithm", "CRC64NVME");

        payload.readAllBytes();
        assertThat(payload.checksums()).isEqualTo(Map.of(ChecksumAlgorithm.CRC64NVME, ChecksumAlgorithm.CRC64NVME.compute(BODY)));
        assertCode(() -> open(BODY, PayloadMode.UNSIGNED, null, "x-amz-sdk-checksum-algorithm", "MD4"), S3ErrorCode.INVALID_REQUEST, "unsupported");
    }

    private static byte[] unsignedTrailerBody(String trailer)
    {
        return ("15\r\n" + new String(BODY, StandardCharsets.US_ASCII) + "\r\n0\r\n" + (trailer.isEmpty() ? "" : trailer + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void checksATrailingChecksum()
            throws IOException
    {
        String crc = ChecksumAlgorithm.CRC32.compute(BODY);
        RequestPayload payload = open(unsignedTrailerBody("x-amz-checksum-crc32:" + crc), PayloadMode.STREAMING_UNSIGNED_TRAILER, null,
                "x-amz-trailer", "x-amz-checksum-crc32", "x-amz-decoded-content-length", "21");

        assertThat(payload.readAllBytes()).isEqualTo(BODY);
        assertThat(payload.checksums()).isEqualTo(Map.of(ChecksumAlgorithm.CRC32, crc));
    }

    @Test
    void refusesAWrongMissingMalformedOrUndeclaredTrailingChecksum()
    {
        assertCode(() -> open(unsignedTrailerBody("x-amz-checksum-crc32:AAAAAA=="), PayloadMode.STREAMING_UNSIGNED_TRAILER, null,
                "x-amz-trailer", "x-amz-checksum-crc32").readAllBytes(), S3ErrorCode.BAD_DIGEST, "CRC32");
        assertCode(() -> open(unsignedTrailerBody(""), PayloadMode.STREAMING_UNSIGNED_TRAILER, null,
                "x-amz-trailer", "x-amz-checksum-crc32").readAllBytes(), S3ErrorCode.INVALID_REQUEST, "not sent");
        assertCode(() -> open(unsignedTrailerBody("x-amz-checksum-crc32:xyz"), PayloadMode.STREAMING_UNSIGNED_TRAILER, null,
                "x-amz-trailer", "x-amz-checksum-crc32").readAllBytes(), S3ErrorCode.INVALID_REQUEST, "invalid");
        assertCode(() -> open(unsignedTrailerBody("x-amz-checksum-sha1:" + ChecksumAlgorithm.SHA1.compute(BODY)),
                PayloadMode.STREAMING_UNSIGNED_TRAILER, null, "x-amz-trailer", "x-amz-checksum-crc32").readAllBytes(),
                S3ErrorCode.INVALID_REQUEST, "not declared");
        assertCode(() -> open(BODY, PayloadMode.UNSIGNED, null, "x-amz-trailer", "x-amz-checksum-crc32"), S3ErrorCode.INVALID_REQUEST,
                "x-amz-trailer");
        assertCode(() -> open(BODY, PayloadMode.STREAMING_UNSIGNED_TRAILER, null, "x-amz-trailer", "x-amz-meta-foo"),
                S3ErrorCode.INVALID_REQUEST, "x-amz-trailer");
    }

    @Test
    void turnsAConnectionLostMidBodyIntoIncompleteBody()
    {
        InputStream broken = new InputStream()
        {
            private int sent;

            @Override
            public int read()
                    throws IOException
            {
                if (sent++ < 5) {
                    return 'x';
                }
                throw new IOException("Early EOF");
            }
        };

        assertCode(() -> RequestPayload.open(broken, PayloadMode.UNSIGNED, null, null, RequestHeaders.of()).readAllBytes(),
                S3ErrorCode.INCOMPLETE_BODY, "terminated");
    }
}
