package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A request body as S3 must check it, while it streams: aws-chunked framing removed and its signatures
 * checked, the declared {@code x-amz-content-sha256}, {@code Content-MD5} and {@code x-amz-checksum-*}
 * (in a header or a trailer) compared with what arrived. The checks run when the body ends, before
 * end of stream is reported, so a consumer that commits only at end of stream stores nothing that failed
 * them. Failures are {@link ApiException}s with S3 codes, thrown from {@code read}.
 * <p>
 * The headers are checked when the payload is opened, before any byte is read.
 */
public final class RequestPayload
        extends InputStream
{
    private final InputStream in;
    private final AwsChunkedInputStream chunked;
    private final PayloadMode mode;
    private final String payloadHash;
    private final MessageDigest sha256;
    private final byte[] contentMd5;
    private final MessageDigest md5;
    private final Map<ChecksumAlgorithm, String> headerChecksums;
    private final Set<ChecksumAlgorithm> trailerChecksums;
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Digest> digests = new EnumMap<>(ChecksumAlgorithm.class);
    private final Map<ChecksumAlgorithm, String> checksums = new EnumMap<>(ChecksumAlgorithm.class);

    private long length;
    private boolean ended;
    private ApiException failure;

    private RequestPayload(InputStream raw, PayloadMode mode, String payloadHash, ChunkSigner signer, Expectations expected)
    {
        this.mode = mode;
        this.payloadHash = payloadHash;
        this.chunked = mode.chunked() ? new AwsChunkedInputStream(raw, signer, mode.trailer(), expected.decodedLength()) : null;
        this.in = chunked != null ? chunked : raw;
        this.sha256 = mode == PayloadMode.SIGNED ? SignatureV4.sha256() : null;
        this.contentMd5 = expected.contentMd5();
        this.md5 = contentMd5 != null ? md5() : null;
        this.headerChecksums = expected.headerChecksums();
        this.trailerChecksums = expected.trailerChecksums();
        for (ChecksumAlgorithm algorithm : expected.computed()) {
            digests.put(algorithm, algorithm.newDigest());
        }
    }

    /** The body of a request whose signature checked out. */
    public static RequestPayload open(InputStream raw, VerifiedSignature signature, RequestHeaders headers)
    {
        requireNonNull(signature, "signature is null");
        PayloadMode mode = signature.payloadMode();
        return open(raw, mode, signature.payloadHash(), mode.signedChunks() ? signature.chunkSigner() : null, headers);
    }

    /**
     * A body as its headers describe it.
     *
     * @param payloadHash the hex SHA-256 the body must have when {@code mode} is {@link PayloadMode#SIGNED}
     * @param signer the chunk signature chain when {@code mode} has signed chunks
     */
    public static RequestPayload open(InputStream raw, PayloadMode mode, String payloadHash, ChunkSigner signer, RequestHeaders headers)
    {
        requireNonNull(raw, "raw is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(headers, "headers is null");
        if (mode.signedChunks() && signer == null) {
            throw new IllegalArgumentException("a signed aws-chunked body needs its chunk signer");
        }
        return new RequestPayload(raw, mode, payloadHash, signer, Expectations.of(mode, headers));
    }

    /** Bytes of the decoded body delivered so far. */
    public long length()
    {
        return length;
    }

    /**
     * The checksums of the body, base64, for every algorithm given in a header or trailer or asked for in
     * {@code x-amz-sdk-checksum-algorithm}; complete once the stream has ended.
     */
    public Map<ChecksumAlgorithm, String> checksums()
    {
        return Collections.unmodifiableMap(checksums);
    }

    @Override
    public int read()
            throws IOException
    {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int count)
            throws IOException
    {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return -1;
        }
        if (count == 0) {
            return 0;
        }
        try {
            int n = readInner(target, offset, count);
            if (n < 0) {
                verify();
                ended = true;
                return -1;
            }
            length += n;
            if (sha256 != null) {
                sha256.update(target, offset, n);
            }
            if (md5 != null) {
                md5.update(target, offset, n);
            }
            for (ChecksumAlgorithm.Digest digest : digests.values()) {
                digest.update(target, offset, n);
            }
            return n;
        }
        catch (ApiException e) {
            failure = e;
            throw e;
        }
    }

    private int readInner(byte[] target, int offset, int count)
    {
        try {
            int n;
            do {
                n = in.read(target, offset, count);
            }
            while (n == 0);
            return n;
        }
        catch (IOException e) {
            throw readFailure(e);
        }
    }

    private void verify()
    {
        if (sha256 != null && !SignatureV4.hex(sha256.digest()).equalsIgnoreCase(payloadHash)) {
            throw S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH.exception("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        if (md5 != null && !MessageDigest.isEqual(md5.digest(), contentMd5)) {
            throw S3ErrorCode.BAD_DIGEST.exception("The Content-MD5 you specified did not match what we received.");
        }
        digests.forEach((algorithm, digest) -> checksums.put(algorithm, digest.base64()));
        headerChecksums.forEach(this::compare);
        if (chunked != null) {
            Map<String, String> trailers = chunked.trailers();
            for (String name : trailers.keySet()) {
                Optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithm.fromHeaderName(name);
                if (algorithm.isEmpty() || !trailerChecksums.contains(algorithm.get())) {
                    throw S3ErrorCode.INVALID_REQUEST.exception("The trailer " + name + " was not declared in x-amz-trailer.");
                }
            }
            for (ChecksumAlgorithm algorithm : trailerChecksums) {
                String value = trailers.get(algorithm.headerName());
                if (value == null) {
                    throw S3ErrorCode.INVALID_REQUEST.exception("The trailer " + algorithm.headerName() + " declared in x-amz-trailer was not sent.");
                }
                if (!algorithm.isValidValue(value)) {
                    throw S3ErrorCode.INVALID_REQUEST.exception("Value for " + algorithm.headerName() + " trailing header is invalid.");
                }
                compare(algorithm, value);
            }
        }
    }

    private void compare(ChecksumAlgorithm algorithm, String expected)
    {
        if (!checksums.get(algorithm).equals(expected)) {
            throw S3ErrorCode.BAD_DIGEST.exception("The " + algorithm.wireName() + " you specified did not match the calculated checksum.");
        }
    }

    @Override
    public void close()
            throws IOException
    {
        in.close();
    }

    /** What a failed read of the body from the client means: a limit the kernel enforces, or a body cut short. */
    static ApiException readFailure(IOException e)
    {
        if (e.getCause() instanceof ApiException api) {
            return api;
        }
        return S3ErrorCode.INCOMPLETE_BODY.exception("The request body terminated unexpectedly.");
    }

    private static MessageDigest md5()
    {
        try {
            return MessageDigest.getInstance("MD5");
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from the JDK", e);
        }
    }

    /** What the headers say the body must prove, checked before the body is read. */
    private record Expectations(
            byte[] contentMd5,
            Map<ChecksumAlgorithm, String> headerChecksums,
            Set<ChecksumAlgorithm> trailerChecksums,
            Set<ChecksumAlgorithm> computed,
            long decodedLength)
    {
        static Expectations of(PayloadMode mode, RequestHeaders headers)
        {
            byte[] contentMd5 = headers.first("Content-MD5").map(Expectations::parseContentMd5).orElse(null);

            Map<ChecksumAlgorithm, String> headerChecksums = new EnumMap<>(ChecksumAlgorithm.class);
            for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
                Optional<String> value = headers.first(algorithm.headerName());
                if (value.isPresent()) {
                    if (!algorithm.isValidValue(value.get().strip())) {
                        throw S3ErrorCode.INVALID_REQUEST.exception("Value for " + algorithm.headerName() + " header is invalid.");
                    }
                    headerChecksums.put(algorithm, value.get().strip());
                }
            }

            Set<ChecksumAlgorithm> trailerChecksums = EnumSet.noneOf(ChecksumAlgorithm.class);
            for (String declared : headers.values("x-amz-trailer")) {
                for (String name : declared.split(",")) {
                    if (name.isBlank()) {
                        continue;
                    }
                    ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromHeaderName(name.strip()).orElseThrow(() ->
                            S3ErrorCode.INVALID_REQUEST.exception("The value specified in the x-amz-trailer header is not supported"));
                    trailerChecksums.add(algorithm);
                }
            }
            if (!trailerChecksums.isEmpty() && !mode.trailer()) {
                throw S3ErrorCode.INVALID_REQUEST.exception("x-amz-trailer needs an aws-chunked body with trailers "
                        + "(STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER).");
            }
            if (headerChecksums.size() + trailerChecksums.size() > 1) {
                throw S3ErrorCode.INVALID_REQUEST.exception("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }

            Set<ChecksumAlgorithm> computed = EnumSet.noneOf(ChecksumAlgorithm.class);
            computed.addAll(headerChecksums.keySet());
            computed.addAll(trailerChecksums);
            Optional<String> requested = headers.first("x-amz-sdk-checksum-algorithm");
            if (requested.isPresent()) {
                ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromWireName(requested.get().strip()).orElseThrow(() ->
                        S3ErrorCode.INVALID_REQUEST.exception("Checksum algorithm provided is unsupported. Please try again with any of the valid types: "
                                + "[CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"));
                if (!computed.isEmpty() && !computed.contains(algorithm)) {
                    throw S3ErrorCode.INVALID_REQUEST.exception("Value for x-amz-sdk-checksum-algorithm header is invalid.");
                }
                computed.add(algorithm);
            }

            long decodedLength = -1;
            if (mode.chunked()) {
                Optional<String> declared = headers.first("x-amz-decoded-content-length");
                if (declared.isPresent()) {
                    try {
                        decodedLength = Long.parseLong(declared.get().strip());
                    }
                    catch (NumberFormatException e) {
                        decodedLength = -2;
                    }
                    if (decodedLength < 0) {
                        throw S3ErrorCode.INVALID_ARGUMENT.exception("x-amz-decoded-content-length must be a non-negative integer.");
                    }
                }
            }
            return new Expectations(contentMd5, headerChecksums, trailerChecksums, computed, decodedLength);
        }

        private static byte[] parseContentMd5(String value)
        {
            try {
                byte[] digest = Base64.getDecoder().decode(value.strip());
                if (digest.length == 16) {
                    return digest;
                }
            }
            catch (IllegalArgumentException e) {
                // falls through to the error below
            }
            throw S3ErrorCode.INVALID_DIGEST.exception("The Content-MD5 you specified was invalid.");
        }
    }

    @Override
    public String toString()
    {
        return "RequestPayload[mode=" + mode + ", length=" + length + ", checksums=" + checksums.keySet().toString().toLowerCase(Locale.ROOT) + "]";
    }
}
