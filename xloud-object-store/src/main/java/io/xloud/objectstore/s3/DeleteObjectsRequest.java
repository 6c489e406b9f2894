package io.xloud.objectstore.s3;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The body of DeleteObjects: {@code <Delete><Quiet/><Object><Key/><VersionId/><ETag/></Object>...</Delete>}, 1 to 1000 keys;
 * an object's ETag makes its delete conditional. {@code LastModifiedTime} and {@code Size} (conditions S3 has for
 * directory buckets only) are noted, for the caller to refuse.
 */
public record DeleteObjectsRequest(boolean quiet, List<ObjectToDelete> objects)
{
    public static final int MAX_KEYS = 1000;
    /** A thousand keys of 1024 bytes, escaped, with room for the markup. */
    public static final long MAX_BYTES = 8L * 1024 * 1024;

    public record ObjectToDelete(String key, Optional<String> versionId, Optional<String> etag, boolean otherCondition)
    {
        public ObjectToDelete
        {
            requireNonNull(key, "key is null");
            requireNonNull(versionId, "versionId is null");
            requireNonNull(etag, "etag is null");
        }

        public ObjectToDelete(String key, Optional<String> versionId)
        {
            this(key, versionId, Optional.empty(), false);
        }
    }

    public DeleteObjectsRequest
    {
        objects = List.copyOf(objects);
    }

    public static DeleteObjectsRequest parse(InputStream body)
    {
        XmlElement root = S3XmlParser.parse(body, MAX_BYTES, 7 * MAX_KEYS + 8);
        if (!root.name().equals("Delete")) {
            throw S3XmlParser.malformed();
        }
        boolean quiet = root.childText("Quiet").map(S3XmlRequests::parseBoolean).orElse(false);
        List<ObjectToDelete> objects = new ArrayList<>();
        for (XmlElement object : root.children("Object")) {
            String key = object.childText("Key").orElseThrow(S3XmlParser::malformed);
            Optional<String> versionId = object.childText("VersionId").map(String::strip).filter(id -> !id.isEmpty());
            Optional<String> etag = object.childText("ETag").map(String::strip).filter(value -> !value.isEmpty());
            boolean otherCondition = object.childText("LastModifiedTime").isPresent() || object.childText("Size").isPresent();
            objects.add(new ObjectToDelete(key, versionId, etag, otherCondition));
        }
        if (objects.isEmpty() || objects.size() > MAX_KEYS) {
            throw S3XmlParser.malformed();
        }
        return new DeleteObjectsRequest(quiet, objects);
    }
}
