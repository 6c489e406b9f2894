package io.xloud.network.service;

import io.xloud.network.store.BootstrapStore;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * First-start set-up: the external network (DevStack's {@code public}: router:external, not shared, flat on physnet
 * {@code public}, owned by the admin project) with an IPv4 subnet whose gateway is the first address. Made once per
 * cloud: the claim and the network commit together, so of nodes starting at once one makes it, and a network an
 * operator deleted later stays deleted.
 */
public final class NetworkBootstrap
{
    private final NetworkContext context;
    private final NetworkService networks;
    private final SubnetService subnets;
    private final BootstrapStore store;

    public NetworkBootstrap(NetworkContext context, NetworkService networks, SubnetService subnets)
    {
        this.context = requireNonNull(context, "context is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.store = new BootstrapStore(context.work());
    }

    /** @return the id of the external network when this call made it */
    public Optional<String> run(String ownerProjectId, String name, String cidr)
    {
        if (cidr.isEmpty()) {
            return Optional.empty();
        }
        return context.work().transaction(h -> {
            if (!store.claim("external-network", context.standard().now())) {
                return Optional.empty();
            }
            Caller admin = new Caller(ownerProjectId, true);
            NetworkChange network = new NetworkChange(Optional.of(name), Optional.empty(), Optional.of(true), Optional.of(false), Optional.of(true),
                    Optional.of(true), Optional.empty(), Optional.empty(), Optional.of("flat"), Optional.of("public"), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
            Network created = networks.create(List.of(ownerProjectId), List.of(network)).getFirst();
            SubnetChange subnet = new SubnetChange(Optional.of(created.id()), Optional.of(name + "-subnet"), Optional.empty(), Optional.of(4),
                    Optional.of(cidr), Optional.empty(), Optional.of(false), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            subnets.create(admin, List.of(ownerProjectId), List.of(subnet));
            return Optional.of(created.id());
        });
    }
}
