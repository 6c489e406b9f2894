package io.xloud.objectstore.s3;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes S3's XML documents as a stream, element by element, so that a listing of any length is never
 * built in memory. Text is escaped; characters XML 1.0 cannot carry are written as character references,
 * as S3 does (clients that cannot read them ask for {@code encoding-type=url}).
 */
public final class XmlWriter
        implements AutoCloseable
{
    public static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final Writer out;
    private final Deque<String> open = new ArrayDeque<>();

    public static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    public XmlWriter(OutputStream out)
    {
        this(out, true);
    }

    /** A writer that leaves out the XML declaration, for a document whose declaration is already written. */
    public XmlWriter(OutputStream out, boolean declaration)
    {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        if (declaration) {
            write(DECLARATION);
        }
    }

    /** A whole document in memory, for small bodies such as errors. */
    public static byte[] document(java.util.function.Consumer<XmlWriter> body)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (XmlWriter writer = new XmlWriter(bytes)) {
            body.accept(writer);
        }
        return bytes.toByteArray();
    }

    /** Opens the root element in S3's namespace. */
    public XmlWriter root(String name)
    {
        return start(name, "xmlns", S3_NAMESPACE);
    }

    public XmlWriter start(String name)
    {
        write("<" + name + ">");
        open.push(name);
        return this;
    }

    public XmlWriter start(String name, String attribute, String value)
    {
        return start(name, new String[] {attribute, value});
    }

    /** An element with attributes given as name, value, name, value... */
    public XmlWriter start(String name, String... attributes)
    {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attribute names and values must pair up");
        }
        write("<" + name);
        for (int i = 0; i < attributes.length; i += 2) {
            write(" " + attributes[i] + "=\"");
            escape(attributes[i + 1], true);
            write("\"");
        }
        write(">");
        open.push(name);
        return this;
    }

    public XmlWriter end()
    {
        write("</" + open.pop() + ">");
        return this;
    }

    /** {@code <name>text</name>}. */
    public XmlWriter element(String name, String text)
    {
        write("<" + name + ">");
        escape(text, false);
        write("</" + name + ">");
        return this;
    }

    /** Text inside the element last opened. */
    public XmlWriter text(String text)
    {
        escape(text, false);
        return this;
    }

    public XmlWriter element(String name, long value)
    {
        return element(name, Long.toString(value));
    }

    public XmlWriter element(String name, boolean value)
    {
        return element(name, Boolean.toString(value));
    }

    /** Flushes what is written so far to the stream. */
    public void flush()
    {
        try {
            out.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes every element still open and flushes; the underlying stream is left open. */
    @Override
    public void close()
    {
        while (!open.isEmpty()) {
            end();
        }
        flush();
    }

    private void escape(String text, boolean attribute)
    {
        StringBuilder escaped = null;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> attribute ? "&quot;" : null;
                case '\r' -> "&#xD;";
                default -> c < 0x20 && c != '\t' && c != '\n' ? "&#x" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ";"
                        : (c == 0xFFFE || c == 0xFFFF) ? "&#x" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ";" : null;
            };
            if (replacement != null) {
                if (escaped == null) {
                    escaped = new StringBuilder(text.length() + 16);
                }
                escaped.append(text, start, i).append(replacement);
                start = i + 1;
            }
        }
        if (escaped == null) {
            write(text);
        }
        else {
            escaped.append(text, start, text.length());
            write(escaped.toString());
        }
    }

    private void write(String text)
    {
        try {
            out.write(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
