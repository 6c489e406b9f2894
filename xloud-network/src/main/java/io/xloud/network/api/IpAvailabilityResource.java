package io.xloud.network.api;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.IpAvailabilityService;
import io.xloud.network.service.IpAvailabilityService.NetworkAvailability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /v2.0/network-ip-availabilities} (network-ip-availability): an admin's view of address use per network and subnet. */
final class IpAvailabilityResource
{
    static final String GET_NETWORK_IP_AVAILABILITY = "get_network_ip_availability";
    private static final Set<String> FILTERS = Set.of("network_id", "network_name", "project_id", "tenant_id", "ip_version", "fields");

    private final IpAvailabilityService availability;

    IpAvailabilityResource(IpAvailabilityService availability)
    {
        this.availability = availability;
    }

    void routes(Router.Builder routes)
    {
        routes.route("GET", NetworkModule.V2 + "/network-ip-availabilities", GET_NETWORK_IP_AVAILABILITY, exchange -> Map.of(), this::list);
        routes.route("GET", NetworkModule.V2 + "/network-ip-availabilities/{network_id}", GET_NETWORK_IP_AVAILABILITY, exchange -> Map.of(), this::show);
    }

    private void list(Exchange exchange)
    {
        Map<String, List<String>> query = NeutronLists.query(exchange);
        for (String name : query.keySet()) {
            if (!FILTERS.contains(name)) {
                throw Bodies.invalid("'" + Bodies.shorten(name) + "' is an invalid filter or query parameter.");
            }
        }
        Optional<Integer> version = Optional.empty();
        if (query.containsKey("ip_version")) {
            String text = query.get("ip_version").getFirst();
            if (!text.equals("4") && !text.equals("6")) {
                throw Bodies.invalid("Invalid value '" + Bodies.shorten(text) + "' for filter 'ip_version'.");
            }
            version = Optional.of(Integer.parseInt(text));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (NetworkAvailability network : availability.list(version)) {
            if (matches(query, "network_id", network.network().id()) && matches(query, "network_name", network.network().name())
                    && matches(query, "project_id", network.network().projectId()) && matches(query, "tenant_id", network.network().projectId())) {
                items.add(NeutronLists.projectShow(exchange, view(network)));
            }
        }
        exchange.json(200, Map.of("network_ip_availabilities", items));
    }

    private static boolean matches(Map<String, List<String>> query, String name, String value)
    {
        return !query.containsKey(name) || query.get(name).contains(value);
    }

    private void show(Exchange exchange)
    {
        exchange.json(200, Map.of("network_ip_availability", NeutronLists.projectShow(exchange, view(availability.get(exchange.path("network_id"))))));
    }

    private static Map<String, Object> view(NetworkAvailability network)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("network_id", network.network().id());
        view.put("network_name", network.network().name());
        view.put("project_id", network.network().projectId());
        view.put("tenant_id", network.network().projectId());
        view.put("total_ips", network.totalIps());
        view.put("used_ips", network.usedIps());
        view.put("subnet_ip_availability", network.subnets().stream().map(subnet -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("subnet_id", subnet.subnet().id());
            item.put("subnet_name", subnet.subnet().name());
            item.put("cidr", subnet.subnet().cidr());
            item.put("ip_version", subnet.subnet().ipVersion());
            item.put("total_ips", subnet.totalIps());
            item.put("used_ips", subnet.usedIps());
            return item;
        }).toList());
        return view;
    }
}
