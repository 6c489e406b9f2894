package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Decodes an aws-chunked body as it streams: {@code hex-size[;chunk-signature=sig]\r\n data \r\n} per chunk,
 * a final empty chunk, then either an empty line or trailer lines ({@code name:value\r\n}, with
 * {@code x-amz-trailer-signature} when signed) and an empty line.
 * <p>
 * With a {@link ChunkSigner}, each chunk's signature is checked when its last byte has been read, so a
 * consumer never reaches end of stream unless every chunk, the final one and the trailer checked out;
 * a body cut short anywhere is {@code IncompleteBody}. Nothing is buffered beyond one read buffer.
 */
public final class AwsChunkedInputStream
        extends InputStream
{
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16;
    private static final String SIGNATURE_EXTENSION = "chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private enum State { HEADER, DATA, DONE }

    private final InputStream in;
    private final ChunkSigner signer;
    private final boolean trailers;
    private final long decodedLength;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final MessageDigest chunkDigest;
    private final Map<String, String> received = new LinkedHashMap<>();

    private int position;
    private int limit;
    private State state = State.HEADER;
    private long chunkRemaining;
    private String chunkSignature;
    private long decoded;
    private ApiException failure;

    /**
     * @param signer the chain to check chunk signatures against, or null for an unsigned body
     * @param trailers whether trailer lines follow the final chunk
     * @param decodedLength the declared {@code x-amz-decoded-content-length}, or -1 when none was declared
     */
    public AwsChunkedInputStream(InputStream in, ChunkSigner signer, boolean trailers, long decodedLength)
    {
        this.in = requireNonNull(in, "in is null");
        this.signer = signer;
        this.trailers = trailers;
        this.decodedLength = decodedLength;
        this.chunkDigest = signer == null ? null : SignatureV4.sha256();
    }

    /** The trailers received, by lowercase name, without the trailer signature; complete once the stream has ended. */
    public Map<String, String> trailers()
    {
        return Collections.unmodifiableMap(received);
    }

    /** Decoded bytes delivered so far. */
    public long decodedBytes()
    {
        return decoded;
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
    public int read(byte[] target, int offset, int length)
            throws IOException
    {
        if (failure != null) {
            throw failure;
        }
        if (length == 0) {
            return 0;
        }
        try {
            return readChunked(target, offset, length);
        }
        catch (ApiException e) {
            failure = e;
            throw e;
        }
    }

    private int readChunked(byte[] target, int offset, int length)
    {
        while (true) {
            switch (state) {
                case DONE -> {
                    return -1;
                }
                case HEADER -> {
                    readChunkHeader();
                    if (chunkRemaining == 0) {
                        finish();
                        state = State.DONE;
                        return -1;
                    }
                    state = State.DATA;
                }
                case DATA -> {
                    int n = readRaw(target, offset, (int) Math.min(length, chunkRemaining));
                    if (n < 0) {
                        throw incomplete();
                    }
                    if (chunkDigest != null) {
                        chunkDigest.update(target, offset, n);
                    }
                    chunkRemaining -= n;
                    decoded += n;
                    if (chunkRemaining == 0) {
                        endChunk();
                        state = State.HEADER;
                    }
                    return n;
                }
            }
        }
    }

    private void readChunkHeader()
    {
        String line = readLine();
        int semicolon = line.indexOf(';');
        String sizeField = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        long size = parseSize(sizeField);
        chunkSignature = null;
        if (semicolon >= 0) {
            for (String extension : line.substring(semicolon + 1).split(";")) {
                String trimmed = extension.strip();
                if (trimmed.startsWith(SIGNATURE_EXTENSION)) {
                    chunkSignature = trimmed.substring(SIGNATURE_EXTENSION.length());
                }
            }
        }
        if (signer != null && chunkSignature == null) {
            throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception("A chunk of the aws-chunked body carries no chunk-signature.");
        }
        if (decodedLength >= 0 && decoded + size > decodedLength) {
            throw S3ErrorCode.INVALID_REQUEST.exception("The aws-chunked body holds more data than x-amz-decoded-content-length declares.");
        }
        chunkRemaining = size;
    }

    private static long parseSize(String field)
    {
        if (field.isEmpty() || field.length() > 15) {
            throw malformed("Invalid chunk size in the aws-chunked body.");
        }
        long size = 0;
        for (int i = 0; i < field.length(); i++) {
            int digit = Character.digit(field.charAt(i), 16);
            if (digit < 0) {
                throw malformed("Invalid chunk size in the aws-chunked body.");
            }
            size = (size << 4) | digit;
        }
        return size;
    }

    /** After a chunk's data: its CRLF, then its signature against the chain. */
    private void endChunk()
    {
        if (!readLine().isEmpty()) {
            throw malformed("A chunk of the aws-chunked body is longer than its declared size.");
        }
        checkChunkSignature();
    }

    private void checkChunkSignature()
    {
        if (signer == null) {
            return;
        }
        String expected = signer.signChunk(chunkDigest.digest());
        if (!SignatureV4.sameSignature(expected, chunkSignature)) {
            throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception("The chunk signature we calculated does not match the signature you provided.");
        }
    }

    /** After the zero-length chunk: its signature, the trailers or the closing empty line, and the declared length. */
    private void finish()
    {
        checkChunkSignature();
        if (trailers) {
            readTrailers();
        }
        else {
            String line = readLineOrEnd();
            if (line != null && !line.isEmpty()) {
                throw malformed("Unexpected data after the final chunk of the aws-chunked body.");
            }
        }
        if (decodedLength >= 0 && decoded != decodedLength) {
            throw incomplete();
        }
        if (readRawByte() >= 0) {
            throw malformed("Unexpected data after the end of the aws-chunked body.");
        }
    }

    private void readTrailers()
    {
        StringBuilder canonical = new StringBuilder();
        String signature = null;
        int count = 0;
        while (true) {
            String line = readLineOrEnd();
            if (line == null || line.isEmpty()) {
                break;
            }
            if (++count > MAX_TRAILERS) {
                throw malformed("Too many trailers in the aws-chunked body.");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("Malformed trailer in the aws-chunked body.");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals(TRAILER_SIGNATURE)) {
                signature = value;
                continue;
            }
            if (signature != null) {
                throw malformed("A trailer follows the trailer signature in the aws-chunked body.");
            }
            if (received.putIfAbsent(name, value) != null) {
                throw malformed("The trailer " + name + " is sent twice.");
            }
            canonical.append(name).append(':').append(value).append('\n');
        }
        if (signer == null) {
            if (signature != null) {
                throw malformed("An unsigned aws-chunked body carries a trailer signature.");
            }
            return;
        }
        if (signature == null) {
            throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception("The signed aws-chunked body carries no x-amz-trailer-signature.");
        }
        String expected = signer.signTrailer(SignatureV4.sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        if (!SignatureV4.sameSignature(expected, signature)) {
            throw S3ErrorCode.SIGNATURE_DOES_NOT_MATCH.exception("The trailer signature we calculated does not match the signature you provided.");
        }
    }

    // ---- raw input

    private String readLine()
    {
        String line = readLineOrEnd();
        if (line == null) {
            throw incomplete();
        }
        return line;
    }

    /** A CRLF-terminated line without its CRLF (a bare LF is taken too); null at end of input before any byte. */
    private String readLineOrEnd()
    {
        StringBuilder line = new StringBuilder(96);
        while (true) {
            int b = readRawByte();
            if (b < 0) {
                if (line.isEmpty()) {
                    return null;
                }
                throw incomplete();
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw malformed("A line of the aws-chunked body is too long.");
            }
            line.append((char) b);
        }
    }

    private int readRawByte()
    {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    private int readRaw(byte[] target, int offset, int length)
    {
        if (position < limit) {
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }
        if (length >= BUFFER_SIZE) {
            return readInput(target, offset, length);
        }
        if (!fill()) {
            return -1;
        }
        return readRaw(target, offset, length);
    }

    private boolean fill()
    {
        int n = readInput(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private int readInput(byte[] target, int offset, int length)
    {
        try {
            int n;
            do {
                n = in.read(target, offset, length);
            }
            while (n == 0);
            return n;
        }
        catch (IOException e) {
            throw RequestPayload.readFailure(e);
        }
    }

    @Override
    public void close()
            throws IOException
    {
        in.close();
    }

    private static ApiException incomplete()
    {
        return S3ErrorCode.INCOMPLETE_BODY.exception("The request body terminated unexpectedly.");
    }

    private static ApiException malformed(String message)
    {
        return S3ErrorCode.INVALID_REQUEST.exception(message);
    }
}
