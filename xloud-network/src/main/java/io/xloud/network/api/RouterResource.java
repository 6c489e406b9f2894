package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router.Builder;
import io.xloud.network.service.Ip;
import io.xloud.network.service.NetworkTopology;
import io.xloud.network.service.Router;
import io.xloud.network.service.RouterInterfaceService;
import io.xloud.network.service.RouterRequests;
import io.xloud.network.service.RouterService;
import io.xloud.network.service.StandardAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.network.api.L3Bodies.invalid;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v2.0/routers}: CRUD, {@code add_router_interface} / {@code remove_router_interface}, extraroute-atomic's
 * {@code add_extraroutes} / {@code remove_extraroutes}, and tags.
 */
public final class RouterResource
{
    static final String BASE = NetworkModule.V2 + "/routers";
    private static final Set<String> CREATE = Set.of("tags", "name", "description", "admin_state_up", "external_gateway_info",
            "availability_zone_hints", "project_id", "tenant_id", "routes", "id", "status");
    private static final Set<String> UPDATE = Set.of("name", "description", "admin_state_up", "external_gateway_info", "routes",
            "availability_zone_hints", "project_id", "tenant_id", "id", "status");
    private static final Set<String> GATEWAY = Set.of("network_id", "enable_snat", "external_fixed_ips");

    private final RouterService routers;
    private final RouterInterfaceService interfaces;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    public RouterResource(RouterService routers, RouterInterfaceService interfaces, StandardAttributes standard, NeutronLists lists)
    {
        this.routers = requireNonNull(routers, "routers is null");
        this.interfaces = requireNonNull(interfaces, "interfaces is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Builder routes)
    {
        routes.route("GET", BASE, L3Policies.GET_ROUTER, L3Targets::caller, lists.cached(this::list));
        routes.route("POST", BASE, L3Policies.CREATE_ROUTER, this::createTarget, this::create);
        routes.route("GET", BASE + "/{id}", L3Policies.GET_ROUTER, this::target, this::show);
        routes.route("PUT", BASE + "/{id}", L3Policies.UPDATE_ROUTER, this::target, this::update);
        routes.route("DELETE", BASE + "/{id}", L3Policies.DELETE_ROUTER, this::target, this::delete);
        routes.route("PUT", BASE + "/{id}/add_router_interface", L3Policies.ADD_ROUTER_INTERFACE, this::target, this::addInterface);
        routes.route("PUT", BASE + "/{id}/remove_router_interface", L3Policies.REMOVE_ROUTER_INTERFACE, this::target, this::removeInterface);
        routes.route("PUT", BASE + "/{id}/add_extraroutes", L3Policies.ADD_EXTRAROUTES, this::target, this::addRoutes);
        routes.route("PUT", BASE + "/{id}/remove_extraroutes", L3Policies.REMOVE_EXTRAROUTES, this::target, this::removeRoutes);
        new TagsResource(standard, "routers", RouterService.TABLE, this::target).routes(routes);
    }

    /** The router's owner as the policy target; 404 when the caller cannot see it. */
    private Map<String, Object> target(Exchange exchange)
    {
        return L3Targets.owner(routers.get(Bodies.caller(exchange), exchange.path("id")).projectId());
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return L3Targets.owner(L3Bodies.project(exchange, L3Bodies.resource(exchange, "router", CREATE, "POST")));
    }

    private Map<String, Object> view(Router router)
    {
        return L3Views.router(router, router.gateway().map(routers::gatewayAddresses).orElse(List.of()));
    }

    private void list(Exchange exchange)
    {
        ListRequest request = NeutronLists.request(exchange, RouterService.LIST);
        Page<Router> page = routers.list(Bodies.caller(exchange), request);
        List<Map<String, Object>> views = new ArrayList<>();
        page.items().forEach(router -> views.add(view(router)));
        lists.respond(exchange, "routers", new Page<>(views, page.hasMore(), page.nextMarker(), page.previousMarker()), request);
    }

    private void show(Exchange exchange)
    {
        Router router = routers.get(Bodies.caller(exchange), exchange.path("id"));
        exchange.json(200, Map.of("router", NeutronLists.projectShow(exchange, view(router))));
    }

    private void create(Exchange exchange)
    {
        JsonNode node = L3Bodies.resource(exchange, "router", CREATE, "POST");
        L3Bodies.refuse(node, Set.of("id", "status", "routes"), "POST");
                Optional<RouterRequests.GatewayRequest> gateway = Optional.empty();
        if (node.has("external_gateway_info")) {
            gateway = gateway(node.get("external_gateway_info"));
            checkGatewayPolicy(exchange, "create_router", gateway, L3Bodies.project(exchange, node));
        }
        List<String> hints = strings(node, "availability_zone_hints");
        RouterRequests.Create request = new RouterRequests.Create(L3Bodies.project(exchange, node), L3Bodies.string(node, "name", L3Bodies.MAX_NAME).orElse(""),
                L3Bodies.string(node, "description", L3Bodies.MAX_NAME).orElse(""), L3Bodies.bool(node, "admin_state_up").orElse(true), gateway, hints);
        List<String> tags = TagsResource.creationTags(node);
        Router router = routers.create(request);
        if (!tags.isEmpty()) {
            standard.replaceTags(RouterService.TABLE, "routers", router.id(), tags);
            router = routers.get(Bodies.caller(exchange), router.id());
        }
        exchange.json(201, Map.of("router", view(router)));
    }

    private void update(Exchange exchange)
    {
        JsonNode node = L3Bodies.resource(exchange, "router", UPDATE, "PUT");
        L3Bodies.refuse(node, Set.of("id", "status", "project_id", "tenant_id", "availability_zone_hints"), "PUT");
        Router current = routers.get(Bodies.caller(exchange), exchange.path("id"));
        Optional<RouterRequests.GatewayChange> gateway = Optional.empty();
        if (node.has("external_gateway_info")) {
            Optional<RouterRequests.GatewayRequest> wanted = gateway(node.get("external_gateway_info"));
            checkGatewayPolicy(exchange, "update_router", wanted, current.projectId());
            gateway = Optional.of(new RouterRequests.GatewayChange(wanted));
        }
        Optional<List<Router.Route>> routes = node.has("routes") ? Optional.of(routes(node.get("routes"), "routes")) : Optional.empty();
        RouterRequests.Update update = new RouterRequests.Update(L3Bodies.string(node, "name", L3Bodies.MAX_NAME),
                L3Bodies.string(node, "description", L3Bodies.MAX_NAME), L3Bodies.bool(node, "admin_state_up"), gateway, routes,
                StandardViews.ifMatch(exchange));
        exchange.json(200, Map.of("router", view(routers.update(Bodies.caller(exchange), current.id(), update))));
    }

    private void delete(Exchange exchange)
    {
        routers.delete(Bodies.caller(exchange), exchange.path("id"));
        exchange.noContent();
    }

    private void addInterface(Exchange exchange)
    {
        RouterRequests.InterfaceInfo info = interfaces.add(Bodies.caller(exchange), exchange.path("id"), interfaceRequest(exchange));
        exchange.json(200, interfaceView(info));
    }

    private void removeInterface(Exchange exchange)
    {
        RouterRequests.InterfaceInfo info = interfaces.remove(Bodies.caller(exchange), exchange.path("id"), interfaceRequest(exchange));
        exchange.json(200, interfaceView(info));
    }

    private void addRoutes(Exchange exchange)
    {
        Router router = routers.addRoutes(Bodies.caller(exchange), exchange.path("id"), extraRoutes(exchange));
        exchange.json(200, Map.of("router", view(router)));
    }

    private void removeRoutes(Exchange exchange)
    {
        Router router = routers.removeRoutes(Bodies.caller(exchange), exchange.path("id"), extraRoutes(exchange));
        exchange.json(200, Map.of("router", view(router)));
    }

    private static List<Router.Route> extraRoutes(Exchange exchange)
    {
        JsonNode node = L3Bodies.resource(exchange, "router", Set.of("routes"), "PUT");
        if (!node.has("routes")) {
            throw invalid("Unable to find 'routes' in request body");
        }
        return routes(node.get("routes"), "routes");
    }

    private static RouterRequests.InterfaceRequest interfaceRequest(Exchange exchange)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject()) {
            throw invalid("Body contains invalid data");
        }
        return new RouterRequests.InterfaceRequest(L3Bodies.uuidOrNone(body, "subnet_id"), L3Bodies.uuidOrNone(body, "port_id"));
    }

    private static Map<String, Object> interfaceView(RouterRequests.InterfaceInfo info)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", info.routerId());
        view.put("tenant_id", info.projectId());
        view.put("project_id", info.projectId());
        view.put("port_id", info.portId());
        view.put("network_id", info.networkId());
        view.put("subnet_id", info.subnetId());
        view.put("subnet_ids", info.subnetIds());
        return view;
    }

    /** SNAT and fixed addresses of the gateway are the admin's by default (ext-gw-mode's rules). */
    private static void checkGatewayPolicy(Exchange exchange, String action, Optional<RouterRequests.GatewayRequest> gateway, String projectId)
    {
        if (gateway.isEmpty()) {
            return;
        }
        Map<String, Object> target = new HashMap<>(L3Targets.owner(projectId));
        if (gateway.get().enableSnat().isPresent()) {
            L3Targets.require(exchange, action + ":external_gateway_info:enable_snat", target);
        }
        if (gateway.get().externalFixedIps().isPresent()) {
            L3Targets.require(exchange, action + ":external_gateway_info:external_fixed_ips", target);
        }
    }

    /** {@code external_gateway_info}: null or {} clears the gateway. */
    private static Optional<RouterRequests.GatewayRequest> gateway(JsonNode info)
    {
        if (info == null || info.isNull() || info.isObject() && info.isEmpty()) {
            return Optional.empty();
        }
        if (!info.isObject()) {
            throw invalid("external_gateway_info", "'" + L3Bodies.shorten(info.toString()) + "' is not a dictionary");
        }
        info.fieldNames().forEachRemaining(name -> {
            if (!GATEWAY.contains(name)) {
                throw invalid("external_gateway_info", "Unexpected keys supplied: " + L3Bodies.shorten(name));
            }
        });
        if (!info.has("network_id")) {
            throw invalid("external_gateway_info", "Validation of dictionary's keys failed. Expected keys: {'network_id'}");
        }
        String networkId = L3Bodies.uuid(info.get("network_id"), "external_gateway_info");
        Optional<Boolean> snat = L3Bodies.bool(info, "enable_snat");
        Optional<List<NetworkTopology.RequestedIp>> fixedIps = Optional.empty();
        JsonNode ips = info.get("external_fixed_ips");
        if (ips != null && !ips.isNull()) {
            if (!ips.isArray() || ips.size() > 16) {
                throw invalid("external_gateway_info", "external_fixed_ips must be a list of at most 16 addresses");
            }
            List<NetworkTopology.RequestedIp> wanted = new ArrayList<>();
            for (JsonNode ip : ips) {
                if (!ip.isObject()) {
                    throw invalid("external_gateway_info", "each of external_fixed_ips must be a dictionary");
                }
                ip.fieldNames().forEachRemaining(name -> {
                    if (!name.equals("subnet_id") && !name.equals("ip_address")) {
                        throw invalid("external_gateway_info", "Unexpected keys supplied: " + L3Bodies.shorten(name));
                    }
                });
                wanted.add(new NetworkTopology.RequestedIp(L3Bodies.uuidOrNone(ip, "subnet_id").map(id -> id),
                        L3Bodies.ipOrNone(ip, "ip_address")));
            }
            fixedIps = Optional.of(wanted);
        }
        return Optional.of(new RouterRequests.GatewayRequest(networkId, snat, fixedIps));
    }

    /** Neutron's hostroutes validator: a list of {destination, nexthop}, destinations as canonical CIDRs, no duplicates; null is none. */
    static List<Router.Route> routes(JsonNode routes, String attribute)
    {
        if (routes == null || routes.isNull()) {
            return List.of();
        }
        if (!routes.isArray()) {
            throw invalid(attribute, "'" + L3Bodies.shorten(routes.toString()) + "' is not a list");
        }
        if (routes.size() > 1000) {
            throw invalid(attribute, "too many routes");
        }
        LinkedHashSet<Router.Route> parsed = new LinkedHashSet<>();
        for (JsonNode route : routes) {
            if (!route.isObject() || route.size() != 2 || !route.has("destination") || !route.has("nexthop")) {
                throw invalid(attribute, "Validation of dictionary's keys failed. Expected keys: {'destination', 'nexthop'}");
            }
            JsonNode destination = route.get("destination");
            JsonNode nexthop = route.get("nexthop");
            if (!destination.isTextual() || Ip.parseCidr(destination.asText()).isEmpty()) {
                throw invalid(attribute, "'" + L3Bodies.shorten(destination.asText(destination.toString())) + "' is not a valid IP subnet");
            }
            if (!canonicalCidr(destination.asText())) {
                throw invalid(attribute, "'" + L3Bodies.shorten(destination.asText()) + "' isn't a recognized IP subnet cidr, '"
                        + Ip.parseCidr(destination.asText()).orElseThrow() + "' is recommended");
            }
            String hop = nexthop.isTextual() ? Ip.parse(nexthop.asText()).map(Ip::format)
                    .orElseThrow(() -> invalid(attribute, "'" + L3Bodies.shorten(nexthop.asText()) + "' is not a valid IP address"))
                    : null;
            if (hop == null) {
                throw invalid(attribute, "'" + L3Bodies.shorten(nexthop.toString()) + "' is not a valid IP address");
            }
            if (Ip.parseCidr(destination.asText()).orElseThrow().version() != Ip.parse(hop).orElseThrow().version()) {
                throw invalid(attribute, "the destination " + destination.asText() + " and the nexthop " + hop + " are of different IP versions");
            }
            if (!parsed.add(new Router.Route(destination.asText(), hop))) {
                throw invalid(attribute, "Duplicate hostroute '" + destination.asText() + "'");
            }
        }
        return List.copyOf(parsed);
    }

    private static List<String> strings(JsonNode node, String name)
    {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > 16) {
            throw invalid(name, "'" + L3Bodies.shorten(value.toString()) + "' is not a list of at most 16 strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isEmpty() || item.asText().length() > L3Bodies.MAX_NAME) {
                throw invalid(name, "'" + L3Bodies.shorten(item.toString()) + "' is not a valid string");
            }
            if (!strings.contains(item.asText())) {
                strings.add(item.asText());
            }
        }
        return strings;
    }

    /** Whether a destination is written as Neutron's validator wants it: a prefix length, no host bits, compressed IPv6. */
    private static boolean canonicalCidr(String text)
    {
        return text.contains("/") && Ip.parseCidr(text).map(cidr -> cidr.toString().equals(text)).orElse(false);
    }
}
