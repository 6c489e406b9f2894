package io.xloud.network.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.Caller;
import io.xloud.network.service.Extensions;
import io.xloud.network.service.Network;
import io.xloud.network.service.NetworkChange;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.NetworkService;
import io.xloud.network.service.NetworkServices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.network.api.NetworkPolicies.CREATE_NETWORK;
import static io.xloud.network.api.NetworkPolicies.DELETE_NETWORK;
import static io.xloud.network.api.NetworkPolicies.GET_NETWORK;
import static io.xloud.network.api.NetworkPolicies.UPDATE_NETWORK;

/** {@code /v2.0/networks}: Neutron's networks with external-net, provider, net-mtu(-writable), port-security and availability zones. */
final class NetworkResource
{
    private static final Set<String> ATTRIBUTES = Set.of("name", "description", "admin_state_up", "shared", "router:external", "is_default", "mtu",
            "port_security_enabled", "provider:network_type", "provider:physical_network", "provider:segmentation_id", "availability_zone_hints",
            "dns_domain", "qos_policy_id", "tenant_id", "project_id", "tags");
    private static final Set<String> READ_ONLY = Set.of("id", "status", "subnets", "created_at", "updated_at", "revision_number", "availability_zones",
            "ipv4_address_scope", "ipv6_address_scope", "l2_adjacency");
    private static final Set<String> NOT_UPDATABLE = Set.of("tenant_id", "project_id", "availability_zone_hints", "tags");
    private static final List<String> PROVIDER = List.of("provider:network_type", "provider:physical_network", "provider:segmentation_id");

    private final NetworkServices services;
    private final NetworkService networks;
    private final NeutronLists lists;

    NetworkResource(NetworkServices services, NeutronLists lists)
    {
        this.services = services;
        this.networks = services.networks();
        this.lists = lists;
    }

    void routes(Router.Builder routes)
    {
        routes.route("GET", NetworkModule.V2 + "/networks", GET_NETWORK, NetworkResource::callerTarget, lists.cached(this::list));
        routes.route("POST", NetworkModule.V2 + "/networks", CREATE_NETWORK, NetworkResource::callerTarget, this::create);
        routes.route("GET", NetworkModule.V2 + "/networks/{id}", GET_NETWORK, this::target, this::show);
        routes.route("PUT", NetworkModule.V2 + "/networks/{id}", UPDATE_NETWORK, this::target, this::update);
        routes.route("DELETE", NetworkModule.V2 + "/networks/{id}", DELETE_NETWORK, this::target, this::delete);
        new TagsResource(services.standard(), "networks", "networks", this::target).routes(routes);
    }

    /** For lists and creates: the caller's own project; each created item is checked against its own target too. */
    static Map<String, Object> callerTarget(Exchange exchange)
    {
        String project = exchange.auth().projectId().orElse("");
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", project);
        target.put("tenant_id", project);
        target.put("network_project_id", project);
        target.put("shared", false);
        target.put("external", false);
        return target;
    }

    /** Loads the network (404 when the caller cannot see it) as the rule's target. */
    Map<String, Object> target(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        return target(networks.get(caller, exchange.path("id")), caller);
    }

    /** {@code shared} as the caller's project sees it: a policy may share the network with that project alone. */
    static Map<String, Object> target(Network network, Caller caller)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", network.projectId());
        target.put("tenant_id", network.projectId());
        target.put("network_project_id", network.projectId());
        target.put("shared", network.sharedFor(caller));
        target.put("external", network.routerExternal());
        return target;
    }

    private void list(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        ListRequest request = networks.listRequest(NeutronLists.query(exchange));
        Page<Network> page = networks.list(caller, request, PoolPolicies.booleanFilter(exchange, "shared"));
        lists.respond(exchange, "networks", page.map(network -> view(exchange, network)), request);
    }

    private void show(Exchange exchange)
    {
        Network network = networks.get(Bodies.caller(exchange), exchange.path("id"));
        exchange.json(200, Map.of("network", NeutronLists.projectShow(exchange, view(exchange, network))));
    }

    private void create(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        List<ObjectNode> items = Bodies.creates(exchange, "network", "networks");
        List<String> projects = new ArrayList<>();
        List<NetworkChange> changes = new ArrayList<>();
        List<Optional<List<String>>> tags = new ArrayList<>();
        for (ObjectNode item : items) {
            Bodies.only(item, ATTRIBUTES, READ_ONLY, "POST");
            NetworkChange change = change(item);
            String project = Bodies.project(item, caller);
            Map<String, Object> target = new HashMap<>(callerTarget(exchange));
            target.put("project_id", project);
            target.put("tenant_id", project);
            authorize(exchange, CREATE_NETWORK, target);
            authorizeAttributes(exchange, "create_network", item, target, true);
            projects.add(project);
            changes.add(change);
            tags.add(Optional.of(TagsResource.creationTags(item)));
        }
        List<Network> created = networks.create(projects, changes);
        List<Map<String, Object>> views = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Network network = created.get(i);
            if (tags.get(i).isPresent() && !tags.get(i).get().isEmpty()) {
                services.standard().replaceTags("networks", "networks", network.id(), tags.get(i).get());
                network = networks.find(network.id()).orElse(network);
            }
            views.add(view(exchange, network));
        }
        if (Bodies.bulk(exchange, "networks")) {
            exchange.json(201, Map.of("networks", views));
        }
        else {
            exchange.json(201, Map.of("network", views.getFirst()));
        }
    }

    private void update(Exchange exchange)
    {
        ObjectNode item = Bodies.one(exchange, "network");
        Set<String> forbidden = new java.util.HashSet<>(READ_ONLY);
        forbidden.addAll(NOT_UPDATABLE);
        Bodies.only(item, ATTRIBUTES, forbidden, "PUT");
        NetworkChange change = change(item);
        Network network = networks.get(Bodies.caller(exchange), exchange.path("id"));
        authorizeAttributes(exchange, "update_network", item, target(network, Bodies.caller(exchange)), false);
        Network updated = networks.update(Bodies.caller(exchange), network.id(), change, StandardViews.ifMatch(exchange));
        exchange.json(200, Map.of("network", view(exchange, updated)));
    }

    private void delete(Exchange exchange)
    {
        networks.delete(Bodies.caller(exchange), exchange.path("id"), StandardViews.ifMatch(exchange));
        exchange.noContent();
    }

    static void authorize(Exchange exchange, String rule, Map<String, Object> target)
    {
        if (!exchange.allowed(rule, target)) {
            throw new ApiException(NetworkErrorCode.POLICY_NOT_AUTHORIZED, "rule:" + rule + " is disallowed by policy");
        }
    }

    /** Neutron's per-attribute rules ({@code create_network:shared}), for attributes set explicitly (on create: to other than the default). */
    private static void authorizeAttributes(Exchange exchange, String action, ObjectNode item, Map<String, Object> target, boolean create)
    {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("shared", false);
        defaults.put("router:external", false);
        defaults.put("is_default", false);
        defaults.put("port_security_enabled", true);
        for (String attribute : List.of("shared", "router:external", "is_default", "port_security_enabled", "provider:network_type",
                "provider:physical_network", "provider:segmentation_id")) {
            if (!item.has(attribute)) {
                continue;
            }
            if (create && defaults.containsKey(attribute) && java.util.Objects.equals(Bodies.bool(item, attribute).orElse(null), defaults.get(attribute))) {
                continue;
            }
            authorize(exchange, action + ":" + attribute, target);
        }
    }

    private static NetworkChange change(ObjectNode item)
    {
        return new NetworkChange(
                Bodies.string(item, "name", 255),
                Bodies.string(item, "description", 255),
                Bodies.bool(item, "admin_state_up"),
                Bodies.bool(item, "shared"),
                Bodies.bool(item, "router:external"),
                Bodies.bool(item, "is_default"),
                Bodies.integer(item, "mtu", 0, Integer.MAX_VALUE),
                Bodies.bool(item, "port_security_enabled"),
                optionalString(item, "provider:network_type", 32),
                optionalString(item, "provider:physical_network", 64),
                item.has("provider:segmentation_id") && item.get("provider:segmentation_id").isNull() ? Optional.empty()
                        : Bodies.integer(item, "provider:segmentation_id", 1, 16_777_215),
                Bodies.strings(item, "availability_zone_hints", 10, 255),
                Bodies.nullableString(item, "dns_domain", 255).map(domain -> domain.orElse("")),
                Bodies.nullableString(item, "qos_policy_id", 36));
    }

    /** Absent or JSON null: not given (openstacksdk sends null for what it was not told). */
    private static Optional<String> optionalString(ObjectNode item, String name, int max)
    {
        return Bodies.nullableString(item, name, max).flatMap(value -> value);
    }

    Map<String, Object> view(Exchange exchange, Network network)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", network.id());
        view.put("name", network.name());
        view.put("admin_state_up", network.adminStateUp());
        view.put("status", network.status());
        view.put("subnets", network.subnets());
        view.put("shared", network.sharedFor(Bodies.caller(exchange)));
        view.put("router:external", network.routerExternal());
        view.put("mtu", network.mtu());
        view.put("port_security_enabled", network.portSecurityEnabled());
        view.put("availability_zone_hints", network.availabilityZoneHints());
        view.put("availability_zones", List.of(NetworkService.AVAILABILITY_ZONE));
        view.put("ipv4_address_scope", null);
        view.put("ipv6_address_scope", null);
        view.put("l2_adjacency", true);
        if (Extensions.has("dns-integration")) {
            view.put("dns_domain", network.dnsDomain());
        }
        if (Extensions.has("auto-allocated-topology")) {
            view.put("is_default", network.isDefault());
        }
        if (Extensions.has("qos")) {
            view.put("qos_policy_id", network.qosPolicyId().orElse(null));
        }
        Map<String, Object> target = target(network, Bodies.caller(exchange));
        if (exchange.allowed("get_network:provider:network_type", target)) {
            view.put("provider:network_type", network.networkType().orElse(null));
            view.put("provider:physical_network", network.physicalNetwork().orElse(null));
            view.put("provider:segmentation_id", network.segmentationId().orElse(null));
        }
        return StandardViews.put(view, network.standard());
    }
}
