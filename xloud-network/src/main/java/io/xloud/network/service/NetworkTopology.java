package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What routers and floating IPs read and change in the core's networks, subnets and ports. Lookups here see every
 * project: the L3 services decide what the caller may see. Port changes join the unit of work open on the thread.
 */
public interface NetworkTopology
{
    /** Who may see a resource of the core: its owner, an admin, or anybody when it is shared or external. */
    /**
     * {@code external} is the network's {@code router:external} for every project (a wildcard access_as_external
     * policy); {@code externalFor} are the projects an access_as_external policy names.
     */
    record NetworkInfo(String id, String projectId, String name, boolean external, boolean shared, List<String> subnetIds, java.util.Set<String> externalFor)
    {
        public NetworkInfo
        {
            requireNonNull(id, "id is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            subnetIds = List.copyOf(subnetIds);
            externalFor = java.util.Set.copyOf(externalFor);
        }

        public NetworkInfo(String id, String projectId, String name, boolean external, boolean shared, List<String> subnetIds)
        {
            this(id, projectId, name, external, shared, subnetIds, java.util.Set.of());
        }

        /** Whether the project may use the network as an external one (router gateway, floating IPs): external for all or for it. */
        public boolean externalTo(String project)
        {
            return external || externalFor.contains(project);
        }

        /** {@code router:external} as Neutron shows it: any access_as_external policy makes the network external. */
        public boolean routerExternal()
        {
            return external || !externalFor.isEmpty();
        }
    }

    record SubnetInfo(String id, String projectId, String name, String networkId, int ipVersion, String cidr, Optional<String> gatewayIp)
    {
        public SubnetInfo
        {
            requireNonNull(id, "id is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            requireNonNull(networkId, "networkId is null");
            requireNonNull(cidr, "cidr is null");
            requireNonNull(gatewayIp, "gatewayIp is null");
        }
    }

    record FixedIp(String subnetId, String ipAddress)
    {
        public FixedIp
        {
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(ipAddress, "ipAddress is null");
        }
    }

    record PortInfo(String id, String projectId, String name, String networkId, String macAddress, boolean adminStateUp, String status,
            String deviceId, String deviceOwner, List<FixedIp> fixedIps)
    {
        public PortInfo
        {
            requireNonNull(id, "id is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            requireNonNull(networkId, "networkId is null");
            requireNonNull(macAddress, "macAddress is null");
            requireNonNull(status, "status is null");
            requireNonNull(deviceId, "deviceId is null");
            requireNonNull(deviceOwner, "deviceOwner is null");
            fixedIps = List.copyOf(fixedIps);
        }
    }

    /** An address wanted on a new port: a subnet, an exact address, or both. */
    record RequestedIp(Optional<String> subnetId, Optional<String> ipAddress)
    {
        public RequestedIp
        {
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(ipAddress, "ipAddress is null");
        }
    }

    /** A port the L3 services make for themselves; empty {@code fixedIps} lets the core's IPAM choose. */
    record NewPort(String projectId, String networkId, List<RequestedIp> fixedIps, String deviceId, String deviceOwner)
    {
        public NewPort
        {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(networkId, "networkId is null");
            fixedIps = List.copyOf(fixedIps);
            requireNonNull(deviceId, "deviceId is null");
            requireNonNull(deviceOwner, "deviceOwner is null");
        }
    }

    Optional<NetworkInfo> network(String id);

    Optional<SubnetInfo> subnet(String id);

    Optional<PortInfo> port(String id);

    List<PortInfo> portsOfDevice(String deviceId, String deviceOwner);

    /** The ports of one owner holding an address on the subnet. */
    List<PortInfo> portsOfSubnet(String subnetId, String deviceOwner);

    /**
     * Allocates the port's addresses through the core's IPAM; the core's 409s (address taken, pool exhausted) pass
     * through unchanged.
     */
    PortInfo createPort(NewPort port);

    /** Gives an existing port to a device (a router interface made from a user's port), or takes it back ("", ""). */
    void setDevice(String portId, String deviceId, String deviceOwner);

    /** Deletes a port the L3 services own, releasing its addresses; a port already gone is no error. */
    void deletePort(String portId);

    /** Every IPv4 and IPv6 subnet of the external networks, for floatingip_pools. */
    List<SubnetInfo> externalSubnets();

    /** Makes a network of the project (auto-allocated-topology), as the platform. */
    String createNetwork(String projectId, String name);

    /** Makes a subnet of the network from the default subnet pool of the IP version; the core's error when there is none. */
    String createSubnetFromDefaultPool(String projectId, String networkId, String name, int ipVersion);

    /** Deletes a network with its subnets, as the platform; its ports must be gone. */
    void deleteNetwork(String networkId);
}
