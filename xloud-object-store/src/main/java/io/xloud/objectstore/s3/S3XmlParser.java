package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;
import org.apache.commons.io.input.BoundedInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads the small XML documents S3 requests carry (DeleteObjects, CompleteMultipartUpload,
 * CreateBucketConfiguration) into {@link XmlElement}s. No DTD is accepted and no entity is
 * resolved; size, depth and element count are bounded. Anything wrong is {@code MalformedXML}.
 */
public final class S3XmlParser
{
    public static final int MAX_DEPTH = 16;

    private static final XMLInputFactory FACTORY = factory();

    private S3XmlParser() {}

    private static XMLInputFactory factory()
    {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        return factory;
    }

    /**
     * The document's root element.
     *
     * @param maxBytes the most bytes the document may have
     * @param maxElements the most elements it may have
     */
    public static XmlElement parse(InputStream in, long maxBytes, int maxElements)
    {
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(bounded(in, maxBytes));
            Deque<Builder> stack = new ArrayDeque<>();
            XmlElement root = null;
            int elements = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (root != null || ++elements > maxElements || stack.size() >= MAX_DEPTH) {
                            throw malformed();
                        }
                        stack.push(new Builder(reader.getLocalName()));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (stack.isEmpty()) {
                            if (!reader.isWhiteSpace()) {
                                throw malformed();
                            }
                        }
                        else {
                            stack.peek().text.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        XmlElement element = stack.pop().build();
                        if (stack.isEmpty()) {
                            root = element;
                        }
                        else {
                            stack.peek().children.add(element);
                        }
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION,
                         XMLStreamConstants.NOTATION_DECLARATION -> throw malformed();
                    default -> {
                        // comments, processing instructions and the document's start and end carry nothing
                    }
                }
            }
            if (root == null) {
                throw malformed();
            }
            return root;
        }
        catch (XMLStreamException | IOException | RuntimeException e) {
            // a failure of the body itself (a bad checksum, a size limit) keeps its own code
            throw cause(e).orElseGet(S3XmlParser::malformed);
        }
        finally {
            if (reader != null) {
                try {
                    reader.close();
                }
                catch (XMLStreamException ignored) {
                    // nothing was held open beyond the stream the caller owns
                }
            }
        }
    }

    private static Optional<ApiException> cause(Throwable failure)
    {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (current instanceof ApiException api) {
                return Optional.of(api);
            }
            Throwable next = current instanceof XMLStreamException stream && stream.getNestedException() != null
                    ? stream.getNestedException() : current.getCause();
            current = next == current ? null : next;
        }
        return Optional.empty();
    }

    public static ApiException malformed()
    {
        return S3ErrorCode.MALFORMED_XML.exception("The XML you provided was not well-formed or did not validate against our published schema");
    }

    private static final class Builder
    {
        final String name;
        final StringBuilder text = new StringBuilder();
        final List<XmlElement> children = new ArrayList<>();

        Builder(String name)
        {
            this.name = name;
        }

        XmlElement build()
        {
            return new XmlElement(name, children.isEmpty() ? text.toString() : "", children);
        }
    }

    /** Fails the parse once the document is longer than allowed, instead of reading without bound. */
    private static InputStream bounded(InputStream in, long limit)
            throws IOException
    {
        return BoundedInputStream.builder()
                .setInputStream(in)
                .setMaxCount(limit)
                // at the limit, one more byte means the document is too long; none means it simply ended there
                .setOnMaxCount((max, count) -> {
                    if (in.read() >= 0) {
                        throw new IOException(malformed());
                    }
                })
                .get();
    }
}
