package io.xloud.objectstore.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** Keys to set and keys to remove in a metadata map; keys are lower case. Removal is applied first. */
public record MetadataUpdate(Map<String, String> set, Set<String> remove)
{
    public MetadataUpdate
    {
        set = Map.copyOf(set);
        remove = Set.copyOf(remove);
    }

    public static MetadataUpdate none()
    {
        return new MetadataUpdate(Map.of(), Set.of());
    }

    public static MetadataUpdate set(Map<String, String> values)
    {
        return new MetadataUpdate(values, Set.of());
    }

    public boolean isEmpty()
    {
        return set.isEmpty() && remove.isEmpty();
    }

    public Map<String, String> applyTo(Map<String, String> current)
    {
        requireNonNull(current, "current is null");
        Map<String, String> result = new HashMap<>(current);
        remove.forEach(result::remove);
        result.putAll(set);
        return result;
    }
}
