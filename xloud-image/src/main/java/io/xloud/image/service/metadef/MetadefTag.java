package io.xloud.image.service.metadef;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A tag definition of a namespace; names are unique in a namespace without regard to case. */
public record MetadefTag(String name, Instant createdAt, Optional<Instant> updatedAt)
{
    public MetadefTag
    {
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
