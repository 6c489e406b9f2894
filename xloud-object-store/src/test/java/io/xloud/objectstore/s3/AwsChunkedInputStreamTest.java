package io.xloud.objectstore.s3;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.xloud.objectstore.s3.SignatureV4VerifierTest.CREDENTIALS;
import static io.xloud.objectstore.s3.SignatureV4VerifierTest.SIGNED_AT;
import static io.xloud.objectstore.s3.SignatureV4VerifierTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chunked-upload examples of the AWS documentation (66560 bytes of 'a' in a 65536-byte and a 1024-byte
 * chunk), with and without a signed CRC32C trailer, then every way such a body can be altered or cut short.
 */
class AwsChunkedInputStreamTest
{
    static final byte[] CHUNK_1 = repeat('a', 65536);
    static final byte[] CHUNK_2 = repeat('a', 1024);

    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final List<String> SIGNATURES = List.of(
            "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");

    static final String TRAILER_SEED = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
    static final List<String> TRAILER_SIGNATURES = List.of(
            "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
            "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992");
    static final String TRAILER = "x-amz-checksum-crc32c:sOO8/Q==";
    static final String TRAILER_SIGNATURE = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

    static SignedRequest example(String mode, String seed)
    {
        boolean trailer = mode.equals(PayloadMode.STREAMING_SIGNED_TRAILER_VALUE);
        String signedHeaders = trailer
                ? "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer"
                : "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class";
        return new SignedRequest("PUT", "/examplebucket/chunkObject.txt", "", RequestHeaders.of(
                "Host", "s3.amazonaws.com",
                "x-amz-date", "20130524T000000Z",
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=" + signedHeaders + ",Signature=" + seed,
                "x-amz-content-sha256", mode,
                "Content-Encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560",
                "Content-Length", "66824",
                "x-amz-trailer", trailer ? "x-amz-checksum-crc32c" : ""));
    }

    static byte[] body(List<String> signatures, String trailerLines)
    {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("10000;chunk-signature=" + signatures.get(0) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(CHUNK_1);
        body.writeBytes(("\r\n400;chunk-signature=" + signatures.get(1) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(CHUNK_2);
        body.writeBytes(("\r\n0;chunk-signature=" + signatures.get(2) + "\r\n" + trailerLines + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    static byte[] signedBody()
    {
        return body(SIGNATURES, "");
    }

    static byte[] signedTrailerBody()
    {
        return body(TRAILER_SIGNATURES, TRAILER + "\r\nx-amz-trailer-signature:" + TRAILER_SIGNATURE + "\r\n");
    }

    private static ChunkSigner signer(String seed)
    {
        return new ChunkSigner(SignatureV4.signingKey(SignatureV4VerifierTest.SECRET, new CredentialScope("20130524", "us-east-1", "s3")),
                "20130524T000000Z", new CredentialScope("20130524", "us-east-1", "s3"), seed);
    }

    @Test
    void decodesTheDocumentedSignedChunkedBody()
            throws IOException
    {
        SignedRequest request = example(PayloadMode.STREAMING_SIGNED_VALUE, SEED);
        VerifiedSignature verified = new SignatureV4Verifier(CREDENTIALS, java.time.Clock.fixed(SIGNED_AT, java.time.ZoneOffset.UTC), "us-east-1").verify(request);

        try (RequestPayload payload = RequestPayload.open(new ByteArrayInputStream(signedBody()), verified, request.headers())) {
            assertThat(payload.readAllBytes()).isEqualTo(concat(CHUNK_1, CHUNK_2));
            assertThat(payload.length()).isEqualTo(66560);
        }
    }

    @Test
    void decodesTheDocumentedSignedChunkedBodyWithItsSignedTrailer()
            throws IOException
    {
        SignedRequest request = example(PayloadMode.STREAMING_SIGNED_TRAILER_VALUE, TRAILER_SEED);
        VerifiedSignature verified = new SignatureV4Verifier(CREDENTIALS, java.time.Clock.fixed(SIGNED_AT, java.time.ZoneOffset.UTC), "us-east-1").verify(request);

        try (RequestPayload payload = RequestPayload.open(new ByteArrayInputStream(signedTrailerBody()), verified, request.headers())) {
            assertThat(payload.readAllBytes()).isEqualTo(concat(CHUNK_1, CHUNK_2));
            assertThat(payload.checksums()).isEqualTo(Map.of(ChecksumAlgorithm.CRC32C, "sOO8/Q=="));
        }
    }

    @Test
    void decodesWhateverSizesTheReadsCome()
            throws IOException
    {
        for (int size : new int[] {1, 7, 100, 8192, 65536, 70000}) {
            try (InputStream in = new AwsChunkedInputStream(new TrickleInputStream(signedBody(), size), signer(SEED), false, 66560)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[size];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
                assertThat(out.toByteArray()).isEqualTo(concat(CHUNK_1, CHUNK_2));
            }
        }
    }

    @Test
    void refusesEveryAlterationOfTheSignedChunks()
    {
        String good = new String(signedBody(), StandardCharsets.ISO_8859_1);
        Map<String, String> altered = Map.of(
                "a data byte", good.replaceFirst("a\r\n400;", "b\r\n400;"),
                "a chunk signature", good.replace(SIGNATURES.get(1), "0".repeat(64)),
                "a missing chunk signature", good.replace("400;chunk-signature=" + SIGNATURES.get(1), "400"),
                "the final signature", good.replace(SIGNATURES.get(2), SIGNATURES.get(1)),
                "a dropped chunk", new String(body(List.of(SIGNATURES.get(0), SIGNATURES.get(1), SIGNATURES.get(2)), ""), StandardCharsets.ISO_8859_1)
                        .replace("400;chunk-signature=" + SIGNATURES.get(1) + "\r\n" + "a".repeat(1024) + "\r\n", ""));
        altered.forEach((what, body) -> assertCode(() -> new AwsChunkedInputStream(
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), signer(SEED), false, -1).readAllBytes(),
                S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "signature"));
    }

    @Test
    void refusesEveryAlterationOfTheSignedTrailer()
    {
        String good = new String(signedTrailerBody(), StandardCharsets.ISO_8859_1);
        Map<String, String> altered = Map.of(
                "the checksum", good.replace("sOO8/Q==", "AAAAAA=="),
                "an added trailer", good.replace(TRAILER + "\r\n", TRAILER + "\r\nx-amz-meta-extra:1\r\n"),
                "the dropped trailer", good.replace(TRAILER + "\r\n", ""),
                "the trailer signature", good.replace(TRAILER_SIGNATURE, TRAILER_SEED),
                "the missing trailer signature", good.replace("x-amz-trailer-signature:" + TRAILER_SIGNATURE + "\r\n", ""));
        altered.forEach((what, body) -> assertCode(() -> new AwsChunkedInputStream(
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), signer(TRAILER_SEED), true, -1).readAllBytes(),
                S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "signature"));
    }

    @Test
    void refusesABodyCutShortAnywhere()
    {
        byte[] body = signedBody();
        for (int cut : new int[] {0, 10, 90, 5000, 65536 + 86, 65536 + 90, body.length - 90, body.length - 4}) {
            byte[] truncated = Arrays.copyOf(body, cut);
            assertCode(() -> new AwsChunkedInputStream(new ByteArrayInputStream(truncated), signer(SEED), false, 66560).readAllBytes(),
                    S3ErrorCode.INCOMPLETE_BODY, "terminated");
        }
    }

    @Test
    void refusesABodyWhoseLengthDiffersFromTheDecodedContentLength()
    {
        assertCode(() -> new AwsChunkedInputStream(new ByteArrayInputStream(signedBody()), signer(SEED), false, 66561).readAllBytes(),
                S3ErrorCode.INCOMPLETE_BODY, "terminated");
        assertCode(() -> new AwsChunkedInputStream(new ByteArrayInputStream(signedBody()), signer(SEED), false, 66559).readAllBytes(),
                S3ErrorCode.INVALID_REQUEST, "x-amz-decoded-content-length");
    }

    @Test
    void refusesMalformedFraming()
    {
        for (String body : List.of("zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcd\r\n0\r\n\r\n", "3\r\nabc\r\n0\r\n\r\ngarbage",
                "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n")) {
            assertCode(() -> new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), null, false, -1)
                    .readAllBytes(), S3ErrorCode.INVALID_REQUEST, "");
        }
    }

    @Test
    void decodesAnUnsignedBodyWithATrailer()
            throws IOException
    {
        String body = "3\r\nabc\r\n4\r\ndefg\r\n0\r\nx-amz-checksum-crc32:" + ChecksumAlgorithm.CRC32.compute("abcdefg".getBytes(StandardCharsets.US_ASCII))
                + "\r\n\r\n";
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), null, true, 7);

        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdefg");
        assertThat(in.trailers()).containsOnlyKeys("x-amz-checksum-crc32");
    }

    @Test
    void acceptsAnUnsignedTrailerWithoutTheClosingEmptyLine()
            throws IOException
    {
        String body = "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:" + ChecksumAlgorithm.CRC32.compute("abc".getBytes(StandardCharsets.US_ASCII)) + "\r\n";
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), null, true, 3);

        assertThat(in.readAllBytes()).hasSize(3);
    }

    @Test
    void signsChunksAsTheDocumentationDoes()
    {
        ChunkSigner signer = signer(SEED);

        assertThat(signer.signChunk(SignatureV4.sha256().digest(CHUNK_1))).isEqualTo(SIGNATURES.get(0));
        assertThat(signer.signChunk(SignatureV4.sha256().digest(CHUNK_2))).isEqualTo(SIGNATURES.get(1));
        assertThat(signer.signChunk(SignatureV4.sha256().digest(new byte[0]))).isEqualTo(SIGNATURES.get(2));
    }

    static byte[] repeat(char c, int count)
    {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    static byte[] concat(byte[] first, byte[] second)
    {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Hands out at most a few bytes a read, as a slow network does. */
    static final class TrickleInputStream
            extends ByteArrayInputStream
    {
        private final int most;

        TrickleInputStream(byte[] bytes, int most)
        {
            super(bytes);
            this.most = most;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length)
        {
            return super.read(buffer, offset, Math.min(length, most));
        }
    }
}
