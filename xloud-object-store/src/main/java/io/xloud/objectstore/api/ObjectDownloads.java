package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.service.ObjectContent;
import io.xloud.objectstore.service.ObjectContent.Piece;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectService;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How an object's bytes leave: conditional requests (If-Match, If-None-Match, If-Modified-Since,
 * If-Unmodified-Since), ranges (one range as 206 with Content-Range, several as multipart/byteranges, none
 * satisfiable as 416), and streaming from the blobs of one object or of a manifest's segments.
 */
final class ObjectDownloads
{
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the conditional headers make of a read: go on, or answer 304 (412 is thrown). */
    enum Condition
    {
        PROCEED, NOT_MODIFIED
    }

    // lookups of an object that is overwritten again and again before its bytes open: then the last one's 404 stands
    private static final int READ_ATTEMPTS = 3;

    private ObjectDownloads() {}

    /** A GET or HEAD of an object, from its lookup to its answer. */
    interface Read
    {
        void run()
                throws IOException;
    }

    /**
     * Runs a read again when the version it looked up is overwritten before its bytes open (the new version, or a 404),
     * with the response headers as they were before it; for the Swift and the S3 face alike.
     */
    static void readCurrent(Exchange exchange, Read read)
            throws IOException
    {
        Exchange.HeadersMark before = exchange.markHeaders();
        for (int attempt = 1; ; attempt++) {
            try {
                read.run();
                return;
            }
            catch (ObjectService.ContentGone e) {
                if (attempt == READ_ATTEMPTS) {
                    throw e;
                }
                exchange.restoreHeaders(before);
            }
        }
    }

    static Condition evaluate(Exchange exchange, String etag, long lastModifiedMicros)
    {
        long lastModified = SwiftHeaders.ceilSeconds(lastModifiedMicros);
        Optional<String> ifMatch = exchange.header("If-Match");
        if (ifMatch.isPresent() && !matches(ifMatch.get(), etag)) {
            throw new ApiException(ObjectErrorCode.PRECONDITION_FAILED, SwiftErrorDialect.explanation(412));
        }
        Optional<String> ifUnmodified = exchange.header("If-Unmodified-Since");
        if (ifUnmodified.isPresent()) {
            OptionalLong since = SwiftHeaders.parseHttpDate(ifUnmodified.get());
            if (since.isPresent() && lastModified > since.getAsLong()) {
                throw new ApiException(ObjectErrorCode.PRECONDITION_FAILED, SwiftErrorDialect.explanation(412));
            }
        }
        Optional<String> ifNoneMatch = exchange.header("If-None-Match");
        if (ifNoneMatch.isPresent()) {
            return matches(ifNoneMatch.get(), etag) ? Condition.NOT_MODIFIED : Condition.PROCEED;
        }
        Optional<String> ifModified = exchange.header("If-Modified-Since");
        if (ifModified.isPresent()) {
            OptionalLong since = SwiftHeaders.parseHttpDate(ifModified.get());
            if (since.isPresent() && lastModified <= since.getAsLong()) {
                return Condition.NOT_MODIFIED;
            }
        }
        return Condition.PROCEED;
    }

    /** Whether an If-Match / If-None-Match list names the ETag (quotes and W/ ignored) or is "*". */
    static boolean matches(String header, String etag)
    {
        String bare = unquote(etag);
        for (String candidate : header.split(",")) {
            String value = candidate.strip();
            if (value.equals("*")) {
                return true;
            }
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (unquote(value).equals(bare)) {
                return true;
            }
        }
        return false;
    }

    static String unquote(String etag)
    {
        String value = etag.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    record Range(long first, long last)
    {
        long length()
        {
            return last - first + 1;
        }
    }

    /**
     * The ranges a Range header asks of {@code size} bytes: empty when there is no usable header (serve it all),
     * an empty list when none is satisfiable.
     */
    static Optional<List<Range>> ranges(Optional<String> header, long size)
    {
        if (header.isEmpty() || size == 0) {
            return Optional.empty();
        }
        String value = header.get().strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return Optional.empty();
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : value.substring("bytes=".length()).split(",")) {
            String spec = raw.strip();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return Optional.empty();
            }
            String from = spec.substring(0, dash).strip();
            String to = spec.substring(dash + 1).strip();
            try {
                if (from.isEmpty()) {
                    if (to.isEmpty()) {
                        return Optional.empty();
                    }
                    long suffix = Long.parseLong(to);
                    if (suffix < 0) {
                        return Optional.empty();
                    }
                    if (suffix > 0) {
                        ranges.add(new Range(Math.max(0, size - suffix), size - 1));
                    }
                    continue;
                }
                long first = Long.parseLong(from);
                long last = to.isEmpty() ? size - 1 : Long.parseLong(to);
                if (first < 0 || last < first) {
                    return Optional.empty();
                }
                if (first < size) {
                    ranges.add(new Range(first, Math.min(last, size - 1)));
                }
            }
            catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(ranges);
    }

    /** Sends the content, whole or in the ranges asked for; HEAD gets the same headers and no body. */
    static void send(Exchange exchange, ObjectService objects, ObjectContent content, String contentType, boolean head)
            throws IOException
    {
        Optional<List<Range>> ranges = ranges(exchange.header("Range"), content.size());
        exchange.header("Accept-Ranges", "bytes");
        if (ranges.isEmpty()) {
            stream(exchange, objects, 200, contentType, content, head);
            return;
        }
        List<Range> wanted = ranges.get();
        if (wanted.isEmpty()) {
            throw new ApiException(ObjectErrorCode.RANGE_NOT_SATISFIABLE, SwiftErrorDialect.explanation(416),
                    java.util.Map.of("Content-Range", "bytes */" + content.size()));
        }
        if (wanted.size() == 1) {
            Range range = wanted.getFirst();
            exchange.header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + content.size());
            stream(exchange, objects, 206, contentType, content.slice(range.first(), range.length()), head);
            return;
        }
        multipart(exchange, objects, content, contentType, wanted, head);
    }

    private static void stream(Exchange exchange, ObjectService objects, int status, String contentType, ObjectContent content, boolean head)
            throws IOException
    {
        if (head) {
            exchange.stream(status, contentType, content.size(), out -> { });
            return;
        }
        // the first piece opens before the status line goes out, so that a version gone meanwhile is still a clean 404
        InputStream first = content.pieces().isEmpty() ? InputStream.nullInputStream() : open(objects, content.pieces().getFirst());
        exchange.stream(status, contentType, content.size(), out -> {
            try (InputStream in = first) {
                in.transferTo(out);
            }
            for (int i = 1; i < content.pieces().size(); i++) {
                copy(objects, content.pieces().get(i), out);
            }
        });
    }

    private static void multipart(Exchange exchange, ObjectService objects, ObjectContent content, String contentType, List<Range> ranges, boolean head)
            throws IOException
    {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String boundary = HexFormat.of().formatHex(random);
        List<byte[]> heads = new ArrayList<>();
        long length = 0;
        for (Range range : ranges) {
            byte[] part = ("--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: bytes " + range.first() + "-" + range.last()
                    + "/" + content.size() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            heads.add(part);
            length += part.length + range.length() + 2;
        }
        byte[] tail = ("--" + boundary + "--").getBytes(StandardCharsets.UTF_8);
        length += tail.length;
        String type = "multipart/byteranges;boundary=" + boundary;
        if (head) {
            exchange.stream(206, type, length, out -> { });
            return;
        }
        exchange.stream(206, type, length, out -> {
            for (int i = 0; i < ranges.size(); i++) {
                Range range = ranges.get(i);
                out.write(heads.get(i));
                for (Piece piece : content.slice(range.first(), range.length()).pieces()) {
                    copy(objects, piece, out);
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(tail);
        });
    }

    private static InputStream open(ObjectService objects, Piece piece)
    {
        return objects.open(piece.object(), piece.offset(), piece.length());
    }

    private static void copy(ObjectService objects, Piece piece, OutputStream out)
            throws IOException
    {
        try (InputStream in = open(objects, piece)) {
            in.transferTo(out);
        }
        catch (ApiException e) {
            // the status line is gone: all that is left is to cut the body short
            throw new IOException("segment " + piece.object().path() + " is unavailable: " + e.getMessage());
        }
    }
}
