package io.xloud.core.module;

import static java.util.Objects.requireNonNull;

/**
 * One service in the catalog, as DevStack publishes it: its type ({@code object-store}), its name
 * ({@code swift}) and its URL below the public base URL, which may hold {@code $(project_id)s}.
 */
public record CatalogEntry(String type, String name, String path)
{
    public CatalogEntry
    {
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("catalog path must start with '/': " + path);
        }
    }
}
