package io.xloud.objectstore.store;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A container: user metadata, system metadata (ACLs, versioning, face-private settings) and exact usage. */
public record ContainerRow(
        String account,
        String name,
        Map<String, String> metadata,
        Map<String, String> sysmeta,
        long objectCount,
        long bytesUsed,
        long createdAt,
        long updatedAt,
        Optional<String> versioning)
{
    public ContainerRow
    {
        requireNonNull(account, "account is null");
        requireNonNull(name, "name is null");
        metadata = Map.copyOf(metadata);
        sysmeta = Map.copyOf(sysmeta);
        requireNonNull(versioning, "versioning is null");
    }

    /** Whether versioning was ever enabled: the container then keeps versions and delete markers. */
    public boolean versioned()
    {
        return versioning.isPresent();
    }

    /** Whether new writes get a version id of their own (Enabled), rather than the null version. */
    public boolean versioningEnabled()
    {
        return versioning.equals(Optional.of(ENABLED));
    }

    public static final String ENABLED = "Enabled";
    public static final String SUSPENDED = "Suspended";

    public ContainerRow withMetadata(Map<String, String> metadata, Map<String, String> sysmeta, long updatedAt)
    {
        return new ContainerRow(account, name, metadata, sysmeta, objectCount, bytesUsed, createdAt, updatedAt, versioning);
    }
}
