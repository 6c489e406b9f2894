package io.xloud.image.service.metadef;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A metadata definitions namespace as Glance keeps it: a unique name, who owns it, who sees it, and whether it may be deleted. */
public record MetadefNamespace(
        String id,
        String namespace,
        Optional<String> displayName,
        Optional<String> description,
        String visibility,
        boolean isProtected,
        Optional<String> owner,
        Instant createdAt,
        Optional<Instant> updatedAt)
{
    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";

    public MetadefNamespace
    {
        requireNonNull(id, "id is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(description, "description is null");
        requireNonNull(visibility, "visibility is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public boolean isPublic()
    {
        return PUBLIC.equals(visibility);
    }
}
