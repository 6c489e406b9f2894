package io.xloud.identity.service;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A service of the catalog; its name and description live in extra, as Keystone keeps them. */
public record Service(String id, String type, boolean enabled, Map<String, Object> extra)
{
    public Service
    {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        extra = Map.copyOf(extra);
    }
}
