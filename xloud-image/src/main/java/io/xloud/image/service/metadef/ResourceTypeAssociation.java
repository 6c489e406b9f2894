package io.xloud.image.service.metadef;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A namespace applied to a resource type, with the prefix its properties take there and the metadata they target. */
public record ResourceTypeAssociation(String name, Optional<String> prefix, Optional<String> propertiesTarget, Instant createdAt,
        Optional<Instant> updatedAt)
{
    public ResourceTypeAssociation
    {
        requireNonNull(name, "name is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(propertiesTarget, "propertiesTarget is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** What a client gives to associate a namespace with a resource type. */
    public record Draft(String name, Optional<String> prefix, Optional<String> propertiesTarget)
    {
        public Draft
        {
            requireNonNull(name, "name is null");
            requireNonNull(prefix, "prefix is null");
            requireNonNull(propertiesTarget, "propertiesTarget is null");
        }
    }
}
