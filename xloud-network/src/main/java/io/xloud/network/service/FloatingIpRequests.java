package io.xloud.network.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What a client asks of a floating IP, parsed and checked for form by the API layer. */
public final class FloatingIpRequests
{
    private FloatingIpRequests() {}

    public record Create(String projectId, String floatingNetworkId, Optional<String> subnetId, Optional<String> floatingIpAddress,
            Optional<String> portId, Optional<String> fixedIpAddress, String description, Optional<String> qosPolicyId)
    {
        public Create
        {
            requireNonNull(qosPolicyId, "qosPolicyId is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(floatingNetworkId, "floatingNetworkId is null");
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(floatingIpAddress, "floatingIpAddress is null");
            requireNonNull(portId, "portId is null");
            requireNonNull(fixedIpAddress, "fixedIpAddress is null");
            requireNonNull(description, "description is null");
        }
    }

    /**
     * A change: {@code portId} present when the body names {@code port_id} (empty inside for null: disassociate);
     * {@code fixedIpAddress} when it names {@code fixed_ip_address}; {@code qosPolicyId} when it names
     * {@code qos_policy_id} (empty inside for null: no policy).
     */
    public record Update(Optional<Optional<String>> portId, Optional<String> fixedIpAddress, Optional<String> description, Optional<Long> ifMatch,
            Optional<Optional<String>> qosPolicyId)
    {
        public Update
        {
            requireNonNull(qosPolicyId, "qosPolicyId is null");
            requireNonNull(portId, "portId is null");
            requireNonNull(fixedIpAddress, "fixedIpAddress is null");
            requireNonNull(description, "description is null");
            requireNonNull(ifMatch, "ifMatch is null");
        }
    }
}
