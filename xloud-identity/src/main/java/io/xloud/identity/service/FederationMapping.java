package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/** An OS-FEDERATION mapping: rules that turn an assertion into a local user, groups and projects. */
public record FederationMapping(String id, JsonNode rules, String schemaVersion)
{
    public FederationMapping
    {
        requireNonNull(id, "id is null");
        requireNonNull(rules, "rules is null");
        requireNonNull(schemaVersion, "schemaVersion is null");
    }
}
