package io.xloud.network.api;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v2.0/service-providers} (service-type): the drivers behind Neutron's pluggable advanced services
 * (load balancers, VPN, L3 flavors). Xloud's routers, floating IPs and QoS are built in, not provided by a pluggable
 * driver a client could choose among, so the list is empty for everyone, whatever the filters.
 */
final class ServiceProviderResource
{
    static final String GET_SERVICE_PROVIDER = "get_service_provider";

    /** Neutron's attributes of a provider, which may be filtered on, and the list parameters. */
    private static final Set<String> PARAMETERS = Set.of("service_type", "name", "default", "fields", "limit", "marker", "sort_key", "sort_dir",
            "page_reverse");

    void routes(Router.Builder routes)
    {
        routes.route("GET", NetworkModule.V2 + "/service-providers", GET_SERVICE_PROVIDER, NetworkResource::callerTarget, this::list);
    }

    private void list(Exchange exchange)
    {
        for (String name : NeutronLists.query(exchange).keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw Bodies.invalid("[" + Bodies.shorten(name) + "] is invalid attribute for filtering");
            }
        }
        exchange.json(200, Map.of("service_providers", List.of()));
    }
}
