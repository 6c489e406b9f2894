package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.FloatingIpStore;
import io.xloud.network.store.RouterStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Routers: create, change and delete, their external gateway (a port on an external network, SNAT flag) and their
 * static routes. Interfaces are {@link RouterInterfaceService}'s.
 */
public final class RouterService
{
    public static final String QUOTA = "router";
    public static final String TABLE = "routers";
    public static final String RESOURCE = "router";
    /** Neutron's max_routes default. */
    public static final int MAX_ROUTES = 30;
    /** The zones routers may be hinted to: the one zone of this cloud. */
    public static final Set<String> AVAILABILITY_ZONES = Set.of(NetworkService.AVAILABILITY_ZONE);

    private final NetworkContext context;
    private final NetworkTopology topology;
    private final RouterStore routers;
    private final FloatingIpStore floatingIps;

    public RouterService(NetworkContext context, NetworkTopology topology)
    {
        this.context = requireNonNull(context, "context is null");
        this.topology = requireNonNull(topology, "topology is null");
        this.routers = new RouterStore(context.work());
        this.floatingIps = new FloatingIpStore(context.work());
    }

    /** The list's declaration: filters, sort keys, paging. */
    public static final ListSpec LIST = RouterStore.SPEC;

    /** A page of the routers the caller may see: every router for an admin, its project's otherwise. */
    public Page<Router> list(Caller caller, ListRequest request)
    {
        List<SqlPredicate> scope = caller.admin() ? List.of()
                : List.of(SqlPredicate.of("routers.project_id = :l3_scope", "l3_scope", caller.projectId()));
        return routers.page(request, scope);
    }

    NetworkTopology topology()
    {
        return topology;
    }

    static boolean visible(Caller caller, String projectId)
    {
        return caller.admin() || caller.projectId().equals(projectId);
    }

    static ApiException routerNotFound(String id)
    {
        return new ApiException(L3ErrorCode.ROUTER_NOT_FOUND, "Router " + id + " could not be found.");
    }

    static ApiException badRouterRequest(String message)
    {
        return new ApiException(L3ErrorCode.BAD_REQUEST, "Bad router request: " + message);
    }

    /** The router, whoever owns it. */
    public Optional<Router> find(String id)
    {
        return routers.find(id);
    }

    /** The router if the caller may see it, else Neutron's 404. */
    public Router get(Caller caller, String id)
    {
        return routers.find(id).filter(router -> visible(caller, router.projectId())).orElseThrow(() -> routerNotFound(id));
    }

    public Router create(RouterRequests.Create request)
    {
        for (String hint : request.availabilityZoneHints()) {
            if (!AVAILABILITY_ZONES.contains(hint)) {
                throw new ApiException(L3ErrorCode.AVAILABILITY_ZONE_NOT_FOUND, "AvailabilityZone " + hint + " could not be found.");
            }
        }
        return context.work().inTransaction(() -> {
            context.work().transaction(h -> {
                context.quotas().reserve(h, request.projectId(), QUOTA, 1);
                return null;
            });
            Instant now = context.standard().now();
            String id = UUID.randomUUID().toString();
            Standard standard = new Standard(request.projectId(), request.description(), List.of(), now, now, 0);
            Router router = new Router(id, request.name(), standard, request.adminStateUp(), Router.ACTIVE, Optional.empty(), List.of(),
                    request.availabilityZoneHints());
            routers.insert(router);
            if (request.gateway().isPresent()) {
                Router.Gateway gateway = attachGateway(router, request.gateway().get());
                router = withGateway(router, Optional.of(gateway));
                routers.update(router, now);
            }
            context.publish("router.create.end", request.projectId(), RESOURCE, id, Map.of("name", request.name()));
            return routers.find(id).orElseThrow();
        });
    }

    public Router update(Caller caller, String id, RouterRequests.Update update)
    {
        return context.work().inTransaction(() -> {
            Router router = routers.lock(id).filter(found -> visible(caller, found.projectId())).orElseThrow(() -> routerNotFound(id));
            StandardAttributes.checkRevision(router.standard().revisionNumber(), update.ifMatch());
            Optional<Router.Gateway> gateway = router.gateway();
            if (update.gateway().isPresent()) {
                gateway = changeGateway(router, update.gateway().get().gateway());
            }
            List<Router.Route> routes = router.routes();
            if (update.routes().isPresent()) {
                routes = update.routes().get();
                validateRoutes(withGateway(router, gateway), routes);
            }
            Standard standard = router.standard();
            Standard changed = new Standard(standard.projectId(), update.description().orElse(standard.description()), standard.tags(),
                    standard.createdAt(), standard.updatedAt(), standard.revisionNumber());
            Router next = new Router(router.id(), update.name().orElse(router.name()), changed, update.adminStateUp().orElse(router.adminStateUp()),
                    router.status(), gateway, routes, router.availabilityZoneHints());
            routers.update(next, context.standard().now());
            context.publish("router.update.end", router.projectId(), RESOURCE, id, Map.of());
            return routers.find(id).orElseThrow();
        });
    }

    public void delete(Caller caller, String id)
    {
        context.work().run(() -> {
            Router router = routers.lock(id).filter(found -> visible(caller, found.projectId())).orElseThrow(() -> routerNotFound(id));
            if (!routers.ports(id, Router.INTERFACE_OWNER).isEmpty()) {
                throw new ApiException(L3ErrorCode.ROUTER_IN_USE, "Router " + id + " still has ports");
            }
            router.gateway().ifPresent(gateway -> topology.deletePort(gateway.portId()));
            routers.delete(id);
            context.work().transaction(h -> {
                context.quotas().reserve(h, router.projectId(), QUOTA, -1);
                return null;
            });
            context.publish("router.delete.end", router.projectId(), RESOURCE, id, Map.of());
        });
    }

    /** extraroute-atomic: adds routes to the router's set, atomically with other changes of the router. */
    public Router addRoutes(Caller caller, String id, List<Router.Route> added)
    {
        return changeRoutes(caller, id, added, true);
    }

    public Router removeRoutes(Caller caller, String id, List<Router.Route> removed)
    {
        return changeRoutes(caller, id, removed, false);
    }

    private Router changeRoutes(Caller caller, String id, List<Router.Route> given, boolean add)
    {
        return context.work().inTransaction(() -> {
            Router router = routers.lock(id).filter(found -> visible(caller, found.projectId())).orElseThrow(() -> routerNotFound(id));
            LinkedHashSet<Router.Route> routes = new LinkedHashSet<>(router.routes());
            if (add) {
                routes.addAll(given);
            }
            else {
                given.forEach(routes::remove);
            }
            List<Router.Route> next = List.copyOf(routes);
            if (add) {
                validateRoutes(router, next);
            }
            routers.update(new Router(router.id(), router.name(), router.standard(), router.adminStateUp(), router.status(), router.gateway(),
                    next, router.availabilityZoneHints()), context.standard().now());
            return routers.find(id).orElseThrow();
        });
    }

    /** The gateway's addresses as {@code external_fixed_ips} shows them. */
    public List<NetworkTopology.FixedIp> gatewayAddresses(Router.Gateway gateway)
    {
        return topology.port(gateway.portId()).map(NetworkTopology.PortInfo::fixedIps).orElse(List.of());
    }

    private static Router withGateway(Router router, Optional<Router.Gateway> gateway)
    {
        return new Router(router.id(), router.name(), router.standard(), router.adminStateUp(), router.status(), gateway, router.routes(),
                router.availabilityZoneHints());
    }

    private Optional<Router.Gateway> changeGateway(Router router, Optional<RouterRequests.GatewayRequest> request)
    {
        Optional<Router.Gateway> current = router.gateway();
        if (request.isEmpty()) {
            if (current.isPresent()) {
                refuseIfFloatingIpsNeed(router, current.get());
                topology.deletePort(current.get().portId());
                routers.removePort(current.get().portId());
            }
            return Optional.empty();
        }
        RouterRequests.GatewayRequest wanted = request.get();
        if (current.isPresent() && current.get().networkId().equals(wanted.networkId())) {
            checkExternal(wanted.networkId(), router.projectId());
            boolean snat = wanted.enableSnat().orElse(current.get().enableSnat());
            if (wanted.externalFixedIps().isEmpty() || sameAddresses(current.get(), wanted.externalFixedIps().get())) {
                return Optional.of(new Router.Gateway(current.get().networkId(), snat, current.get().portId()));
            }
            topology.deletePort(current.get().portId());
            routers.removePort(current.get().portId());
            Router.Gateway replaced = attachGateway(router, wanted);
            return Optional.of(new Router.Gateway(replaced.networkId(), snat, replaced.portId()));
        }
        if (current.isPresent()) {
            refuseIfFloatingIpsNeed(router, current.get());
            topology.deletePort(current.get().portId());
            routers.removePort(current.get().portId());
        }
        return Optional.of(attachGateway(router, wanted));
    }

    private boolean sameAddresses(Router.Gateway gateway, List<NetworkTopology.RequestedIp> wanted)
    {
        List<NetworkTopology.FixedIp> have = gatewayAddresses(gateway);
        if (have.size() != wanted.size()) {
            return false;
        }
        for (NetworkTopology.RequestedIp ip : wanted) {
            boolean found = have.stream().anyMatch(fixed -> ip.subnetId().map(fixed.subnetId()::equals).orElse(true)
                    && ip.ipAddress().map(address -> Ip.parse(address).map(Ip::format).orElse(address).equals(fixed.ipAddress())).orElse(true));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private void refuseIfFloatingIpsNeed(Router router, Router.Gateway gateway)
    {
        if (!floatingIps.ofRouter(router.id()).isEmpty()) {
            throw new ApiException(L3ErrorCode.ROUTER_EXTERNAL_GATEWAY_IN_USE_BY_FLOATING_IP, "Gateway cannot be updated for router "
                    + router.id() + ", since a gateway to external network " + gateway.networkId() + " is required by one or more floating IPs.");
        }
    }

    /**
     * The network a router of the project may have its gateway on: external to every project or, by an
     * access_as_external policy, to the router's; a network the project cannot see at all is 404 as Neutron's.
     */
    private NetworkTopology.NetworkInfo checkExternal(String networkId, String projectId)
    {
        NetworkTopology.NetworkInfo network = topology.network(networkId)
                .filter(found -> found.externalTo(projectId) || found.shared() || found.projectId().equals(projectId))
                .orElseThrow(() -> new ApiException(L3ErrorCode.NETWORK_NOT_FOUND, "Network " + networkId + " could not be found."));
        if (!network.routerExternal()) {
            throw badRouterRequest("Network " + networkId + " is not an external network");
        }
        return network;
    }

    /** Makes the gateway port on the external network, its addresses from the core's IPAM. */
    private Router.Gateway attachGateway(Router router, RouterRequests.GatewayRequest request)
    {
        NetworkTopology.NetworkInfo network = checkExternal(request.networkId(), router.projectId());
        List<NetworkTopology.RequestedIp> fixedIps = request.externalFixedIps().orElse(List.of());
        for (NetworkTopology.RequestedIp ip : fixedIps) {
            if (ip.subnetId().isPresent() && !network.subnetIds().contains(ip.subnetId().get())) {
                throw badRouterRequest("Subnet " + ip.subnetId().get() + " is not on the external network " + network.id() + ".");
            }
        }
        if (network.subnetIds().isEmpty()) {
            throw badRouterRequest("Network " + network.id() + " has no subnet for the router's gateway.");
        }
        NetworkTopology.PortInfo port = topology.createPort(new NetworkTopology.NewPort("", network.id(), fixedIps, router.id(), Router.GATEWAY_OWNER));
        routers.addPort(router.id(), port.id(), Router.GATEWAY_OWNER);
        return new Router.Gateway(network.id(), request.enableSnat().orElse(true), port.id());
    }

    /** Neutron's extraroute rules: at most {@link #MAX_ROUTES}, each nexthop on a subnet of the router and none of its own addresses. */
    void validateRoutes(Router router, List<Router.Route> routes)
    {
        if (routes.size() > MAX_ROUTES) {
            throw new ApiException(L3ErrorCode.ROUTES_EXHAUSTED, "Unable to complete operation for " + router.id()
                    + ". The number of routes exceeds the maximum " + MAX_ROUTES + ".");
        }
        if (routes.isEmpty()) {
            return;
        }
        List<Ip.Cidr> cidrs = new ArrayList<>();
        List<String> ownAddresses = new ArrayList<>();
        List<String> portIds = new ArrayList<>();
        routers.ports(router.id(), Router.INTERFACE_OWNER).forEach(port -> portIds.add(port.portId()));
        router.gateway().ifPresent(gateway -> portIds.add(gateway.portId()));
        for (String portId : portIds) {
            topology.port(portId).ifPresent(port -> port.fixedIps().forEach(ip -> {
                ownAddresses.add(ip.ipAddress());
                topology.subnet(ip.subnetId()).flatMap(subnet -> Ip.parseCidr(subnet.cidr())).ifPresent(cidrs::add);
            }));
        }
        for (Router.Route route : routes) {
            Ip.Address nexthop = Ip.parse(route.nexthop()).orElseThrow();
            if (cidrs.stream().noneMatch(cidr -> cidr.contains(nexthop))) {
                throw invalidRoutes(routes, "the nexthop is not connected with router");
            }
            if (ownAddresses.contains(nexthop.toString())) {
                throw invalidRoutes(routes, "the nexthop is used by router");
            }
        }
    }

    private static ApiException invalidRoutes(List<Router.Route> routes, String reason)
    {
        List<String> shown = routes.stream().map(route -> "{'destination': '" + route.destination() + "', 'nexthop': '" + route.nexthop() + "'}").toList();
        return new ApiException(L3ErrorCode.INVALID_ROUTES, "Invalid format for routes: [" + String.join(", ", shown) + "], " + reason + ".");
    }
}
