package io.xloud.network.service;

import java.util.Optional;

/**
 * Where a subnet created without a CIDR gets one: from a subnet pool (subnet_allocation). The subnet-pool resource
 * provides it; without it, a subnet needs a CIDR. Called inside the subnet's unit of work.
 */
public interface SubnetPools
{
    /**
     * The CIDR allocated for a new subnet of {@code projectId}, and the pool it came from.
     *
     * @param subnetpoolId the pool asked for, if any
     * @param prefixLength the prefix length asked for, if any
     * @param cidr the CIDR asked for, if any (a pool may check that it lies within)
     * @param useDefault whether the default pool of the IP version was asked for
     * @return empty when the request names no pool (the subnet then needs its own CIDR)
     */
    Optional<Allocation> allocate(Caller caller, String projectId, int ipVersion, Optional<String> subnetpoolId, Optional<Integer> prefixLength,
            Optional<String> cidr, boolean useDefault);

    record Allocation(String cidr, String subnetpoolId) {}

    static SubnetPools none()
    {
        return (caller, projectId, ipVersion, subnetpoolId, prefixLength, cidr, useDefault) -> {
            if (subnetpoolId.isPresent() || useDefault) {
                throw new io.xloud.core.error.ApiException(NetworkErrorCode.BAD_REQUEST, "Subnet pools are not supported.");
            }
            return Optional.empty();
        };
    }
}
