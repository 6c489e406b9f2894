package io.xloud.objectstore.s3;

import java.io.InputStream;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The optional body of CreateBucket: {@code <CreateBucketConfiguration><LocationConstraint/></CreateBucketConfiguration>}. */
public record CreateBucketConfiguration(Optional<String> locationConstraint)
{
    public static final long MAX_BYTES = 64 * 1024;

    public CreateBucketConfiguration
    {
        requireNonNull(locationConstraint, "locationConstraint is null");
    }

    public static CreateBucketConfiguration parse(InputStream body)
    {
        XmlElement root = S3XmlParser.parse(body, MAX_BYTES, 64);
        if (!root.name().equals("CreateBucketConfiguration")) {
            throw S3XmlParser.malformed();
        }
        return new CreateBucketConfiguration(root.childText("LocationConstraint").map(String::strip).filter(value -> !value.isEmpty()));
    }
}
