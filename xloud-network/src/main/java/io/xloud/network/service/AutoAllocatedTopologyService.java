package io.xloud.network.service;

import io.xloud.core.error.ApiException;
import io.xloud.network.store.AutoAllocatedTopologyStore;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * auto-allocated-topology: on a project's first request, a network with a subnet from the default subnet pool and a
 * router joining it to the default external network ("Get Me A Network"); later requests answer the same network.
 */
public final class AutoAllocatedTopologyService
{
    private static final Caller PLATFORM = new Caller("", true);

    private final NetworkContext context;
    private final NetworkTopology topology;
    private final RouterService routers;
    private final RouterInterfaceService interfaces;
    private final AutoAllocatedTopologyStore store;

    public AutoAllocatedTopologyService(NetworkContext context, NetworkTopology topology, RouterService routers, RouterInterfaceService interfaces)
    {
        this.context = requireNonNull(context, "context is null");
        this.topology = requireNonNull(topology, "topology is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.interfaces = requireNonNull(interfaces, "interfaces is null");
        this.store = new AutoAllocatedTopologyStore(context.work());
    }

    static ApiException failure(String reason)
    {
        return new ApiException(L3ErrorCode.AUTO_ALLOCATION_FAILURE, "Deployment error: " + reason + ".");
    }

    /** The project's network, made now if it has none. */
    public String get(String projectId)
    {
        Optional<AutoAllocatedTopologyStore.Topology> existing = store.find(projectId);
        if (existing.isPresent()) {
            return existing.get().networkId();
        }
        String externalNetwork = store.defaultExternalNetwork().orElseThrow(() -> failure("No default router:external network"));
        AutoAllocatedTopologyStore.Topology made = context.work().inTransaction(() -> build(projectId, externalNetwork));
        if (!store.insert(made)) {
            // another request made the project's topology first: this one's goes
            teardown(made);
            return store.find(projectId).orElseThrow().networkId();
        }
        return made.networkId();
    }

    /** Whether a topology could be made for the project, without keeping anything (Neutron's fields=dry-run). */
    public void dryRun(String projectId)
    {
        String externalNetwork = store.defaultExternalNetwork().orElseThrow(() -> failure("No default router:external network"));
        try {
            context.work().inTransaction(() -> {
                build(projectId, externalNetwork);
                throw new DryRunDone();
            });
        }
        catch (DryRunDone done) {
            // rolled back as intended
        }
    }

    public void delete(String projectId)
    {
        AutoAllocatedTopologyStore.Topology existing = store.find(projectId)
                .orElseThrow(() -> new ApiException(NetworkErrorCode.NOT_FOUND, "Auto Allocated Topology of project " + projectId + " could not be found."));
        teardown(existing);
        store.delete(projectId);
    }

    private AutoAllocatedTopologyStore.Topology build(String projectId, String externalNetwork)
    {
        String networkId = topology.createNetwork(projectId, "auto_allocated_network");
        String subnetId;
        try {
            subnetId = topology.createSubnetFromDefaultPool(projectId, networkId, "auto_allocated_subnet_v4", 4);
        }
        catch (ApiException e) {
            throw failure("No default subnetpools defined");
        }
        Router router = routers.create(new RouterRequests.Create(projectId, "auto_allocated_router", "", true,
                Optional.of(new RouterRequests.GatewayRequest(externalNetwork, Optional.empty(), Optional.empty())), List.of()));
        interfaces.add(PLATFORM, router.id(), new RouterRequests.InterfaceRequest(Optional.of(subnetId), Optional.empty()));
        return new AutoAllocatedTopologyStore.Topology(projectId, networkId, router.id());
    }

    private void teardown(AutoAllocatedTopologyStore.Topology made)
    {
        context.work().run(() -> {
            routers.find(made.routerId()).ifPresent(router -> {
                for (NetworkTopology.PortInfo port : topology.portsOfDevice(router.id(), Router.INTERFACE_OWNER)) {
                    interfaces.remove(PLATFORM, router.id(), new RouterRequests.InterfaceRequest(Optional.empty(), Optional.of(port.id())));
                }
                routers.delete(PLATFORM, router.id());
            });
            if (topology.network(made.networkId()).isPresent()) {
                topology.deleteNetwork(made.networkId());
            }
        });
    }

    /** Unwinds a dry run's unit of work. */
    private static final class DryRunDone
            extends RuntimeException
    {
        DryRunDone()
        {
            super("dry run", null, false, false);
        }
    }
}
