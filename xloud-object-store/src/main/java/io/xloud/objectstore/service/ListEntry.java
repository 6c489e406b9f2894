package io.xloud.objectstore.service;

import static java.util.Objects.requireNonNull;

/** One entry of a listing: an item, or a rolled-up prefix when the listing has a delimiter. */
public sealed interface ListEntry<T>
{
    /** The name the entry sorts by: the item's name, or the subdir's prefix. */
    String name();

    record Item<T>(String name, T value) implements ListEntry<T>
    {
        public Item
        {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** Names that share {@code name} up to and including the delimiter (S3 CommonPrefixes, Swift subdir). */
    record Subdir<T>(String name) implements ListEntry<T>
    {
        public Subdir
        {
            requireNonNull(name, "name is null");
        }
    }
}
