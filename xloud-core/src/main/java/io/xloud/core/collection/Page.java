package io.xloud.core.collection;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One page of a list, in the order the client asked for. {@code hasMore}: rows exist past the page in the direction of
 * paging (for Keystone, the list was cut: {@code truncated}). The markers are the ids the next and previous links carry.
 */
public record Page<T>(List<T> items, boolean hasMore, Optional<String> nextMarker, Optional<String> previousMarker)
{
    public Page
    {
        items = List.copyOf(items);
        requireNonNull(nextMarker, "nextMarker is null");
        requireNonNull(previousMarker, "previousMarker is null");
    }

    public <R> Page<R> map(java.util.function.Function<? super T, ? extends R> function)
    {
        return new Page<>(items.stream().<R>map(function).toList(), hasMore, nextMarker, previousMarker);
    }
}
