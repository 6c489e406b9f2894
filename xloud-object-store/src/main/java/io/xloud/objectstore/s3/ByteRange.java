package io.xloud.objectstore.s3;

import java.util.Map;
import java.util.Optional;

/** One byte range of an object, both ends included, as S3 serves {@code Range: bytes=...}. */
public record ByteRange(long first, long last)
{
    public ByteRange
    {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid range " + first + "-" + last);
        }
    }

    public long length()
    {
        return last - first + 1;
    }

    public String contentRange(long size)
    {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range a {@code Range} header asks of an object of {@code size} bytes. Empty when the whole object
     * is to be served: a header S3 does not understand (or several ranges) is ignored, as S3 does.
     * A range that starts past the end is InvalidRange (416).
     */
    public static Optional<ByteRange> parse(String header, long size)
    {
        String value = header.strip();
        if (!value.startsWith("bytes=") || value.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = value.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String start = spec.substring(0, dash).strip();
        String end = spec.substring(dash + 1).strip();
        try {
            if (start.isEmpty()) {
                if (end.isEmpty()) {
                    return Optional.empty();
                }
                long suffix = Long.parseLong(end);
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(start);
            long last = end.isEmpty() ? Long.MAX_VALUE : Long.parseLong(end);
            if (first < 0 || last < first) {
                return Optional.empty();
            }
            if (first >= size) {
                throw unsatisfiable(size);
            }
            return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static RuntimeException unsatisfiable(long size)
    {
        return new io.xloud.core.error.ApiException(S3ErrorCode.INVALID_RANGE, "The requested range is not satisfiable",
                Map.of("Content-Range", "bytes */" + size));
    }
}
