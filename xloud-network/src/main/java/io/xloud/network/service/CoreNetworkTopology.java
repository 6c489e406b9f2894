package io.xloud.network.service;

import io.xloud.network.store.L3PortQueries;
import io.xloud.network.store.NetworkStore;
import io.xloud.network.store.SubnetStore;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The routers' and floating IPs' view of the core's networks, subnets and ports. Ports are made, given to a device
 * and deleted through the core's {@link PortService}, so addresses come from its IPAM and its events and quotas hold.
 */
final class CoreNetworkTopology
        implements NetworkTopology
{
    /** Internal changes act as the platform, for whatever project the L3 service names. */
    private static final Caller PLATFORM = new Caller("", true);

    private final NetworkServices services;
    private final NetworkStore networks;
    private final SubnetStore subnets;
    private final L3PortQueries queries;

    CoreNetworkTopology(NetworkServices services)
    {
        this.services = requireNonNull(services, "services is null");
        this.networks = new NetworkStore(services.context().work());
        this.subnets = new SubnetStore(services.context().work());
        this.queries = new L3PortQueries(services.context().work());
    }

    @Override
    public Optional<NetworkInfo> network(String id)
    {
        return networks.find(id).map(network -> new NetworkInfo(network.id(), network.projectId(), network.name(), network.external(), network.shared(),
                network.subnets(), network.externalFor()));
    }

    @Override
    public Optional<SubnetInfo> subnet(String id)
    {
        return subnets.find(id).map(CoreNetworkTopology::info);
    }

    private static SubnetInfo info(Subnet subnet)
    {
        return new SubnetInfo(subnet.id(), subnet.projectId(), subnet.name(), subnet.networkId(), subnet.ipVersion(), subnet.cidr(), subnet.gatewayIp());
    }

    @Override
    public Optional<PortInfo> port(String id)
    {
        return services.ports().find(id).map(CoreNetworkTopology::info);
    }

    private static PortInfo info(Port port)
    {
        return new PortInfo(port.id(), port.projectId(), port.name(), port.networkId(), port.macAddress(), port.adminStateUp(), port.status(),
                port.deviceId(), port.deviceOwner(), port.fixedIps().stream().map(ip -> new FixedIp(ip.subnetId(), ip.ipAddress())).toList());
    }

    @Override
    public List<PortInfo> portsOfDevice(String deviceId, String deviceOwner)
    {
        return queries.portsOfDevice(deviceId, deviceOwner).stream().map(this::port).flatMap(Optional::stream).toList();
    }

    @Override
    public List<PortInfo> portsOfSubnet(String subnetId, String deviceOwner)
    {
        return queries.portsOfSubnet(subnetId, deviceOwner).stream().map(this::port).flatMap(Optional::stream).toList();
    }

    @Override
    public PortInfo createPort(NewPort port)
    {
        Optional<List<PortChange.FixedIpRequest>> fixedIps = port.fixedIps().isEmpty() ? Optional.empty()
                : Optional.of(port.fixedIps().stream().map(ip -> new PortChange.FixedIpRequest(ip.subnetId(), ip.ipAddress())).toList());
        PortChange change = new PortChange(Optional.of(port.networkId()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true),
                Optional.of(port.deviceId()), Optional.of(port.deviceOwner()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), fixedIps, Optional.of(List.of()));
        return info(services.ports().createInternal(PLATFORM, port.projectId(), change));
    }

    @Override
    public void setDevice(String portId, String deviceId, String deviceOwner)
    {
        PortChange change = new PortChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(deviceId), Optional.of(deviceOwner), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        services.ports().update(PLATFORM, portId, change, Optional.empty());
    }

    @Override
    public void deletePort(String portId)
    {
        services.ports().deleteInternal(portId);
    }

    @Override
    public List<SubnetInfo> externalSubnets()
    {
        return queries.externalSubnets().stream().map(subnets::find).flatMap(Optional::stream).map(CoreNetworkTopology::info).toList();
    }

    @Override
    public String createNetwork(String projectId, String name)
    {
        NetworkChange change = new NetworkChange(Optional.of(name), Optional.empty(), Optional.of(true), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        return services.networks().create(List.of(projectId), List.of(change)).getFirst().id();
    }

    @Override
    public String createSubnetFromDefaultPool(String projectId, String networkId, String name, int ipVersion)
    {
        SubnetChange change = new SubnetChange(Optional.of(networkId), Optional.of(name), Optional.empty(), Optional.of(ipVersion), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return services.subnets().create(new Caller(projectId, true), List.of(projectId), List.of(change)).getFirst().id();
    }

    @Override
    public void deleteNetwork(String networkId)
    {
        services.networks().delete(PLATFORM, networkId, Optional.empty());
    }
}
