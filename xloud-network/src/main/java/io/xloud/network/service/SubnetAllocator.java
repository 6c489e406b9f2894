package io.xloud.network.service;

import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * What subnet create and delete ask of subnet pools. Called inside the subnet's unit of work, so the allocation
 * commits or rolls back with the subnet.
 * <ul>
 * <li>create with {@code subnetpool_id} (or {@code use_default_subnetpool: true}): {@link #allocate} gives the CIDR
 * to use (the requested one if free, else the lowest free block of {@code prefixlen} or the pool's default);</li>
 * <li>delete: {@link #release};</li>
 * <li>views: {@link #subnetPoolOf} for a subnet's {@code subnetpool_id}, {@link #addressScopeOf} for a network's
 * {@code ipv4_address_scope} and {@code ipv6_address_scope}.</li>
 * </ul>
 */
public interface SubnetAllocator
{
    /**
     * A subnet's request for a prefix.
     *
     * @param subnetPoolId the pool, or empty with {@code useDefaultSubnetPool} for the default pool of {@code ipVersion}
     * @param cidr a specific CIDR wanted from the pool, or empty for any free block
     * @param prefixlen the length of the block when no CIDR is given; empty for the pool's default_prefixlen
     */
    record PrefixRequest(
            String subnetId,
            String networkId,
            String projectId,
            Optional<String> subnetPoolId,
            boolean useDefaultSubnetPool,
            OptionalInt ipVersion,
            Optional<String> cidr,
            OptionalInt prefixlen)
    {
        public PrefixRequest
        {
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(networkId, "networkId is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(subnetPoolId, "subnetPoolId is null");
            requireNonNull(ipVersion, "ipVersion is null");
            requireNonNull(cidr, "cidr is null");
            requireNonNull(prefixlen, "prefixlen is null");
            if (subnetPoolId.isEmpty() && !useDefaultSubnetPool) {
                throw new IllegalArgumentException("a prefix request names a pool or asks for the default one");
            }
        }
    }

    /** The CIDR handed out, the pool it came from and that pool's address scope. */
    record AllocatedPrefix(String subnetPoolId, String cidr, Optional<String> addressScopeId) {}

    /**
     * @throws io.xloud.core.error.ApiException 404 for a pool the project cannot see, 400 for bad lengths or
     *         versions, 409 {@code SubnetAllocationError} when no such block is free, 409 {@code SubnetPoolQuotaExceeded}
     */
    AllocatedPrefix allocate(Requester requester, PrefixRequest request);

    /** Gives a deleted subnet's prefix back to its pool; nothing for a subnet not from a pool. */
    void release(String subnetId);

    Optional<String> subnetPoolOf(String subnetId);

    Optional<String> addressScopeOf(String networkId, int ipVersion);
}
