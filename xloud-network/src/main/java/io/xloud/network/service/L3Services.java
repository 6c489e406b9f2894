package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/** The L3 services (routers, their interfaces, floating IPs, port forwardings) over the core's networks, subnets and ports. */
public final class L3Services
{
    private final NetworkTopology topology;
    private final RouterService routers;
    private final RouterInterfaceService interfaces;
    private final FloatingIpService floatingIps;
    private final PortForwardingService portForwardings;
    private final AutoAllocatedTopologyService autoAllocation;

    public L3Services(NetworkContext context, NetworkTopology topology)
    {
        this.topology = requireNonNull(topology, "topology is null");
        this.routers = new RouterService(context, topology);
        this.interfaces = new RouterInterfaceService(context, topology);
        this.floatingIps = new FloatingIpService(context, topology);
        this.portForwardings = new PortForwardingService(context, topology, floatingIps);
        this.autoAllocation = new AutoAllocatedTopologyService(context, topology, routers, interfaces);
    }

    public NetworkTopology topology()
    {
        return topology;
    }

    public RouterService routers()
    {
        return routers;
    }

    public RouterInterfaceService interfaces()
    {
        return interfaces;
    }

    public FloatingIpService floatingIps()
    {
        return floatingIps;
    }

    public PortForwardingService portForwardings()
    {
        return portForwardings;
    }

    public AutoAllocatedTopologyService autoAllocation()
    {
        return autoAllocation;
    }
}
