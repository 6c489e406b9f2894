package io.xloud.objectstore.service;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A container: user metadata (keys lower case, without prefix), system metadata (ACLs, versioning and
 * face-private settings; keys are namespaced by the face, e.g. {@code swift.read-acl}), and exact usage.
 * Times are epoch microseconds.
 */
public record ContainerInfo(
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
    /** The versioning states of a container, as S3 names them; a container that never had versioning has none. */
    public static final String VERSIONING_ENABLED = "Enabled";
    public static final String VERSIONING_SUSPENDED = "Suspended";

    /** User metadata keys of the container quotas (Swift's X-Container-Meta-Quota-Bytes / -Count). */
    public static final String QUOTA_BYTES = "quota-bytes";
    public static final String QUOTA_COUNT = "quota-count";

    public ContainerInfo
    {
        requireNonNull(account, "account is null");
        requireNonNull(name, "name is null");
        metadata = Map.copyOf(metadata);
        sysmeta = Map.copyOf(sysmeta);
        requireNonNull(versioning, "versioning is null");
    }

    public boolean versioningEnabled()
    {
        return versioning.equals(Optional.of(VERSIONING_ENABLED));
    }

    /** Whether the container has a quota of its own (bytes, objects or both). */
    public boolean hasQuota()
    {
        return quotaBytes().isPresent() || quotaCount().isPresent();
    }

    public OptionalLong quotaBytes()
    {
        return Quotas.parse(metadata.get(QUOTA_BYTES));
    }

    public OptionalLong quotaCount()
    {
        return Quotas.parse(metadata.get(QUOTA_COUNT));
    }
}
