package io.xloud.network.service;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A network as stored, with the ids of its subnets. {@code shared} and {@code external} stand for RBAC policies granting
 * every project; {@code sharedWith} and {@code externalFor} are the projects that policies naming one project grant
 * access_as_shared and access_as_external.
 */
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
        Set<String> sharedWith,
        Set<String> externalFor,
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
        sharedWith = Set.copyOf(sharedWith);
        externalFor = Set.copyOf(externalFor);
        requireNonNull(standard, "standard is null");
    }

    public String projectId()
    {
        return standard.projectId();
    }

    /** Whether a caller of another project sees it: shared or external, with every project or with the caller's. */
    public boolean visibleTo(Caller caller)
    {
        return caller.owns(projectId()) || shared || external || sharedWith.contains(caller.projectId()) || externalFor.contains(caller.projectId());
    }

    /** Whether the network is shared with the caller's project, as Neutron's {@code shared} shows it to that project. */
    public boolean sharedFor(Caller caller)
    {
        return shared || sharedWith.contains(caller.projectId());
    }

    /**
     * {@code router:external} as Neutron shows it to whoever sees the network: any access_as_external policy makes it
     * external, while who sees it still follows the policies' targets.
     */
    public boolean routerExternal()
    {
        return external || !externalFor.isEmpty();
    }

    /** The same network with other subnets, grants and standard attributes (as the store completes a row). */
    public Network with(List<String> subnets, Set<String> sharedWith, Set<String> externalFor, Standard standard)
    {
        return new Network(id, name, adminStateUp, status, shared, external, isDefault, mtu, portSecurityEnabled, networkType, physicalNetwork,
                segmentationId, availabilityZoneHints, dnsDomain, qosPolicyId, subnets, sharedWith, externalFor, standard);
    }
}
