package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A subnet as stored. Addresses and CIDRs are in canonical form. */
public record Subnet(
        String id,
        String networkId,
        String name,
        int ipVersion,
        String cidr,
        Optional<String> gatewayIp,
        boolean enableDhcp,
        Optional<String> ipv6RaMode,
        Optional<String> ipv6AddressMode,
        Optional<String> subnetpoolId,
        Optional<String> segmentId,
        List<Pool> allocationPools,
        List<String> dnsNameservers,
        List<HostRoute> hostRoutes,
        List<String> serviceTypes,
        boolean dnsPublishFixedIp,
        Standard standard)
{
    public record Pool(String start, String end) {}

    public record HostRoute(String destination, String nexthop) {}

    public Subnet
    {
        requireNonNull(id, "id is null");
        requireNonNull(networkId, "networkId is null");
        requireNonNull(name, "name is null");
        requireNonNull(cidr, "cidr is null");
        requireNonNull(gatewayIp, "gatewayIp is null");
        requireNonNull(ipv6RaMode, "ipv6RaMode is null");
        requireNonNull(ipv6AddressMode, "ipv6AddressMode is null");
        requireNonNull(subnetpoolId, "subnetpoolId is null");
        requireNonNull(segmentId, "segmentId is null");
        allocationPools = List.copyOf(allocationPools);
        dnsNameservers = List.copyOf(dnsNameservers);
        hostRoutes = List.copyOf(hostRoutes);
        serviceTypes = List.copyOf(serviceTypes);
        requireNonNull(standard, "standard is null");
    }

    public Ip.Cidr range()
    {
        return Ip.parseCidr(cidr).orElseThrow();
    }

    /** SLAAC and DHCPv6-stateless subnets (by either mode, as Neutron reads them) give addresses from the MAC (EUI-64), not from the pools. */
    public boolean autoAddress()
    {
        List<String> auto = List.of("slaac", "dhcpv6-stateless");
        return ipVersion == 6 && (auto.contains(ipv6AddressMode.orElse("")) || auto.contains(ipv6RaMode.orElse("")));
    }

    public String projectId()
    {
        return standard.projectId();
    }
}
