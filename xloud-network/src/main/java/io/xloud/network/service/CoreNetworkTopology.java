package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The routers' and floating IPs' view of the core's networks, subnets and ports, through the core's services. */
final class CoreNetworkTopology
        implements NetworkTopology
{
    private final NetworkServices services;

    CoreNetworkTopology(NetworkServices services)
    {
        this.services = requireNonNull(services, "services is null");
    }

    @Override
    public Optional<NetworkInfo> network(String id)
    {
        return Optional.empty();
    }

    @Override
    public Optional<SubnetInfo> subnet(String id)
    {
        return Optional.empty();
    }

    @Override
    public Optional<PortInfo> port(String id)
    {
        return Optional.empty();
    }

    @Override
    public List<PortInfo> portsOfDevice(String deviceId, String deviceOwner)
    {
        return List.of();
    }

    @Override
    public List<PortInfo> portsOfSubnet(String subnetId, String deviceOwner)
    {
        return List.of();
    }

    @Override
    public PortInfo createPort(NewPort port)
    {
        throw new UnsupportedOperationException("ports arrive with the core's IPAM");
    }

    @Override
    public void setDevice(String portId, String deviceId, String deviceOwner)
    {
        throw new UnsupportedOperationException("ports arrive with the core's IPAM");
    }

    @Override
    public void deletePort(String portId)
    {
    }

    @Override
    public List<SubnetInfo> externalSubnets()
    {
        return List.of();
    }
}
