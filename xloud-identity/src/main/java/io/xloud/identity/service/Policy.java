package io.xloud.identity.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A policy blob stored for other services (Keystone's v3 policies API); Identity does not interpret it. */
public record Policy(String id, String type, String blob, Map<String, Object> extra)
{
    public Policy
    {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(blob, "blob is null");
        // keeps the order the attributes were given in, which is the order they are shown in
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }
}
