package io.xloud.objectstore.store;

import java.util.Map;

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
        long updatedAt)
{
    public ContainerRow
    {
        requireNonNull(account, "account is null");
        requireNonNull(name, "name is null");
        metadata = Map.copyOf(metadata);
        sysmeta = Map.copyOf(sysmeta);
    }

    public ContainerRow withMetadata(Map<String, String> metadata, Map<String, String> sysmeta, long updatedAt)
    {
        return new ContainerRow(account, name, metadata, sysmeta, objectCount, bytesUsed, createdAt, updatedAt);
    }
}
