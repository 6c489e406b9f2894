package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.Caller;
import io.xloud.network.service.Extensions;
import io.xloud.network.service.Ip;
import io.xloud.network.service.NetworkService;
import io.xloud.network.service.NetworkServices;
import io.xloud.network.service.Port;
import io.xloud.network.service.PortChange;
import io.xloud.network.service.PortService;
import io.xloud.network.service.Trunk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static io.xloud.network.api.NetworkPolicies.CREATE_PORT;
import static io.xloud.network.api.NetworkPolicies.DELETE_PORT;
import static io.xloud.network.api.NetworkPolicies.GET_PORT;
import static io.xloud.network.api.NetworkPolicies.UPDATE_PORT;

/**
 * {@code /v2.0/ports}: ports with their addresses, binding, allowed address pairs, extra DHCP options, port security
 * and security groups; the binding attributes other than vnic_type are an admin's.
 */
final class PortResource
{
    private static final Set<String> ATTRIBUTES = Set.of("network_id", "name", "description", "mac_address", "admin_state_up", "device_id",
            "device_owner", "binding:host_id", "binding:vnic_type", "binding:profile", "port_security_enabled", "allowed_address_pairs",
            "extra_dhcp_opts", "dns_name", "qos_policy_id", "fixed_ips", "security_groups", "tenant_id", "project_id", "tags");
    private static final Set<String> READ_ONLY = Set.of("id", "status", "created_at", "updated_at", "revision_number", "binding:vif_type",
            "binding:vif_details", "dns_assignment");
    private static final Set<String> NOT_UPDATABLE = Set.of("network_id", "tenant_id", "project_id", "tags");
    private static final Pattern DNS_NAME = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?",
            Pattern.CASE_INSENSITIVE);

    private final NetworkServices services;
    private final PortService ports;
    private final NetworkService networks;
    private final NeutronLists lists;

    PortResource(NetworkServices services, NeutronLists lists)
    {
        this.services = services;
        this.ports = services.ports();
        this.networks = services.networks();
        this.lists = lists;
    }

    void routes(Router.Builder routes)
    {
        routes.route("GET", NetworkModule.V2 + "/ports", GET_PORT, NetworkResource::callerTarget, lists.cached(this::list));
        routes.route("POST", NetworkModule.V2 + "/ports", CREATE_PORT, NetworkResource::callerTarget, this::create);
        routes.route("GET", NetworkModule.V2 + "/ports/{id}", GET_PORT, this::target, this::show);
        routes.route("PUT", NetworkModule.V2 + "/ports/{id}", UPDATE_PORT, this::target, this::update);
        routes.route("DELETE", NetworkModule.V2 + "/ports/{id}", DELETE_PORT, this::target, this::delete);
        new TagsResource(services.standard(), "ports", "ports", this::target).routes(routes);
    }

    Map<String, Object> target(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        return target(ports.get(caller, exchange.path("id")), caller);
    }

    private Map<String, Object> target(Port port, Caller caller)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", port.projectId());
        target.put("tenant_id", port.projectId());
        target.put("network_project_id", ports.networkProject(port.networkId()).orElse(port.projectId()));
        target.put("shared", networks.find(port.networkId()).map(network -> network.sharedFor(caller)).orElse(false));
        target.put("external", false);
        target.put("device_owner", port.deviceOwner());
        return target;
    }

    private void list(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        ListRequest request = ports.listRequest(NeutronLists.query(exchange));
        Page<Port> page = ports.list(caller, request);
        Map<String, Trunk.Details> trunks = trunkDetails(page.items().stream().map(Port::id).toList());
        lists.respond(exchange, "ports", page.map(port -> view(exchange, port, trunks)), request);
    }

    private void show(Exchange exchange)
    {
        Port port = ports.get(Bodies.caller(exchange), exchange.path("id"));
        exchange.json(200, Map.of("port", NeutronLists.projectShow(exchange, view(exchange, port, trunkDetails(List.of(port.id()))))));
    }

    private void create(Exchange exchange)
    {
        Caller caller = Bodies.caller(exchange);
        List<ObjectNode> items = Bodies.creates(exchange, "port", "ports");
        List<String> projects = new ArrayList<>();
        List<PortChange> changes = new ArrayList<>();
        List<Optional<List<String>>> tags = new ArrayList<>();
        for (ObjectNode item : items) {
            Bodies.only(item, ATTRIBUTES, READ_ONLY, "POST");
            PortChange change = change(item);
            String project = Bodies.project(item, caller);
            Map<String, Object> target = new HashMap<>(NetworkResource.callerTarget(exchange));
            target.put("project_id", project);
            target.put("tenant_id", project);
            change.networkId().flatMap(networks::find).filter(network -> network.visibleTo(caller)).ifPresent(network -> {
                target.put("network_project_id", network.projectId());
                target.put("shared", network.sharedFor(caller));
            });
            NetworkResource.authorize(exchange, CREATE_PORT, target);
            authorizeAttributes(exchange, "create_port", item, target);
            projects.add(project);
            changes.add(change);
            tags.add(Optional.of(TagsResource.creationTags(item)));
        }
        List<Port> created = ports.create(caller, projects, changes);
        List<Map<String, Object>> views = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Port port = created.get(i);
            if (tags.get(i).isPresent() && !tags.get(i).get().isEmpty()) {
                services.standard().replaceTags("ports", "ports", port.id(), tags.get(i).get());
                port = ports.find(port.id()).orElse(port);
            }
            views.add(view(exchange, port));
        }
        if (Bodies.bulk(exchange, "ports")) {
            exchange.json(201, Map.of("ports", views));
        }
        else {
            exchange.json(201, Map.of("port", views.getFirst()));
        }
    }

    private void update(Exchange exchange)
    {
        ObjectNode item = Bodies.one(exchange, "port");
        Set<String> forbidden = new java.util.HashSet<>(READ_ONLY);
        forbidden.addAll(NOT_UPDATABLE);
        Bodies.only(item, ATTRIBUTES, forbidden, "PUT");
        PortChange change = change(item);
        Caller caller = Bodies.caller(exchange);
        Port port = ports.get(caller, exchange.path("id"));
        authorizeAttributes(exchange, "update_port", item, target(port, caller));
        Port updated = ports.update(caller, port.id(), change, StandardViews.ifMatch(exchange));
        exchange.json(200, Map.of("port", view(exchange, updated, trunkDetails(List.of(updated.id())))));
    }

    private void delete(Exchange exchange)
    {
        ports.delete(Bodies.caller(exchange), exchange.path("id"), StandardViews.ifMatch(exchange));
        exchange.noContent();
    }

    private static void authorizeAttributes(Exchange exchange, String action, ObjectNode item, Map<String, Object> target)
    {
        for (String attribute : List.of("mac_address", "port_security_enabled", "binding:host_id", "binding:profile", "allowed_address_pairs")) {
            if (item.has(attribute)) {
                NetworkResource.authorize(exchange, action + ":" + attribute, target);
            }
        }
        JsonNode fixedIps = item.get("fixed_ips");
        if (fixedIps != null && fixedIps.isArray()) {
            for (JsonNode fixedIp : fixedIps) {
                if (fixedIp.has("ip_address")) {
                    NetworkResource.authorize(exchange, action + ":fixed_ips:ip_address", target);
                }
            }
        }
    }

    private static PortChange change(ObjectNode item)
    {
        Optional<Optional<String>> mac = Bodies.nullableString(item, "mac_address", 64).map(value -> value.map(text -> Ip.mac(text)
                .orElseThrow(() -> Bodies.invalid("Invalid input for mac_address. Reason: '" + Bodies.shorten(text) + "' is not a valid MAC address."))));
        Optional<String> vnicType = Bodies.string(item, "binding:vnic_type", 64);
        vnicType.ifPresent(type -> {
            if (!PortService.VNIC_TYPES.contains(type)) {
                throw Bodies.invalid("Invalid input for binding:vnic_type. Reason: '" + Bodies.shorten(type) + "' is not in "
                        + PortService.VNIC_TYPES.stream().sorted().toList() + ".");
            }
        });
        Optional<List<PortChange.FixedIpRequest>> fixedIps = Bodies.objects(item, "fixed_ips", 100, true).map(list -> list.stream().map(fixedIp -> {
            Bodies.only(fixedIp, Set.of("subnet_id", "ip_address"), Set.of(), "POST");
            return new PortChange.FixedIpRequest(Bodies.string(fixedIp, "subnet_id", 36), Bodies.string(fixedIp, "ip_address", 64));
        }).toList());
        Optional<List<Port.AddressPair>> pairs = Bodies.objects(item, "allowed_address_pairs", 1000, true).map(list -> list.stream().map(pair -> {
            Bodies.only(pair, Set.of("ip_address", "mac_address"), Set.of(), "POST");
            return new Port.AddressPair(Bodies.string(pair, "ip_address", 64)
                    .orElseThrow(() -> Bodies.invalid("Invalid input for allowed_address_pairs. Reason: ip_address is required.")),
                    Bodies.nullableString(pair, "mac_address", 64).flatMap(value -> value).orElse(""));
        }).toList());
        Optional<List<PortChange.DhcpOptionChange>> options = Bodies.objects(item, "extra_dhcp_opts", 100, true).map(list -> list.stream().map(option -> {
            Bodies.only(option, Set.of("opt_name", "opt_value", "ip_version"), Set.of(), "POST");
            String name = Bodies.string(option, "opt_name", 64)
                    .orElseThrow(() -> Bodies.invalid("Invalid input for extra_dhcp_opts. Reason: opt_name is required."));
            if (name.isBlank()) {
                throw Bodies.invalid("Invalid input for extra_dhcp_opts. Reason: opt_name must not be blank.");
            }
            Optional<String> value = Bodies.nullableString(option, "opt_value", 255).flatMap(text -> text);
            int version = Bodies.integer(option, "ip_version", 4, 6).orElse(4);
            if (version == 5) {
                throw Bodies.invalid("Invalid input for extra_dhcp_opts. Reason: ip_version must be 4 or 6.");
            }
            return new PortChange.DhcpOptionChange(name, value, version);
        }).toList());
        Optional<String> dnsName = Bodies.string(item, "dns_name", 255);
        dnsName.ifPresent(name -> {
            if (!name.isEmpty() && !DNS_NAME.matcher(name).matches()) {
                throw Bodies.invalid("Invalid input for dns_name. Reason: '" + Bodies.shorten(name) + "' is not a valid DNS name.");
            }
        });
        Optional<List<String>> groups = item.has("security_groups") && item.get("security_groups").isNull() ? Optional.of(List.of())
                : Bodies.strings(item, "security_groups", 100, 36);
        return new PortChange(
                Bodies.string(item, "network_id", 36),
                Bodies.string(item, "name", 255),
                Bodies.string(item, "description", 255),
                mac,
                Bodies.bool(item, "admin_state_up"),
                Bodies.nullableString(item, "device_id", 255).map(value -> value.orElse("")),
                Bodies.nullableString(item, "device_owner", 255).map(value -> value.orElse("")),
                Bodies.nullableString(item, "binding:host_id", 255).map(value -> value.orElse("")),
                vnicType,
                Bodies.map(item, "binding:profile"),
                Bodies.bool(item, "port_security_enabled"),
                pairs,
                options,
                dnsName.map(name -> name.toLowerCase(java.util.Locale.ROOT)),
                Bodies.nullableString(item, "qos_policy_id", 36),
                fixedIps,
                groups);
    }

    /** The trunk_details (trunk-details) of those of a page's ports that are trunk parents: one query for the page. */
    private Map<String, Trunk.Details> trunkDetails(List<String> portIds)
    {
        return Extensions.has("trunk-details") ? services.trunks().details(portIds) : Map.of();
    }

    Map<String, Object> view(Exchange exchange, Port port)
    {
        return view(exchange, port, Map.of());
    }

    private Map<String, Object> view(Exchange exchange, Port port, Map<String, Trunk.Details> trunks)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", port.id());
        view.put("name", port.name());
        view.put("network_id", port.networkId());
        view.put("mac_address", port.macAddress());
        view.put("admin_state_up", port.adminStateUp());
        view.put("status", port.status());
        view.put("device_id", port.deviceId());
        view.put("device_owner", port.deviceOwner());
        view.put("fixed_ips", port.fixedIps().stream().map(ip -> StandardViews.ordered("subnet_id", ip.subnetId(), "ip_address", ip.ipAddress())).toList());
        view.put("allowed_address_pairs", port.allowedAddressPairs().stream()
                .map(pair -> StandardViews.ordered("ip_address", pair.ipAddress(), "mac_address", pair.macAddress())).toList());
        view.put("extra_dhcp_opts", port.extraDhcpOpts().stream()
                .map(option -> StandardViews.ordered("opt_name", option.name(), "opt_value", option.value(), "ip_version", option.ipVersion())).toList());
        view.put("security_groups", port.securityGroups());
        view.put("port_security_enabled", port.portSecurityEnabled());
        view.put("binding:vnic_type", port.bindingVnicType());
        boolean admin = exchange.allowed("get_port:binding:host_id", Map.of("project_id", port.projectId()));
        if (admin) {
            view.put("binding:host_id", port.bindingHostId());
            view.put("binding:profile", port.bindingProfile());
            view.put("binding:vif_type", port.vifType());
            view.put("binding:vif_details", port.vifDetails());
        }
        view.put("ip_allocation", "immediate");
        if (Extensions.has("dns-integration")) {
            view.put("dns_name", port.dnsName());
            List<Map<String, Object>> assignment = new ArrayList<>();
            for (Port.FixedIp ip : port.fixedIps()) {
                String hostname = port.dnsName().isEmpty() ? "host-" + ip.ipAddress().replace('.', '-').replace(':', '-') : port.dnsName();
                assignment.add(StandardViews.ordered("hostname", hostname, "ip_address", ip.ipAddress(), "fqdn", hostname + ".openstacklocal."));
            }
            view.put("dns_assignment", assignment);
        }
        if (Extensions.has("qos")) {
            view.put("qos_policy_id", port.qosPolicyId().orElse(null));
        }
        Trunk.Details trunk = trunks.get(port.id());
        if (trunk != null) {
            view.put("trunk_details", TrunkResource.view(trunk));
        }
        return StandardViews.put(view, port.standard());
    }
}
