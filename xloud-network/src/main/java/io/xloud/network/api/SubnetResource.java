package io.xloud.network.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.Caller;
import io.xloud.network.service.Extensions;
import io.xloud.network.service.NetworkService;
import io.xloud.network.service.NetworkServices;
import io.xloud.network.service.Subnet;
import io.xloud.network.service.SubnetChange;
import io.xloud.network.service.SubnetService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.network.api.NetworkPolicies.CREATE_SUBNET;
import static io.xloud.network.api.NetworkPolicies.DELETE_SUBNET;
import static io.xloud.network.api.NetworkPolicies.GET_SUBNET;
import static io.xloud.network.api.NetworkPolicies.UPDATE_SUBNET;

/** {@code /v2.0/subnets}: IPv4 and IPv6 subnets with pools, gateway, host routes and name servers. */
final class SubnetResource
{
    private static final Set<String> ATTRIBUTES = Set.of("network_id", "name", "description", "ip_version", "cidr", "gateway_ip", "enable_dhcp",
            "ipv6_ra_mode", "ipv6_address_mode", "allocation_pools", "dns_nameservers", "host_routes", "subnetpool_id", "prefixlen",
            "use_default_subnetpool", "segment_id", "service_types", "tenant_id", "project_id", "dns_publish_fixed_ip", "tags");
    private static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at", "revision_number");
    private static final Set<String> NOT_UPDATABLE = Set.of("network_id", "ip_version", "cidr", "ipv6_ra_mode", "ipv6_address_mode", "tenant_id",
            "project_id", "subnetpool_id", "prefixlen", "use_default_subnetpool", "tags");

    private final NetworkServices services;
    private final SubnetService subnets;
    private final NetworkService networks;
    private final NeutronLists lists;

    SubnetResource(NetworkServices services, NeutronLists lists)
    {
        this.services = services;
        this.subnets = services.subnets();
        this.networks = services.networks();
        this.lists = lists;
    }

    void routes(Router.Builder routes)
    {
        routes.route("GET", NetworkModule.V2 + "/subnets", GET_SUBNET, NetworkResource::callerTarget, lists.cached(this::list));
        routes.route("POST", NetworkModule.V2 + "/subnets", CREATE_SUBNET, NetworkResource::callerTarget, this::create);
        routes.route("GET", NetworkModule.V2 + "/subnets/{id}", GET_SUBNET, this::target, this::show);
        routes.route("PUT", NetworkModule.V2 + "/subnets/{id}", UPDATE_SUBNET, this::target, this::update);
        routes.route("DELETE", NetworkModule.V2 + "/subnets/{id}", DELETE_SUBNET, this::target, this::delete);
        new TagsResource(services.standard(), "subnets", "subnets", this::target).routes(routes);
    }

    Map<String, Object> target(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        Subnet subnet = subnets.get(caller, exchange.path("id"));
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", subnet.projectId());
        target.put("tenant_id", subnet.projectId());
        target.put("network_project_id", subnets.networkProject(subnet).orElse(subnet.projectId()));
        target.put("shared", subnets.onSharedNetwork(subnet, caller));
        target.put("external", false);
        return target;
    }

    private void list(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        ListRequest request = subnets.listRequest(NeutronLists.query(exchange));
        Page<Subnet> page = subnets.list(caller, request);
        lists.respond(exchange, "subnets", page.map(SubnetResource::view), request);
    }

    private void show(Exchange exchange)
    {
        Subnet subnet = subnets.get(Bodies.caller(exchange), exchange.path("id"));
        exchange.json(200, Map.of("subnet", NeutronLists.projectShow(exchange, view(subnet))));
    }

    private void create(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        List<ObjectNode> items = Bodies.creates(exchange, "subnet", "subnets");
        List<String> projects = new ArrayList<>();
        List<SubnetChange> changes = new ArrayList<>();
        List<Optional<List<String>>> tags = new ArrayList<>();
        for (ObjectNode item : items) {
            Bodies.only(item, ATTRIBUTES, READ_ONLY, "POST");
            SubnetChange change = change(item);
            String project = Bodies.project(item, caller);
            Map<String, Object> target = new HashMap<>(NetworkResource.callerTarget(exchange));
            target.put("project_id", project);
            target.put("tenant_id", project);
            change.networkId().flatMap(networks::find).filter(network -> network.visibleTo(caller))
                    .ifPresent(network -> target.put("network_project_id", network.projectId()));
            if (change.networkId().flatMap(networks::find).filter(network -> network.visibleTo(caller)).isPresent()) {
                NetworkResource.authorize(exchange, CREATE_SUBNET, target);
            }
            projects.add(project);
            changes.add(change);
            tags.add(Optional.of(TagsResource.creationTags(item)));
        }
        List<Subnet> created = subnets.create(caller, projects, changes);
        List<Map<String, Object>> views = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Subnet subnet = created.get(i);
            if (tags.get(i).isPresent() && !tags.get(i).get().isEmpty()) {
                services.standard().replaceTags("subnets", "subnets", subnet.id(), tags.get(i).get());
                subnet = subnets.get(caller, subnet.id());
            }
            views.add(view(subnet));
        }
        if (Bodies.bulk(exchange, "subnets")) {
            exchange.json(201, Map.of("subnets", views));
        }
        else {
            exchange.json(201, Map.of("subnet", views.getFirst()));
        }
    }

    private void update(Exchange exchange)
    {
        ObjectNode item = Bodies.one(exchange, "subnet");
        Set<String> forbidden = new java.util.HashSet<>(READ_ONLY);
        forbidden.addAll(NOT_UPDATABLE);
        Bodies.only(item, ATTRIBUTES, forbidden, "PUT");
        Subnet updated = subnets.update(Bodies.caller(exchange), exchange.path("id"), change(item), StandardViews.ifMatch(exchange));
        exchange.json(200, Map.of("subnet", view(updated)));
    }

    private void delete(Exchange exchange)
    {
        subnets.delete(Bodies.caller(exchange), exchange.path("id"), StandardViews.ifMatch(exchange));
        exchange.noContent();
    }

    private static SubnetChange change(ObjectNode item)
    {
        Optional<List<Subnet.Pool>> pools = Bodies.objects(item, "allocation_pools", 1000, false).map(list -> list.stream()
                .map(pool -> {
                    Bodies.only(pool, Set.of("start", "end"), Set.of(), "POST");
                    return new Subnet.Pool(Bodies.string(pool, "start", 64).orElseThrow(() -> Bodies.invalid("Invalid input for allocation_pools. Reason: start is required.")),
                            Bodies.string(pool, "end", 64).orElseThrow(() -> Bodies.invalid("Invalid input for allocation_pools. Reason: end is required.")));
                }).toList());
        if (item.has("allocation_pools") && item.get("allocation_pools").isNull()) {
            pools = Optional.empty();
        }
        Optional<List<Subnet.HostRoute>> routes = Bodies.objects(item, "host_routes", 1000, true).map(list -> list.stream()
                .map(route -> {
                    Bodies.only(route, Set.of("destination", "nexthop"), Set.of(), "POST");
                    return new Subnet.HostRoute(Bodies.string(route, "destination", 64).orElseThrow(() -> Bodies.invalid("Invalid input for host_routes. Reason: destination is required.")),
                            Bodies.string(route, "nexthop", 64).orElseThrow(() -> Bodies.invalid("Invalid input for host_routes. Reason: nexthop is required.")));
                }).toList());
        Optional<List<String>> nameservers = item.has("dns_nameservers") && item.get("dns_nameservers").isNull() ? Optional.of(List.of())
                : Bodies.strings(item, "dns_nameservers", 100, 64);
        return new SubnetChange(
                Bodies.string(item, "network_id", 36),
                Bodies.string(item, "name", 255),
                Bodies.string(item, "description", 255),
                Bodies.integer(item, "ip_version", 0, 100),
                nullable(item, "cidr", 64),
                Bodies.nullableString(item, "gateway_ip", 64),
                Bodies.bool(item, "enable_dhcp"),
                nullable(item, "ipv6_ra_mode", 32),
                nullable(item, "ipv6_address_mode", 32),
                nullable(item, "subnetpool_id", 36),
                item.has("prefixlen") && item.get("prefixlen").isNull() ? Optional.empty() : Bodies.integer(item, "prefixlen", 0, 128),
                Bodies.bool(item, "use_default_subnetpool").orElse(false),
                Bodies.nullableString(item, "segment_id", 36),
                pools,
                nameservers,
                routes,
                item.has("service_types") && item.get("service_types").isNull() ? Optional.of(List.of()) : Bodies.strings(item, "service_types", 20, 255),
                Bodies.bool(item, "dns_publish_fixed_ip"));
    }

    private static Optional<String> nullable(ObjectNode item, String name, int max)
    {
        return Bodies.nullableString(item, name, max).flatMap(value -> value);
    }

    static Map<String, Object> view(Subnet subnet)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subnet.id());
        view.put("name", subnet.name());
        view.put("network_id", subnet.networkId());
        view.put("ip_version", subnet.ipVersion());
        view.put("cidr", subnet.cidr());
        view.put("gateway_ip", subnet.gatewayIp().orElse(null));
        view.put("enable_dhcp", subnet.enableDhcp());
        view.put("ipv6_ra_mode", subnet.ipv6RaMode().orElse(null));
        view.put("ipv6_address_mode", subnet.ipv6AddressMode().orElse(null));
        view.put("allocation_pools", subnet.allocationPools().stream().map(pool -> StandardViews.ordered("start", pool.start(), "end", pool.end())).toList());
        view.put("dns_nameservers", subnet.dnsNameservers());
        view.put("host_routes", subnet.hostRoutes().stream().map(route -> StandardViews.ordered("destination", route.destination(), "nexthop", route.nexthop())).toList());
        view.put("subnetpool_id", subnet.subnetpoolId().orElse(null));
        view.put("segment_id", subnet.segmentId().orElse(null));
        view.put("service_types", subnet.serviceTypes());
        if (Extensions.has("subnet-dns-publish-fixed-ip")) {
            view.put("dns_publish_fixed_ip", subnet.dnsPublishFixedIp());
        }
        return StandardViews.put(view, subnet.standard());
    }
}
