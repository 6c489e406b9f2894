package io.xloud.identity.service;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public record Domain(String id, String name, Optional<String> description, boolean enabled, Map<String, Object> extra)
{
    public Domain
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        extra = Map.copyOf(extra);
    }
}
