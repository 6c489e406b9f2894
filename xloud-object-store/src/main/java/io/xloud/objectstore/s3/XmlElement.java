package io.xloud.objectstore.s3;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One element of a small request document: its local name, its text as sent (untrimmed) and its child elements. */
public record XmlElement(String name, String text, List<XmlElement> children)
{
    public XmlElement
    {
        requireNonNull(name, "name is null");
        requireNonNull(text, "text is null");
        children = List.copyOf(children);
    }

    public List<XmlElement> children(String childName)
    {
        return children.stream().filter(child -> child.name.equals(childName)).toList();
    }

    /** The one child of a name; MalformedXML when there are several. */
    public Optional<XmlElement> child(String childName)
    {
        List<XmlElement> matching = children(childName);
        if (matching.size() > 1) {
            throw S3XmlParser.malformed();
        }
        return matching.stream().findFirst();
    }

    public Optional<String> childText(String childName)
    {
        return child(childName).map(XmlElement::text);
    }
}
