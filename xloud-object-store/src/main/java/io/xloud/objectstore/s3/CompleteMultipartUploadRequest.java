package io.xloud.objectstore.s3;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** The body of CompleteMultipartUpload: the parts to join, in order, each with the ETag its upload returned. */
public record CompleteMultipartUploadRequest(List<Part> parts)
{
    public static final int MAX_PARTS = 10_000;
    public static final long MAX_BYTES = 8L * 1024 * 1024;

    /** A part as the client names it; {@code etag} without its quotes. */
    public record Part(int partNumber, String etag, Map<ChecksumAlgorithm, String> checksums)
    {
        public Part
        {
            requireNonNull(etag, "etag is null");
            checksums = Map.copyOf(checksums);
        }
    }

    public CompleteMultipartUploadRequest
    {
        parts = List.copyOf(parts);
    }

    public static CompleteMultipartUploadRequest parse(InputStream body)
    {
        XmlElement root = S3XmlParser.parse(body, MAX_BYTES, 8 * MAX_PARTS + 8);
        if (!root.name().equals("CompleteMultipartUpload")) {
            throw S3XmlParser.malformed();
        }
        List<Part> parts = new ArrayList<>();
        for (XmlElement part : root.children("Part")) {
            int number = S3XmlRequests.parsePartNumber(part.childText("PartNumber").orElseThrow(S3XmlParser::malformed));
            String etag = S3XmlRequests.unquote(part.childText("ETag").orElseThrow(S3XmlParser::malformed));
            Map<ChecksumAlgorithm, String> checksums = new EnumMap<>(ChecksumAlgorithm.class);
            for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
                part.childText("Checksum" + algorithm.wireName()).map(String::strip).ifPresent(value -> checksums.put(algorithm, value));
            }
            parts.add(new Part(number, etag, checksums));
        }
        if (parts.isEmpty() || parts.size() > MAX_PARTS) {
            throw S3XmlParser.malformed();
        }
        return new CompleteMultipartUploadRequest(parts);
    }
}
