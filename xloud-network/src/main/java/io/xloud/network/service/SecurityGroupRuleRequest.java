package io.xloud.network.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A rule as a client sent it, each value in its text form (a JSON number as its digits), not yet checked: the
 * checks and their messages are Neutron's, in {@link SecurityGroupRuleChecks}.
 */
public record SecurityGroupRuleRequest(
        String securityGroupId,
        Optional<String> projectId,
        Optional<String> direction,
        Optional<String> ethertype,
        Optional<String> protocol,
        Optional<String> portRangeMin,
        Optional<String> portRangeMax,
        Optional<String> remoteIpPrefix,
        Optional<String> remoteGroupId,
        Optional<String> remoteAddressGroupId,
        Optional<String> description)
{
    public SecurityGroupRuleRequest
    {
        requireNonNull(securityGroupId, "securityGroupId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(direction, "direction is null");
        requireNonNull(ethertype, "ethertype is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(portRangeMin, "portRangeMin is null");
        requireNonNull(portRangeMax, "portRangeMax is null");
        requireNonNull(remoteIpPrefix, "remoteIpPrefix is null");
        requireNonNull(remoteGroupId, "remoteGroupId is null");
        requireNonNull(remoteAddressGroupId, "remoteAddressGroupId is null");
        requireNonNull(description, "description is null");
    }
}
