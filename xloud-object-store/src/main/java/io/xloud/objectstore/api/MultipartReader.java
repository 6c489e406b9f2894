package io.xloud.objectstore.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A streaming reader of multipart/form-data: one part at a time, its content read straight from the request. */
final class MultipartReader
{
    private static final int MAX_HEADER_LINE = 8192;

    record Part(Map<String, String> headers, Optional<String> name, Optional<String> filename) {}

    private final InputStream in;
    private final byte[] delimiter;
    private boolean finished;
    private PartStream current;

    MultipartReader(InputStream body, String boundary)
    {
        // a leading CRLF makes the first boundary look like every other one
        this.in = new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream("\r\n".getBytes(StandardCharsets.US_ASCII)), body), 64 * 1024);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
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

    /** The next part, after what is left of the previous one; empty after the closing boundary. */
    Optional<Part> next()
            throws IOException
    {
        if (current == null) {
            // the preamble, up to the first boundary
            new PartStream().transferTo(OutputStreamSink.INSTANCE);
        }
        else {
            current.transferTo(OutputStreamSink.INSTANCE);
        }
        if (finished) {
            return Optional.empty();
        }
        int first = in.read();
        int second = in.read();
        if (first == '-' && second == '-') {
            finished = true;
            return Optional.empty();
        }
        if (first != '\r' || second != '\n') {
            throw new IOException("malformed multipart body");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        String disposition = headers.getOrDefault("content-disposition", "");
        current = new PartStream();
        return Optional.of(new Part(headers, parameter(disposition, "name"), parameter(disposition, "filename")));
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

    private String readLine()
            throws IOException
    {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (line.size() > MAX_HEADER_LINE) {
                throw new IOException("multipart header line too long");
            }
            line.write(b);
        }
        if (b < 0) {
            throw new IOException("multipart body ends in a part's headers");
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
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

    /** The bytes up to the next delimiter, which it consumes. */
    private final class PartStream
            extends InputStream
    {
        private boolean done;
        private boolean delimited;

        @Override
        public int read()
                throws IOException
        {
            if (done) {
                return -1;
            }
            in.mark(delimiter.length);
            int b = in.read();
            if (b < 0) {
                done = true;
                finished = true;
                return -1;
            }
            if (b == (delimiter[0] & 0xff)) {
                int matched = 1;
                while (matched < delimiter.length) {
                    int next = in.read();
                    if (next != (delimiter[matched] & 0xff)) {
                        break;
                    }
                    matched++;
                }
                if (matched == delimiter.length) {
                    done = true;
                    delimited = true;
                    return -1;
                }
                in.reset();
                in.read();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            if (length == 0) {
                return 0;
            }
            int count = 0;
            while (count < length) {
                int b = read();
                if (b < 0) {
                    break;
                }
                buffer[offset + count++] = (byte) b;
                if (in.available() == 0 && count > 0) {
                    break;
                }
            }
            return count == 0 ? -1 : count;
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
