package io.xloud.network.service;

import io.xloud.network.store.NetworkStore;
import io.xloud.network.store.PortStore;
import io.xloud.network.store.SubnetStore;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** network-ip-availability: per network and subnet, how many addresses the pools hold and how many are taken. */
public final class IpAvailabilityService
{
    public record SubnetAvailability(Subnet subnet, BigInteger totalIps, long usedIps) {}

    public record NetworkAvailability(Network network, BigInteger totalIps, long usedIps, List<SubnetAvailability> subnets) {}

    private final NetworkStore networks;
    private final SubnetStore subnets;
    private final PortStore ports;

    public IpAvailabilityService(NetworkStore networks, SubnetStore subnets, PortStore ports)
    {
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
    }

    public List<NetworkAvailability> list(Optional<Integer> ipVersion)
    {
        List<NetworkAvailability> all = new ArrayList<>();
        for (Network network : networks.all()) {
            all.add(availability(network, ipVersion));
        }
        return all;
    }

    public NetworkAvailability get(String networkId)
    {
        return availability(networks.find(networkId).orElseThrow(() -> NetworkService.notFound(networkId)), Optional.empty());
    }

    private NetworkAvailability availability(Network network, Optional<Integer> ipVersion)
    {
        List<SubnetAvailability> result = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        long used = 0;
        for (Subnet subnet : subnets.onNetwork(network.id())) {
            if (ipVersion.isPresent() && subnet.ipVersion() != ipVersion.get()) {
                continue;
            }
            BigInteger size = BigInteger.ZERO;
            for (Subnet.Pool pool : subnet.allocationPools()) {
                size = size.add(Ip.parse(pool.end()).orElseThrow().value().subtract(Ip.parse(pool.start()).orElseThrow().value()).add(BigInteger.ONE));
            }
            long taken = ports.countAllocations(subnet.id());
            result.add(new SubnetAvailability(subnet, size, taken));
            total = total.add(size);
            used += taken;
        }
        return new NetworkAvailability(network, total, used, result);
    }
}
