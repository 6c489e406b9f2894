package io.xloud.network.api;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.NetworkService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v2.0/availability_zones} (availability_zone): the one zone, {@code nova}, for each kind of resource that
 * takes zone hints. Other resources add their kind to {@link #RESOURCES}.
 */
final class AvailabilityZoneResource
{
    static final String GET_AVAILABILITY_ZONE = "get_availability_zone";
    static final List<String> RESOURCES = List.of("network", "router");
    private static final Set<String> FILTERS = Set.of("name", "resource", "state", "fields");

    void routes(Router.Builder routes)
    {
        routes.route("GET", NetworkModule.V2 + "/availability_zones", GET_AVAILABILITY_ZONE, exchange -> Map.of(), this::list);
    }

    private void list(Exchange exchange)
    {
        Map<String, List<String>> query = NeutronLists.query(exchange);
        for (String name : query.keySet()) {
            if (!FILTERS.contains(name)) {
                throw Bodies.invalid("'" + Bodies.shorten(name) + "' is an invalid filter or query parameter.");
            }
        }
        List<Map<String, Object>> zones = new ArrayList<>();
        for (String resource : RESOURCES) {
            Map<String, Object> zone = new LinkedHashMap<>();
            zone.put("name", NetworkService.AVAILABILITY_ZONE);
            zone.put("resource", resource);
            zone.put("state", "available");
            boolean matches = zone.entrySet().stream()
                    .allMatch(entry -> !query.containsKey(entry.getKey()) || query.get(entry.getKey()).contains(String.valueOf(entry.getValue())));
            if (matches) {
                zones.add(NeutronLists.projectShow(exchange, zone));
            }
        }
        exchange.json(200, Map.of("availability_zones", zones));
    }
}
