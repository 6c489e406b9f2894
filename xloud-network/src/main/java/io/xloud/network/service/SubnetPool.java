package io.xloud.network.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A Neutron subnet pool: prefixes (merged, sorted) that subnets take their CIDRs from, the prefix lengths they may
 * have, and the per-project quota in addresses (IPv4) or /64s (IPv6).
 */
public record SubnetPool(
        String id,
        String projectId,
        String name,
        String description,
        int ipVersion,
        List<CidrBlock> prefixes,
        int defaultPrefixlen,
        int minPrefixlen,
        int maxPrefixlen,
        OptionalLong defaultQuota,
        boolean isDefault,
        Optional<String> addressScopeId,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber)
{
    public SubnetPool
    {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        prefixes = List.copyOf(prefixes);
        requireNonNull(defaultQuota, "defaultQuota is null");
        requireNonNull(addressScopeId, "addressScopeId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
