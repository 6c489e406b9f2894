package io.xloud.network.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One rule of a security group: traffic in a direction and ethertype, of a protocol (none for all) and port range
 * (for ICMP the type and code), from or to a prefix, the members of a group or the addresses of an address group.
 */
public record SecurityGroupRule(
        String id,
        String securityGroupId,
        String direction,
        String ethertype,
        Optional<String> protocol,
        Optional<Integer> portRangeMin,
        Optional<Integer> portRangeMax,
        Optional<String> remoteIpPrefix,
        Optional<String> remoteGroupId,
        Optional<String> remoteAddressGroupId,
        boolean belongsToDefaultGroup,
        Standard standard)
{
    public static final String INGRESS = "ingress";
    public static final String EGRESS = "egress";

    public SecurityGroupRule
    {
        requireNonNull(id, "id is null");
        requireNonNull(securityGroupId, "securityGroupId is null");
        requireNonNull(direction, "direction is null");
        requireNonNull(ethertype, "ethertype is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(portRangeMin, "portRangeMin is null");
        requireNonNull(portRangeMax, "portRangeMax is null");
        requireNonNull(remoteIpPrefix, "remoteIpPrefix is null");
        requireNonNull(remoteGroupId, "remoteGroupId is null");
        requireNonNull(remoteAddressGroupId, "remoteAddressGroupId is null");
        requireNonNull(standard, "standard is null");
    }

    public String projectId()
    {
        return standard.projectId();
    }

    /** The prefix as its network (security-groups-normalized-cidr). */
    public Optional<String> normalizedCidr()
    {
        return remoteIpPrefix.map(prefix -> AddressPrefix.parse(prefix).toString());
    }
}
