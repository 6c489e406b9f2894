package io.xloud.objectstore.api;

import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming reader of multipart/form-data over Jetty's multipart parser: one part at a time, its content
 * read straight from the request. The parser is fed one buffer of the body whenever what it produced so far has
 * been read, so at most one buffer of a part is held in memory.
 */
final class MultipartReader
{
    private static final int READ_SIZE = 16 * 1024;
    private static final int MAX_PART_HEADERS = 16 * 1024;

    record Part(Map<String, String> headers, Optional<String> name, Optional<String> filename) {}

    private static final Object PART_END = new Object();
    private static final Object COMPLETE = new Object();

    private final InputStream in;
    private final MultiPart.Parser parser;
    // what the parser produced and nobody has read yet: headers of a part, content, a part's end, the end
    private final Deque<Object> events = new ArrayDeque<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean bodyEnded;
    private Throwable failure;
    private PartStream current;

    MultipartReader(InputStream body, String boundary)
    {
        this.in = body;
        this.parser = new MultiPart.Parser(boundary, new Listener());
        this.parser.setPartHeadersMaxLength(MAX_PART_HEADERS);
    }

    static Optional<String> boundary(String contentType)
    {
        for (String parameter : contentType.split(";")) {
            String item = parameter.strip();
            if (item.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = item.substring("boundary=".length()).strip();
                if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The next part, after what is left of the previous one; empty after the closing boundary or the end of the body. */
    Optional<Part> next()
            throws IOException
    {
        if (current != null) {
            current.transferTo(OutputStreamSink.INSTANCE);
        }
        while (true) {
            Object event = events.poll();
            if (event == null) {
                if (failure != null) {
                    return end();
                }
                if (!feed()) {
                    return Optional.empty();
                }
                continue;
            }
            if (event instanceof PartHeaders part) {
                current = new PartStream();
                String disposition = part.headers().getOrDefault("content-disposition", "");
                return Optional.of(new Part(part.headers(), parameter(disposition, "name"), parameter(disposition, "filename")));
            }
            if (event == COMPLETE) {
                return Optional.empty();
            }
            // content or the end of a part nobody asked for: skipped
        }
    }

    /** Whether the content of the current part was read to its closing boundary, not cut short by the end of the body. */
    boolean contentComplete()
    {
        return current != null && current.delimited;
    }

    /** The content of the part {@link #next} returned. */
    InputStream content()
    {
        return current;
    }

    static Optional<String> parameter(String header, String name)
    {
        for (String item : header.split(";")) {
            String parameter = item.strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase(name)) {
                String value = parameter.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** A body that ends before its closing boundary simply ends; anything else the parser refuses is malformed. */
    private Optional<Part> end()
            throws IOException
    {
        if (bodyEnded) {
            return Optional.empty();
        }
        throw new IOException("malformed multipart body", failure);
    }

    /** Hands the parser the next buffer of the body; false once the body has been fed whole. */
    private boolean feed()
            throws IOException
    {
        if (bodyEnded || failure != null) {
            return false;
        }
        byte[] buffer = new byte[READ_SIZE];
        int n = in.read(buffer);
        if (n < 0) {
            bodyEnded = true;
            parser.parse(Content.Chunk.EOF);
        }
        else {
            parser.parse(Content.Chunk.from(ByteBuffer.wrap(buffer, 0, n), false));
        }
        return true;
    }

    private record PartHeaders(Map<String, String> headers) {}

    private final class Listener
            implements MultiPart.Parser.Listener
    {
        @Override
        public void onPartHeader(String name, String value)
        {
            headers.put(name.strip().toLowerCase(Locale.ROOT), value == null ? "" : value.strip());
        }

        @Override
        public void onPartHeaders()
        {
            events.add(new PartHeaders(Collections.unmodifiableMap(new LinkedHashMap<>(headers))));
            headers.clear();
        }

        @Override
        public void onPartContent(Content.Chunk chunk)
        {
            ByteBuffer buffer = chunk.getByteBuffer();
            if (buffer.hasRemaining()) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                events.add(bytes);
            }
        }

        @Override
        public void onPartEnd()
        {
            events.add(PART_END);
        }

        @Override
        public void onComplete()
        {
            events.add(COMPLETE);
        }

        @Override
        public void onFailure(Throwable cause)
        {
            failure = cause;
        }
    }

    /** The content of one part, as the parser produces it. */
    private final class PartStream
            extends InputStream
    {
        private byte[] pending = new byte[0];
        private int position;
        private boolean done;
        private boolean delimited;

        @Override
        public int read()
                throws IOException
        {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            if (length == 0) {
                return 0;
            }
            while (position >= pending.length) {
                if (done) {
                    return -1;
                }
                Object event = events.peek();
                if (event instanceof byte[] bytes) {
                    events.poll();
                    pending = bytes;
                    position = 0;
                }
                else if (event == PART_END) {
                    events.poll();
                    done = true;
                    delimited = true;
                }
                else if (event != null || !feed()) {
                    // the next part, the end, or a body that stopped inside this part
                    done = true;
                    if (event == null && failure != null && !bodyEnded) {
                        throw new IOException("malformed multipart body", failure);
                    }
                }
            }
            int n = Math.min(length, pending.length - position);
            System.arraycopy(pending, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /** Somewhere to throw away what is left of a part. */
    private static final class OutputStreamSink
            extends java.io.OutputStream
    {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b)
        {
        }

        @Override
        public void write(byte[] buffer, int offset, int length)
        {
        }
    }
}
