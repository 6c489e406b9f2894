package io.xloud.network.service;

import io.xloud.network.store.NetworkStore;
import io.xloud.network.store.PortStore;
import io.xloud.network.store.SubnetStore;
import io.xloud.network.store.TrunkStore;

import static java.util.Objects.requireNonNull;

/**
 * The domain services of the networking module, made once per start and shared by the HTTP resources, so that one
 * resource's service can use another's (a router interface makes a port; a port checks its security groups).
 * Each resource adds its service here with one field and one line in the constructor.
 */
public final class NetworkServices
{
    private final NetworkContext context;
    private final NetworkService networks;
    private final SubnetService subnets;
    private final PortService ports;
    private final NetworkQuotas quotas;
    private final SecurityServices security;
    private final L3Services l3;
    private final IpAvailabilityService ipAvailability;
    private final PoolServices pools;
    private final TrunkService trunks;

    public NetworkServices(NetworkContext context)
    {
        this.context = requireNonNull(context, "context is null");
        NetworkStore networkStore = new NetworkStore(context.work());
        SubnetStore subnetStore = new SubnetStore(context.work());
        PortStore portStore = new PortStore(context.work());
        this.networks = new NetworkService(context, networkStore, subnetStore, portStore);
        this.subnets = new SubnetService(context, networkStore, subnetStore, portStore);
        this.ports = new PortService(context, networkStore, subnetStore, portStore);
        this.quotas = new NetworkQuotas(context);
        this.l3 = new L3Services(context, new CoreNetworkTopology(this));
        this.security = new SecurityServices(context, ports, networks, l3.floatingIps());
        this.trunks = new TrunkService(context, new TrunkStore(context.work()), ports);
        ports.beforeDelete(portId -> {
            trunks.portDeleting(portId);
            l3.floatingIps().portDeleted(portId);
        });
        networks.addDependents(network -> l3.floatingIps().networkDeleting(network.id()));
        this.ipAvailability = new IpAvailabilityService(networkStore, subnetStore, portStore);
        this.pools = new PoolServices(context, subnets);
    }

    public NetworkContext context()
    {
        return context;
    }

    public L3Services l3()
    {
        return l3;
    }

    public StandardAttributes standard()
    {
        return context.standard();
    }

    public NetworkService networks()
    {
        return networks;
    }

    public SubnetService subnets()
    {
        return subnets;
    }

    public PortService ports()
    {
        return ports;
    }

    public NetworkQuotas quotas()
    {
        return quotas;
    }

    /** Security groups, address groups and QoS. */
    public SecurityServices security()
    {
        return security;
    }

    public IpAvailabilityService ipAvailability()
    {
        return ipAvailability;
    }

    /** Subnet pools, address scopes, RBAC policies, metering. */
    public PoolServices pools()
    {
        return pools;
    }

    /** Trunks and their subports. */
    public TrunkService trunks()
    {
        return trunks;
    }
}
