package io.xloud.network.api;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.IpAvailabilityService;
import io.xloud.network.service.IpAvailabilityService.NetworkAvailability;
import io.xloud.network.service.PoolErrorCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/network-ip-availabilities} (network-ip-availability; admin by default). */
public final class NetworkIpAvailabilityResource
{
    private static final String BASE = NetworkModule.V2 + "/network-ip-availabilities";

    private final IpAvailabilityService availability;
    private final NeutronLists lists;

    public NetworkIpAvailabilityResource(IpAvailabilityService availability, NeutronLists lists)
    {
        this.availability = requireNonNull(availability, "availability is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        routes.route("GET", BASE, PoolPolicies.GET_NETWORK_IP_AVAILABILITY, PoolPolicies::callerTarget, this::list);
        routes.route("GET", BASE + "/{id}", PoolPolicies.GET_NETWORK_IP_AVAILABILITY, PoolPolicies::callerTarget, this::show);
    }

    private void list(Exchange exchange)
    {
        ListRequest request = availability.listRequest(exchange.queryParameters());
        OptionalInt version = OptionalInt.empty();
        List<String> versions = exchange.queryAll("ip_version");
        if (!versions.isEmpty()) {
            String value = versions.getFirst();
            if (!value.equals("4") && !value.equals("6")) {
                throw new ApiException(PoolErrorCode.HTTPBadRequest, "Invalid input for ip_version. Reason: '" + PoolBodies.shorten(value)
                        + "' is not in [4, 6].");
            }
            version = OptionalInt.of(Integer.parseInt(value));
        }
        lists.respond(exchange, "network_ip_availabilities",
                availability.list(PoolBodies.requester(exchange), request, version).map(NetworkIpAvailabilityResource::view), request);
    }

    private void show(Exchange exchange)
    {
        NetworkAvailability network = availability.get(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.json(200, Map.of("network_ip_availability", NeutronLists.projectShow(exchange, view(network))));
    }

    static Map<String, Object> view(NetworkAvailability network)
    {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("network_id", network.networkId());
        out.put("network_name", network.networkName());
        out.put("project_id", network.projectId());
        out.put("tenant_id", network.projectId());
        out.put("total_ips", network.totalIps());
        out.put("used_ips", network.usedIps());
        out.put("subnet_ip_availability", network.subnets().stream().map(subnet -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("subnet_id", subnet.id());
            item.put("subnet_name", subnet.name());
            item.put("cidr", subnet.cidr());
            item.put("ip_version", subnet.ipVersion());
            item.put("total_ips", subnet.total());
            item.put("used_ips", subnet.used());
            return item;
        }).toList());
        return out;
    }
}
