package io.xloud.objectstore.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A listing request, Swift's and S3's parameters alike. Names compare as UTF-8 bytes.
 *
 * @param marker list only names after this one (before it, when reversed)
 * @param endMarker list only names before this one (after it, when reversed)
 * @param delimiter roll names that contain it after the prefix up into one {@link ListEntry.Subdir}
 * @param limit how many entries at most, subdirs included
 */
public record ListQuery(
        Optional<String> prefix,
        Optional<String> delimiter,
        Optional<String> marker,
        Optional<String> endMarker,
        int limit,
        boolean reverse)
{
    public ListQuery
    {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(delimiter, "delimiter is null");
        requireNonNull(marker, "marker is null");
        requireNonNull(endMarker, "endMarker is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative");
        }
        prefix = prefix.filter(value -> !value.isEmpty());
        delimiter = delimiter.filter(value -> !value.isEmpty());
        marker = marker.filter(value -> !value.isEmpty());
        endMarker = endMarker.filter(value -> !value.isEmpty());
    }

    public static ListQuery all(int limit)
    {
        return new ListQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit, false);
    }

    public static ListQuery prefix(String prefix, int limit)
    {
        return new ListQuery(Optional.of(prefix), Optional.empty(), Optional.empty(), Optional.empty(), limit, false);
    }

    public ListQuery withMarker(String marker)
    {
        return new ListQuery(prefix, delimiter, Optional.of(marker), endMarker, limit, reverse);
    }
}
