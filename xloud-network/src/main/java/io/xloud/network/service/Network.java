package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A network as stored, with the ids of its subnets. */
public record Network(
        String id,
        String name,
        boolean adminStateUp,
        String status,
        boolean shared,
        boolean external,
        boolean isDefault,
        int mtu,
        boolean portSecurityEnabled,
        Optional<String> networkType,
        Optional<String> physicalNetwork,
        Optional<Integer> segmentationId,
        List<String> availabilityZoneHints,
        String dnsDomain,
        Optional<String> qosPolicyId,
        List<String> subnets,
        Standard standard)
{
    public Network
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(status, "status is null");
        requireNonNull(networkType, "networkType is null");
        requireNonNull(physicalNetwork, "physicalNetwork is null");
        requireNonNull(segmentationId, "segmentationId is null");
        availabilityZoneHints = List.copyOf(availabilityZoneHints);
        requireNonNull(dnsDomain, "dnsDomain is null");
        requireNonNull(qosPolicyId, "qosPolicyId is null");
        subnets = List.copyOf(subnets);
        requireNonNull(standard, "standard is null");
    }

    public String projectId()
    {
        return standard.projectId();
    }

    /** Whether a caller of another project sees it: shared, or external. */
    public boolean visibleTo(Caller caller)
    {
        return caller.owns(projectId()) || shared || external;
    }
}
