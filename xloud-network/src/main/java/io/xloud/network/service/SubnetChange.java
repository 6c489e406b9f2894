package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

/**
 * The attributes a create or update of a subnet gives. {@code gatewayIp}: outer empty is absent, inner empty is
 * JSON null (no gateway).
 */
public record SubnetChange(
        Optional<String> networkId,
        Optional<String> name,
        Optional<String> description,
        Optional<Integer> ipVersion,
        Optional<String> cidr,
        Optional<Optional<String>> gatewayIp,
        Optional<Boolean> enableDhcp,
        Optional<String> ipv6RaMode,
        Optional<String> ipv6AddressMode,
        Optional<String> subnetpoolId,
        Optional<Integer> prefixLength,
        boolean useDefaultSubnetpool,
        Optional<Optional<String>> segmentId,
        Optional<List<Subnet.Pool>> allocationPools,
        Optional<List<String>> dnsNameservers,
        Optional<List<Subnet.HostRoute>> hostRoutes,
        Optional<List<String>> serviceTypes,
        Optional<Boolean> dnsPublishFixedIp)
{
}
