package io.xloud.identity.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A project; a top-level project has no parent of its own (Keystone shows its domain as parent_id). */
public record Project(String id, String name, String domainId, Optional<String> parentId, Optional<String> description,
        boolean enabled, List<String> tags, Map<String, Object> extra)
{
    public Project
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(domainId, "domainId is null");
        tags = List.copyOf(tags);
        extra = Map.copyOf(extra);
    }
}
