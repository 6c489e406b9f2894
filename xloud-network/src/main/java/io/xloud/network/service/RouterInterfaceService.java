package io.xloud.network.service;

import io.xloud.core.error.ApiException;
import io.xloud.network.store.FloatingIpStore;
import io.xloud.network.store.RouterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.network.service.RouterService.badRouterRequest;
import static io.xloud.network.service.RouterService.routerNotFound;
import static io.xloud.network.service.RouterService.visible;
import static java.util.Objects.requireNonNull;

/**
 * Router interfaces: a subnet joins a router through a port holding the subnet's gateway address, or through a port
 * the client made ({@code device_owner network:router_interface}, {@code device_id} the router).
 */
public final class RouterInterfaceService
{
    private final NetworkContext context;
    private final NetworkTopology topology;
    private final RouterStore routers;
    private final FloatingIpStore floatingIps;

    public RouterInterfaceService(NetworkContext context, NetworkTopology topology)
    {
        this.context = requireNonNull(context, "context is null");
        this.topology = requireNonNull(topology, "topology is null");
        this.routers = new RouterStore(context.work());
        this.floatingIps = new FloatingIpStore(context.work());
    }

    public RouterRequests.InterfaceInfo add(Caller caller, String routerId, RouterRequests.InterfaceRequest request)
    {
        if (request.subnetId().isPresent() && request.portId().isPresent()) {
            throw badRouterRequest("Cannot specify both subnet-id and port-id");
        }
        if (request.subnetId().isEmpty() && request.portId().isEmpty()) {
            throw badRouterRequest("Either subnet_id or port_id must be specified");
        }
        return context.work().inTransaction(() -> {
            Router router = routers.lock(routerId).filter(found -> visible(caller, found.projectId())).orElseThrow(() -> routerNotFound(routerId));
            RouterRequests.InterfaceInfo info = request.portId().isPresent()
                    ? addPort(caller, router, request.portId().get())
                    : addSubnet(caller, router, request.subnetId().get());
            context.standard().bumpRevision(RouterService.TABLE, routerId);
            context.publish("router.interface.create", router.projectId(), RouterService.RESOURCE, routerId,
                    Map.of("port_id", info.portId(), "subnet_id", info.subnetId()));
            return info;
        });
    }

    private RouterRequests.InterfaceInfo addPort(Caller caller, Router router, String portId)
    {
        NetworkTopology.PortInfo port = topology.port(portId).filter(found -> visible(caller, found.projectId()))
                .orElseThrow(() -> new ApiException(L3ErrorCode.PORT_NOT_FOUND, "Port " + portId + " could not be found."));
        if (!port.deviceId().isEmpty()) {
            throw new ApiException(L3ErrorCode.PORT_IN_USE, "Unable to complete operation on port " + portId + " for network "
                    + port.networkId() + ". Port already has an attached device " + port.deviceId() + ".");
        }
        if (port.fixedIps().isEmpty()) {
            throw badRouterRequest("Router port must have at least one fixed IP");
        }
        List<NetworkTopology.SubnetInfo> subnets = new ArrayList<>();
        for (NetworkTopology.FixedIp ip : port.fixedIps()) {
            NetworkTopology.SubnetInfo subnet = topology.subnet(ip.subnetId()).orElseThrow();
            if (subnets.stream().anyMatch(other -> other.ipVersion() == 4 && subnet.ipVersion() == 4 && !other.id().equals(subnet.id()))) {
                throw badRouterRequest("Cannot have multiple IPv4 subnets on router port");
            }
            if (subnets.stream().noneMatch(other -> other.id().equals(subnet.id()))) {
                subnets.add(subnet);
            }
        }
        checkForDuplicates(router, subnets);
        topology.setDevice(portId, router.id(), Router.INTERFACE_OWNER);
        routers.addPort(router.id(), portId, Router.INTERFACE_OWNER);
        return info(router, port, subnets.getFirst().id());
    }

    private RouterRequests.InterfaceInfo addSubnet(Caller caller, Router router, String subnetId)
    {
        NetworkTopology.SubnetInfo subnet = usableSubnet(caller, subnetId);
        if (subnet.gatewayIp().isEmpty()) {
            throw badRouterRequest("Subnet for router interface must have a gateway IP");
        }
        checkForDuplicates(router, List.of(subnet));
        NetworkTopology.PortInfo port = topology.createPort(new NetworkTopology.NewPort(subnet.projectId(), subnet.networkId(),
                List.of(new NetworkTopology.RequestedIp(Optional.of(subnet.id()), subnet.gatewayIp())), router.id(), Router.INTERFACE_OWNER));
        routers.addPort(router.id(), port.id(), Router.INTERFACE_OWNER);
        return info(router, port, subnet.id());
    }

    private NetworkTopology.SubnetInfo usableSubnet(Caller caller, String subnetId)
    {
        return topology.subnet(subnetId)
                .filter(subnet -> visible(caller, subnet.projectId())
                        || topology.network(subnet.networkId()).map(NetworkTopology.NetworkInfo::shared).orElse(false))
                .orElseThrow(() -> new ApiException(L3ErrorCode.SUBNET_NOT_FOUND, "Subnet " + subnetId + " could not be found."));
    }

    /** A subnet joins a router once, and never beside another interface subnet whose CIDR it overlaps. */
    private void checkForDuplicates(Router router, List<NetworkTopology.SubnetInfo> added)
    {
        List<NetworkTopology.SubnetInfo> attached = attachedSubnets(router);
        for (NetworkTopology.SubnetInfo subnet : added) {
            if (attached.stream().anyMatch(other -> other.id().equals(subnet.id()))
                    || router.gateway().map(gateway -> gatewaySubnets(gateway).contains(subnet.id())).orElse(false)) {
                throw badRouterRequest("Router already has a port on subnet " + subnet.id());
            }
        }
        for (NetworkTopology.SubnetInfo subnet : added) {
            Optional<Ip.Cidr> cidr = Ip.parseCidr(subnet.cidr());
            for (NetworkTopology.SubnetInfo other : attached) {
                Optional<Ip.Cidr> otherCidr = Ip.parseCidr(other.cidr());
                if (cidr.isPresent() && otherCidr.isPresent() && cidr.get().overlaps(otherCidr.get())) {
                    throw badRouterRequest("Cidr " + subnet.cidr() + " of subnet " + subnet.id() + " overlaps with cidr " + other.cidr()
                            + " of subnet " + other.id());
                }
            }
        }
    }

    private List<String> gatewaySubnets(Router.Gateway gateway)
    {
        return topology.port(gateway.portId()).map(port -> port.fixedIps().stream().map(NetworkTopology.FixedIp::subnetId).toList())
                .orElse(List.of());
    }

    /** The subnets of the router's interface ports, each once. */
    List<NetworkTopology.SubnetInfo> attachedSubnets(Router router)
    {
        List<NetworkTopology.SubnetInfo> subnets = new ArrayList<>();
        for (RouterStore.RouterPort held : routers.ports(router.id(), Router.INTERFACE_OWNER)) {
            topology.port(held.portId()).ifPresent(port -> port.fixedIps().forEach(ip -> {
                if (subnets.stream().noneMatch(subnet -> subnet.id().equals(ip.subnetId()))) {
                    topology.subnet(ip.subnetId()).ifPresent(subnets::add);
                }
            }));
        }
        return subnets;
    }

    public RouterRequests.InterfaceInfo remove(Caller caller, String routerId, RouterRequests.InterfaceRequest request)
    {
        if (request.subnetId().isEmpty() && request.portId().isEmpty()) {
            throw badRouterRequest("Either subnet_id or port_id must be specified");
        }
        return context.work().inTransaction(() -> {
            Router router = routers.lock(routerId).filter(found -> visible(caller, found.projectId())).orElseThrow(() -> routerNotFound(routerId));
            NetworkTopology.PortInfo port;
            List<String> subnetIds;
            if (request.portId().isPresent()) {
                String portId = request.portId().get();
                port = interfacePort(router, portId).orElseThrow(() -> new ApiException(L3ErrorCode.ROUTER_INTERFACE_NOT_FOUND,
                        "Router " + routerId + " does not have an interface with id " + portId));
                subnetIds = port.fixedIps().stream().map(NetworkTopology.FixedIp::subnetId).distinct().toList();
                if (request.subnetId().isPresent() && !subnetIds.contains(request.subnetId().get())) {
                    throw badRouterRequest("Subnet " + request.subnetId().get() + " does not match the port " + portId);
                }
            }
            else {
                String subnetId = request.subnetId().get();
                usableSubnet(caller, subnetId);
                port = interfacePortOnSubnet(router, subnetId).orElseThrow(() -> new ApiException(L3ErrorCode.ROUTER_INTERFACE_NOT_FOUND_FOR_SUBNET,
                        "Router " + routerId + " has no interface on subnet " + subnetId));
                subnetIds = List.of(subnetId);
            }
            for (String subnetId : subnetIds) {
                confirmNotInUse(router, subnetId);
            }
            routers.removePort(port.id());
            topology.deletePort(port.id());
            context.standard().bumpRevision(RouterService.TABLE, routerId);
            context.publish("router.interface.delete", router.projectId(), RouterService.RESOURCE, routerId,
                    Map.of("port_id", port.id(), "subnet_id", subnetIds.isEmpty() ? "" : subnetIds.getFirst()));
            return new RouterRequests.InterfaceInfo(router.id(), router.projectId(), port.id(), subnetIds.isEmpty() ? "" : subnetIds.getFirst(),
                    subnetIds, port.networkId());
        });
    }

    private Optional<NetworkTopology.PortInfo> interfacePort(Router router, String portId)
    {
        return routers.portHolder(portId)
                .filter(held -> held.routerId().equals(router.id()) && held.portType().equals(Router.INTERFACE_OWNER))
                .flatMap(held -> topology.port(portId));
    }

    private Optional<NetworkTopology.PortInfo> interfacePortOnSubnet(Router router, String subnetId)
    {
        for (RouterStore.RouterPort held : routers.ports(router.id(), Router.INTERFACE_OWNER)) {
            Optional<NetworkTopology.PortInfo> port = topology.port(held.portId());
            if (port.isPresent() && port.get().fixedIps().stream().anyMatch(ip -> ip.subnetId().equals(subnetId))) {
                return port;
            }
        }
        return Optional.empty();
    }

    /** A subnet stays while a static route's nexthop or a floating IP's fixed address needs it. */
    private void confirmNotInUse(Router router, String subnetId)
    {
        Optional<Ip.Cidr> cidr = topology.subnet(subnetId).flatMap(subnet -> Ip.parseCidr(subnet.cidr()));
        if (cidr.isEmpty()) {
            return;
        }
        for (Router.Route route : router.routes()) {
            if (Ip.parse(route.nexthop()).map(cidr.get()::contains).orElse(false)) {
                throw new ApiException(L3ErrorCode.ROUTER_INTERFACE_IN_USE_BY_ROUTE, "Router interface for subnet " + subnetId + " on router "
                        + router.id() + " cannot be deleted, as it is required by one or more routes.");
            }
        }
        for (FloatingIp fip : floatingIps.ofRouter(router.id())) {
            boolean needed = fip.association().flatMap(association -> Ip.parse(association.fixedIpAddress()))
                    .map(cidr.get()::contains).orElse(false);
            if (needed) {
                throw new ApiException(L3ErrorCode.ROUTER_INTERFACE_IN_USE_BY_FLOATING_IP, "Router interface for subnet " + subnetId
                        + " on router " + router.id() + " cannot be deleted, as it is required by one or more floating IPs.");
            }
        }
    }

    private static RouterRequests.InterfaceInfo info(Router router, NetworkTopology.PortInfo port, String subnetId)
    {
        List<String> subnetIds = port.fixedIps().stream().map(NetworkTopology.FixedIp::subnetId).distinct().toList();
        return new RouterRequests.InterfaceInfo(router.id(), router.projectId(), port.id(), subnetId, subnetIds.isEmpty() ? List.of(subnetId) : subnetIds,
                port.networkId());
    }
}
