package io.xloud.objectstore.s3;

import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A tag set of an object or a bucket: {@code <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>} on
 * the wire, or the URL-encoded query form of the {@code x-amz-tagging} header ({@code k1=v1&k2=v2}), which is also
 * how it is kept. AWS's limits: 10 tags on an object, 50 on a bucket, keys of 1 to 128 characters, values of up
 * to 256, keys unique and not prefixed with {@code aws:}.
 */
public record Tagging(List<Tag> tags)
{
    public static final int MAX_OBJECT_TAGS = 10;
    public static final int MAX_BUCKET_TAGS = 50;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 256;
    private static final long MAX_BYTES = 64 * 1024;

    public record Tag(String key, String value)
    {
        public Tag
        {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
        }
    }

    public Tagging
    {
        tags = List.copyOf(tags);
    }

    public static Tagging empty()
    {
        return new Tagging(List.of());
    }

    public boolean isEmpty()
    {
        return tags.isEmpty();
    }

    /** The body of PutObjectTagging or PutBucketTagging, checked against the limits. */
    public static Tagging parse(InputStream body, int maxTags)
    {
        XmlElement root = S3XmlParser.parse(body, MAX_BYTES, 4 * MAX_BUCKET_TAGS + 8);
        if (!root.name().equals("Tagging") || root.children().size() != 1) {
            throw S3XmlParser.malformed();
        }
        XmlElement tagSet = root.child("TagSet").orElseThrow(S3XmlParser::malformed);
        List<Tag> tags = new ArrayList<>();
        for (XmlElement tag : tagSet.children()) {
            if (!tag.name().equals("Tag") || tag.children("Key").size() != 1 || tag.children("Value").size() != 1 || tag.children().size() != 2) {
                throw S3XmlParser.malformed();
            }
            tags.add(new Tag(tag.childText("Key").orElseThrow(), tag.childText("Value").orElseThrow()));
        }
        return checked(tags, maxTags);
    }

    /** The {@code x-amz-tagging} header: a URL-encoded query string. */
    public static Tagging fromHeader(String header, int maxTags)
    {
        List<Tag> tags = new ArrayList<>();
        for (String pair : header.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                tags.add(new Tag(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)));
            }
            catch (IllegalArgumentException e) {
                throw S3ErrorCode.INVALID_ARGUMENT.exception("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.");
            }
        }
        return checked(tags, maxTags);
    }

    /** Tags given one by one (a lifecycle rule's filter), checked against the limits. */
    public static Tagging fromTags(List<Tag> tags, int maxTags)
    {
        return checked(tags, maxTags);
    }

    /** A tag set as kept, read back; it was checked when it was stored. */
    public static Tagging decode(String stored)
    {
        return fromHeader(stored, Integer.MAX_VALUE);
    }

    /**
     * The form it is kept in: the header's, with only the characters that would change its meaning escaped
     * ({@code % & = +}), so that a tag set stays about as long as its text.
     */
    public String encode()
    {
        return tags.stream()
                .map(tag -> escape(tag.key()) + "=" + escape(tag.value()))
                .collect(Collectors.joining("&"));
    }

    private static String escape(String text)
    {
        return text.replace("%", "%25").replace("&", "%26").replace("=", "%3D").replace("+", "%2B");
    }

    public void write(XmlWriter xml)
    {
        xml.root("Tagging").start("TagSet");
        for (Tag tag : tags) {
            xml.start("Tag").element("Key", tag.key()).element("Value", tag.value()).end();
        }
        xml.end().end();
    }

    private static Tagging checked(List<Tag> tags, int maxTags)
    {
        if (tags.size() > maxTags) {
            throw S3ErrorCode.INVALID_TAG.exception(maxTags == MAX_OBJECT_TAGS
                    ? "Object tags cannot be greater than " + maxTags
                    : "Bucket tag count cannot be greater than " + maxTags);
        }
        Set<String> keys = new HashSet<>();
        for (Tag tag : tags) {
            int keyLength = tag.key().codePointCount(0, tag.key().length());
            if (keyLength < 1 || keyLength > MAX_KEY_LENGTH || !allowed(tag.key())) {
                throw S3ErrorCode.INVALID_TAG.exception("The TagKey you have provided is invalid");
            }
            if (tag.value().codePointCount(0, tag.value().length()) > MAX_VALUE_LENGTH || !allowed(tag.value())) {
                throw S3ErrorCode.INVALID_TAG.exception("The TagValue you have provided is invalid");
            }
            if (tag.key().startsWith("aws:")) {
                throw S3ErrorCode.INVALID_TAG.exception("Your TagKey cannot be prefixed with aws:");
            }
            if (!keys.add(tag.key())) {
                throw S3ErrorCode.INVALID_TAG.exception("Cannot provide multiple Tags with the same key");
            }
        }
        return new Tagging(tags);
    }

    /** Letters, digits and white space of any script, and {@code _ . : / = + - @}, as AWS allows in tags. */
    private static boolean allowed(String text)
    {
        return text.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || Character.isWhitespace(c) || c == ' ' || "_.:/=+-@".indexOf(c) >= 0);
    }
}
