package io.xloud.network.service;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A Neutron router: its gateway to an external network, its static routes, and its standard attributes. */
public record Router(
        String id,
        String name,
        Standard standard,
        boolean adminStateUp,
        String status,
        Optional<Gateway> gateway,
        List<Route> routes,
        List<String> availabilityZoneHints)
{
    public static final String ACTIVE = "ACTIVE";
    public static final String INTERFACE_OWNER = "network:router_interface";
    public static final String GATEWAY_OWNER = "network:router_gateway";

    /** The external gateway: the network, the SNAT flag (ext-gw-mode) and the gateway port, whose addresses are shown. */
    public record Gateway(String networkId, boolean enableSnat, String portId)
    {
        public Gateway
        {
            requireNonNull(networkId, "networkId is null");
            requireNonNull(portId, "portId is null");
        }
    }

    /** A static route (extraroute): traffic for {@code destination} goes to {@code nexthop}. */
    public record Route(String destination, String nexthop)
    {
        public Route
        {
            requireNonNull(destination, "destination is null");
            requireNonNull(nexthop, "nexthop is null");
        }
    }

    public Router
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(standard, "standard is null");
        requireNonNull(status, "status is null");
        requireNonNull(gateway, "gateway is null");
        routes = List.copyOf(routes);
        availabilityZoneHints = List.copyOf(availabilityZoneHints);
    }

    public String projectId()
    {
        return standard.projectId();
    }
}
