package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What a client asks of a router, parsed and checked for form by the API layer. */
public final class RouterRequests
{
    private RouterRequests() {}

    /** {@code external_gateway_info}: a network, the SNAT flag when given, and the addresses wanted when given. */
    public record GatewayRequest(String networkId, Optional<Boolean> enableSnat, Optional<List<NetworkTopology.RequestedIp>> externalFixedIps)
    {
        public GatewayRequest
        {
            requireNonNull(networkId, "networkId is null");
            requireNonNull(enableSnat, "enableSnat is null");
            externalFixedIps = externalFixedIps.map(List::copyOf);
        }
    }

    public record Create(String projectId, String name, String description, boolean adminStateUp, Optional<GatewayRequest> gateway,
            List<String> availabilityZoneHints)
    {
        public Create
        {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(gateway, "gateway is null");
            availabilityZoneHints = List.copyOf(availabilityZoneHints);
        }
    }

    /** A change to the gateway: set to a network, or (empty) cleared. */
    public record GatewayChange(Optional<GatewayRequest> gateway)
    {
        public GatewayChange
        {
            requireNonNull(gateway, "gateway is null");
        }
    }

    public record Update(Optional<String> name, Optional<String> description, Optional<Boolean> adminStateUp,
            Optional<GatewayChange> gateway, Optional<List<Router.Route>> routes, Optional<Long> ifMatch)
    {
        public Update
        {
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(adminStateUp, "adminStateUp is null");
            requireNonNull(gateway, "gateway is null");
            routes = routes.map(List::copyOf);
            requireNonNull(ifMatch, "ifMatch is null");
        }
    }

    /** {@code add_router_interface} / {@code remove_router_interface}: a subnet, a port, or (remove only) both. */
    public record InterfaceRequest(Optional<String> subnetId, Optional<String> portId)
    {
        public InterfaceRequest
        {
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(portId, "portId is null");
        }
    }

    /** What add and remove interface answer: the router, its port and the port's subnets. */
    public record InterfaceInfo(String routerId, String projectId, String portId, String subnetId, List<String> subnetIds, String networkId)
    {
        public InterfaceInfo
        {
            requireNonNull(routerId, "routerId is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(portId, "portId is null");
            requireNonNull(subnetId, "subnetId is null");
            subnetIds = List.copyOf(subnetIds);
            requireNonNull(networkId, "networkId is null");
        }
    }
}
