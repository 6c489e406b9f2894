package io.xloud.network.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A floating IP: an address of an external network, held by a port of its own on that network
 * ({@code network:floatingip}), and while associated the fixed address of an internal port it maps to, reached
 * through a router; optionally the QoS policy that limits its traffic (qos-fip).
 */
public record FloatingIp(
        String id,
        Standard standard,
        String floatingIpAddress,
        String floatingNetworkId,
        String floatingPortId,
        Optional<Association> association,
        Optional<String> routerId,
        Optional<String> qosPolicyId)
{
    public static final String OWNER = "network:floatingip";
    public static final String ACTIVE = "ACTIVE";
    public static final String DOWN = "DOWN";

    /** The internal port and the one of its fixed addresses the floating IP maps to. */
    public record Association(String portId, String fixedIpAddress)
    {
        public Association
        {
            requireNonNull(portId, "portId is null");
            requireNonNull(fixedIpAddress, "fixedIpAddress is null");
        }
    }

    public FloatingIp
    {
        requireNonNull(id, "id is null");
        requireNonNull(standard, "standard is null");
        requireNonNull(floatingIpAddress, "floatingIpAddress is null");
        requireNonNull(floatingNetworkId, "floatingNetworkId is null");
        requireNonNull(floatingPortId, "floatingPortId is null");
        requireNonNull(association, "association is null");
        requireNonNull(routerId, "routerId is null");
        requireNonNull(qosPolicyId, "qosPolicyId is null");
    }

    public String projectId()
    {
        return standard.projectId();
    }

    /** ACTIVE while associated with a port, DOWN otherwise, as an L3 agent would report it. */
    public String status()
    {
        return association.isPresent() ? ACTIVE : DOWN;
    }
}
