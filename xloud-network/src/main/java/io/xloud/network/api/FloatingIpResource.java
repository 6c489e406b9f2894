package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router.Builder;
import io.xloud.network.service.FloatingIp;
import io.xloud.network.service.FloatingIpRequests;
import io.xloud.network.service.FloatingIpService;
import io.xloud.network.service.NetworkTopology;
import io.xloud.network.service.StandardAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.network.api.L3Bodies.invalid;
import static java.util.Objects.requireNonNull;

/** {@code /v2.0/floatingips}: allocate, associate and disassociate, release; tags; {@code /v2.0/floatingip_pools}. */
public final class FloatingIpResource
{
    static final String BASE = NetworkModule.V2 + "/floatingips";
    private static final Set<String> CREATE = Set.of("floating_network_id", "subnet_id", "floating_ip_address", "port_id", "fixed_ip_address",
            "description", "project_id", "tenant_id", "id", "status", "router_id", "qos_policy_id", "tags");
    private static final Set<String> UPDATE = Set.of("port_id", "fixed_ip_address", "description", "floating_network_id", "floating_ip_address",
            "subnet_id", "project_id", "tenant_id", "id", "status", "router_id", "qos_policy_id");

    private final FloatingIpService floatingIps;
    private final NetworkTopology topology;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    public FloatingIpResource(FloatingIpService floatingIps, NetworkTopology topology, StandardAttributes standard, NeutronLists lists)
    {
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.topology = requireNonNull(topology, "topology is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Builder routes)
    {
        routes.route("GET", BASE, L3Policies.GET_FLOATINGIP, L3Targets::caller, lists.cached(this::list));
        routes.route("POST", BASE, L3Policies.CREATE_FLOATINGIP, this::createTarget, this::create);
        routes.route("GET", BASE + "/{id}", L3Policies.GET_FLOATINGIP, this::target, this::show);
        routes.route("PUT", BASE + "/{id}", L3Policies.UPDATE_FLOATINGIP, this::target, this::update);
        routes.route("DELETE", BASE + "/{id}", L3Policies.DELETE_FLOATINGIP, this::target, this::delete);
        new TagsResource(standard, "floatingips", FloatingIpService.TABLE, this::target).routes(routes);
        routes.route("GET", NetworkModule.V2 + "/floatingip_pools", L3Policies.GET_FLOATINGIP_POOL, L3Targets::caller, this::pools);
    }

    /** The floating IP's owner as the policy target; 404 when the caller cannot see it. */
    Map<String, Object> target(Exchange exchange)
    {
        return L3Targets.owner(floatingIps.get(Bodies.caller(exchange), exchange.path("id")).projectId());
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return L3Targets.owner(L3Bodies.project(exchange, L3Bodies.resource(exchange, "floatingip", CREATE, "POST")));
    }

    private Map<String, Object> view(FloatingIp fip)
    {
        return L3Views.floatingIp(fip, floatingIps.portDetails(fip), floatingIps.portForwardings(fip));
    }

    private void list(Exchange exchange)
    {
        ListRequest request = NeutronLists.request(exchange, FloatingIpService.LIST);
        Page<FloatingIp> page = floatingIps.list(Bodies.caller(exchange), request);
        List<Map<String, Object>> views = new ArrayList<>();
        page.items().forEach(fip -> views.add(view(fip)));
        lists.respond(exchange, "floatingips", new Page<>(views, page.hasMore(), page.nextMarker(), page.previousMarker()), request);
    }

    private void show(Exchange exchange)
    {
        exchange.json(200, Map.of("floatingip", NeutronLists.projectShow(exchange, view(floatingIps.get(Bodies.caller(exchange), exchange.path("id"))))));
    }

    private void create(Exchange exchange)
    {
        JsonNode node = L3Bodies.resource(exchange, "floatingip", CREATE, "POST");
        L3Bodies.refuse(node, Set.of("id", "status", "router_id"), "POST");
        String projectId = L3Bodies.project(exchange, node);
        if (!node.has("floating_network_id")) {
            throw invalid("Failed to parse request. Required attribute 'floating_network_id' not specified");
        }
        String networkId = L3Bodies.uuid(node.get("floating_network_id"), "floating_network_id");
        Optional<String> address = L3Bodies.ipOrNone(node, "floating_ip_address");
        if (address.isPresent()) {
            L3Targets.require(exchange, "create_floatingip:floating_ip_address", L3Targets.owner(projectId));
        }
        FloatingIpRequests.Create request = new FloatingIpRequests.Create(projectId, networkId, L3Bodies.uuidOrNone(node, "subnet_id"), address,
                L3Bodies.uuidOrNone(node, "port_id"), L3Bodies.ipOrNone(node, "fixed_ip_address"),
                L3Bodies.string(node, "description", L3Bodies.MAX_NAME).orElse(""), L3Bodies.uuidOrNone(node, "qos_policy_id"));
        List<String> tags = TagsResource.creationTags(node);
        FloatingIp fip = floatingIps.create(Bodies.caller(exchange), request);
        if (!tags.isEmpty()) {
            standard.replaceTags(FloatingIpService.TABLE, "floatingips", fip.id(), tags);
            fip = floatingIps.get(Bodies.caller(exchange), fip.id());
        }
        exchange.json(201, Map.of("floatingip", view(fip)));
    }

    private void update(Exchange exchange)
    {
        JsonNode node = L3Bodies.resource(exchange, "floatingip", UPDATE, "PUT");
        L3Bodies.refuse(node, Set.of("id", "status", "router_id", "floating_network_id", "floating_ip_address", "subnet_id", "project_id",
                "tenant_id"), "PUT");
        Optional<Optional<String>> portId = node.has("port_id") ? Optional.of(L3Bodies.uuidOrNone(node, "port_id")) : Optional.empty();
        FloatingIpRequests.Update update = new FloatingIpRequests.Update(portId, L3Bodies.ipOrNone(node, "fixed_ip_address"),
                L3Bodies.string(node, "description", L3Bodies.MAX_NAME), StandardViews.ifMatch(exchange),
                node.has("qos_policy_id") ? Optional.of(L3Bodies.uuidOrNone(node, "qos_policy_id")) : Optional.empty());
        exchange.json(200, Map.of("floatingip", view(floatingIps.update(Bodies.caller(exchange), exchange.path("id"), update))));
    }

    private void delete(Exchange exchange)
    {
        floatingIps.delete(Bodies.caller(exchange), exchange.path("id"));
        exchange.noContent();
    }

    /** floatingip-pools: the IPv4 subnets of the external networks. */
    private void pools(Exchange exchange)
    {
        List<Map<String, Object>> pools = new ArrayList<>();
        for (NetworkTopology.SubnetInfo subnet : topology.externalSubnets()) {
            if (subnet.ipVersion() != 4) {
                continue;
            }
            Map<String, Object> pool = new java.util.LinkedHashMap<>();
            pool.put("subnet_id", subnet.id());
            pool.put("subnet_name", subnet.name());
            pool.put("network_id", subnet.networkId());
            pool.put("project_id", subnet.projectId());
            pool.put("tenant_id", subnet.projectId());
            pools.add(NeutronLists.projectShow(exchange, pool));
        }
        exchange.json(200, Map.of("floatingip_pools", pools));
    }
}
