package io.xloud.identity.service;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A region of the catalog. */
public record Region(String id, Optional<String> description, Optional<String> parentRegionId, Map<String, Object> extra)
{
    public Region
    {
        requireNonNull(id, "id is null");
        extra = Map.copyOf(extra);
    }
}
