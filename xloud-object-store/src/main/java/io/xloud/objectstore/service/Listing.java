package io.xloud.objectstore.service;

import java.util.List;

/**
 * A page of a listing. {@code truncated} says that more entries follow; the next page starts after the name
 * of the last entry ({@code marker = entries.getLast().name()}), which also steps over a rolled-up subdir.
 */
public record Listing<T>(List<ListEntry<T>> entries, boolean truncated)
{
    public Listing
    {
        entries = List.copyOf(entries);
    }
}
