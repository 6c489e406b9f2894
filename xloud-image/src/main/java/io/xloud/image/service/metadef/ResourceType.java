package io.xloud.image.service.metadef;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A kind of resource namespaces apply to, named as Heat names them (OS::Glance::Image, OS::Nova::Flavor, ...). */
public record ResourceType(String name, boolean isProtected, Instant createdAt, Optional<Instant> updatedAt)
{
    public ResourceType
    {
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
