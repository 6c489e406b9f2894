package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * First-start set-up: the external network (DevStack's {@code public}: router:external, not shared, flat on physnet
 * {@code public}, owned by the admin project) with an IPv4 subnet whose gateway is the first address. Made once:
 * a later start finds it by name and leaves it alone, even if an operator changed it.
 */
public final class NetworkBootstrap
{
    private final NetworkService networks;
    private final SubnetService subnets;

    public NetworkBootstrap(NetworkService networks, SubnetService subnets)
    {
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
    }

    /** @return the id of the external network, made now or found */
    public Optional<String> run(String ownerProjectId, String name, String cidr, Optional<String> existing)
    {
        if (cidr.isEmpty()) {
            return Optional.empty();
        }
        if (existing.isPresent()) {
            return existing;
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
    }
}
