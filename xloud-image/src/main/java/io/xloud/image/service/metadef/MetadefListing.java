package io.xloud.image.service.metadef;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A page request as Glance's metadef lists take it: {@code limit}, {@code marker} (a name), {@code sort_key} and
 * {@code sort_dir}; namespaces also filter on {@code visibility} and {@code resource_types}.
 */
public record MetadefListing(
        int limit,
        Optional<String> marker,
        String sortKey,
        boolean ascending,
        Optional<String> visibility,
        List<String> resourceTypes)
{
    public MetadefListing
    {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        requireNonNull(marker, "marker is null");
        requireNonNull(sortKey, "sortKey is null");
        requireNonNull(visibility, "visibility is null");
        resourceTypes = List.copyOf(resourceTypes);
    }

    /** A page of results and whether the limit cut the list. */
    public record Page<T>(List<T> items, boolean hasMore)
    {
        public Page
        {
            items = List.copyOf(items);
        }
    }
}
