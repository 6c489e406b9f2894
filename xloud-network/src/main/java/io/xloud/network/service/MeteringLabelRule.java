package io.xloud.network.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One rule of a metering label: traffic in a direction to or from prefixes, counted or (excluded) not. */
public record MeteringLabelRule(
        String id,
        String meteringLabelId,
        String projectId,
        String direction,
        Optional<CidrBlock> remoteIpPrefix,
        Optional<CidrBlock> sourceIpPrefix,
        Optional<CidrBlock> destinationIpPrefix,
        boolean excluded)
{
    public MeteringLabelRule
    {
        requireNonNull(id, "id is null");
        requireNonNull(meteringLabelId, "meteringLabelId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(direction, "direction is null");
        requireNonNull(remoteIpPrefix, "remoteIpPrefix is null");
        requireNonNull(sourceIpPrefix, "sourceIpPrefix is null");
        requireNonNull(destinationIpPrefix, "destinationIpPrefix is null");
    }
}
