package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router.Builder;
import io.xloud.network.service.FloatingIpService;
import io.xloud.network.service.PortForwarding;
import io.xloud.network.service.PortForwardingService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.network.api.L3Bodies.invalid;
import static java.util.Objects.requireNonNull;

/** {@code /v2.0/floatingips/{id}/port_forwardings} (floating-ip-port-forwarding with port ranges and descriptions). */
public final class PortForwardingResource
{
    private static final String BASE = FloatingIpResource.BASE + "/{id}/port_forwardings";
    private static final Set<String> FIELDS = Set.of("internal_port_id", "internal_ip_address", "internal_port", "external_port", "protocol",
            "description", "internal_port_range", "external_port_range");
    private static final Set<String> FILTERS = Set.of("id", "internal_port_id", "internal_ip_address", "internal_port", "external_port", "protocol",
            "description", "internal_port_range", "external_port_range", "fields");

    private final PortForwardingService forwardings;
    private final FloatingIpService floatingIps;

    public PortForwardingResource(PortForwardingService forwardings, FloatingIpService floatingIps)
    {
        this.forwardings = requireNonNull(forwardings, "forwardings is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
    }

    public void routes(Builder routes)
    {
        routes.route("GET", BASE, L3Policies.GET_PORT_FORWARDING, this::target, this::list);
        routes.route("POST", BASE, L3Policies.CREATE_PORT_FORWARDING, this::target, this::create);
        routes.route("GET", BASE + "/{forwarding_id}", L3Policies.GET_PORT_FORWARDING, this::target, this::show);
        routes.route("PUT", BASE + "/{forwarding_id}", L3Policies.UPDATE_PORT_FORWARDING, this::target, this::update);
        routes.route("DELETE", BASE + "/{forwarding_id}", L3Policies.DELETE_PORT_FORWARDING, this::target, this::delete);
    }

    /** The floating IP's owner is the forwarding's; 404 when the caller cannot see the floating IP. */
    private Map<String, Object> target(Exchange exchange)
    {
        return L3Targets.owner(floatingIps.get(Bodies.caller(exchange), exchange.path("id")).projectId());
    }

    private void list(Exchange exchange)
    {
        Map<String, List<String>> query = exchange.queryParameters();
        for (String name : query.keySet()) {
            if (!FILTERS.contains(name) && !Set.of("limit", "marker", "sort_key", "sort_dir", "page_reverse").contains(name)) {
                throw invalid("'" + L3Bodies.shorten(name) + "' is an invalid filter or query parameter.");
            }
        }
        List<Map<String, Object>> views = new ArrayList<>();
        for (PortForwarding forwarding : forwardings.list(Bodies.caller(exchange), exchange.path("id"))) {
            Map<String, Object> view = L3Views.portForwarding(forwarding);
            boolean matches = query.entrySet().stream()
                    .filter(entry -> FILTERS.contains(entry.getKey()) && !entry.getKey().equals("fields"))
                    .allMatch(entry -> entry.getValue().contains(String.valueOf(view.get(entry.getKey()))));
            if (matches) {
                views.add(NeutronLists.projectShow(exchange, view));
            }
        }
        exchange.json(200, Map.of("port_forwardings", views));
    }

    private void show(Exchange exchange)
    {
        PortForwarding forwarding = forwardings.get(Bodies.caller(exchange), exchange.path("id"), exchange.path("forwarding_id"));
        exchange.json(200, Map.of("port_forwarding", NeutronLists.projectShow(exchange, L3Views.portForwarding(forwarding))));
    }

    private void create(Exchange exchange)
    {
        PortForwardingService.Request request = request(exchange, true);
        PortForwarding created = forwardings.create(Bodies.caller(exchange), exchange.path("id"), request);
        exchange.json(201, Map.of("port_forwarding", L3Views.portForwarding(created)));
    }

    private void update(Exchange exchange)
    {
        PortForwardingService.Request request = request(exchange, false);
        PortForwarding updated = forwardings.update(Bodies.caller(exchange), exchange.path("id"), exchange.path("forwarding_id"), request);
        exchange.json(200, Map.of("port_forwarding", L3Views.portForwarding(updated)));
    }

    private void delete(Exchange exchange)
    {
        forwardings.delete(Bodies.caller(exchange), exchange.path("id"), exchange.path("forwarding_id"));
        exchange.noContent();
    }

    private static PortForwardingService.Request request(Exchange exchange, boolean create)
    {
        JsonNode node = L3Bodies.resource(exchange, "port_forwarding", FIELDS, create ? "POST" : "PUT");
        Optional<String> portId = L3Bodies.uuidOrNone(node, "internal_port_id");
        Optional<String> protocol = L3Bodies.string(node, "protocol", 16).map(value -> value.toLowerCase(java.util.Locale.ROOT));
        if (protocol.isPresent() && !PortForwardingService.PROTOCOLS.contains(protocol.get())) {
            throw invalid("protocol", "'" + L3Bodies.shorten(protocol.get()) + "' is not in " + PortForwardingService.PROTOCOLS.stream().sorted().toList());
        }
        Optional<PortForwarding.PortRange> internal = ports(node, "internal_port", "internal_port_range");
        Optional<PortForwarding.PortRange> external = ports(node, "external_port", "external_port_range");
        if (create) {
            if (portId.isEmpty()) {
                throw invalid("Failed to parse request. Required attribute 'internal_port_id' not specified");
            }
            if (protocol.isEmpty()) {
                throw invalid("Failed to parse request. Required attribute 'protocol' not specified");
            }
            if (internal.isEmpty() || external.isEmpty()) {
                throw invalid("Failed to parse request. The internal and external ports (or port ranges) must both be specified");
            }
        }
        return new PortForwardingService.Request(portId, L3Bodies.ipOrNone(node, "internal_ip_address"), protocol, internal, external,
                L3Bodies.string(node, "description", L3Bodies.MAX_NAME));
    }

    /** A single port or a range "first:last", never both. */
    private static Optional<PortForwarding.PortRange> ports(JsonNode node, String single, String range)
    {
        JsonNode port = node.get(single);
        JsonNode ports = node.get(range);
        boolean hasPort = port != null && !port.isNull();
        boolean hasRange = ports != null && !ports.isNull();
        if (hasPort && hasRange) {
            throw invalid("Bad port_forwarding request: " + single + " and " + range + " cannot be given together");
        }
        if (hasPort) {
            if (!port.canConvertToInt() || !port.isIntegralNumber() || port.asInt() < 1 || port.asInt() > 65535) {
                throw invalid(single, "'" + L3Bodies.shorten(port.toString()) + "' is not a valid port number in 1-65535");
            }
            return Optional.of(new PortForwarding.PortRange(port.asInt(), port.asInt()));
        }
        if (hasRange) {
            String text = ports.isTextual() ? ports.asText() : ports.isIntegralNumber() ? ports.asText() : "";
            String[] parts = text.split(":", -1);
            if (parts.length < 1 || parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(part -> part.matches("\\d{1,5}"))) {
                throw invalid(range, "'" + L3Bodies.shorten(ports.toString()) + "' is not a valid port range");
            }
            int first = Integer.parseInt(parts[0]);
            int last = Integer.parseInt(parts[parts.length - 1]);
            if (first < 1 || last > 65535 || first > last) {
                throw invalid(range, "'" + L3Bodies.shorten(text) + "' is not a valid port range in 1-65535, first not after last");
            }
            return Optional.of(new PortForwarding.PortRange(first, last));
        }
        return Optional.empty();
    }
}
