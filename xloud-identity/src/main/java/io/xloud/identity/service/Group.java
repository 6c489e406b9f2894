package io.xloud.identity.service;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public record Group(String id, String name, String domainId, Optional<String> description, Map<String, Object> extra)
{
    public Group
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(domainId, "domainId is null");
        extra = Map.copyOf(extra);
    }
}
