package io.xloud.identity.service;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A role; global roles have no domain. */
public record Role(String id, String name, Optional<String> domainId, Optional<String> description,
        Map<String, Object> options, Map<String, Object> extra)
{
    public static final String NO_DOMAIN = "<<null>>";

    public Role
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        options = Map.copyOf(options);
        extra = Map.copyOf(extra);
    }
}
