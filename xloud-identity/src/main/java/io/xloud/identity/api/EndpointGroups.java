package io.xloud.identity.api;

import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.store.CatalogStore.Endpoint;
import io.xloud.identity.store.IdentityStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which endpoints an endpoint group's filters select (service_id, interface, region_id). */
public final class EndpointGroups
{
    private EndpointGroups() {}

    public static List<String> endpointIds(Handle h, String groupId)
    {
        Optional<String> filtersText = h.createQuery("SELECT filters FROM endpoint_groups WHERE id = :id").bind("id", groupId)
                .mapTo(String.class).findOne();
        if (filtersText.isEmpty()) {
            return List.of();
        }
        Map<String, Object> filters = IdentityStore.jsonMap(filtersText.get());
        return CatalogStore.endpoints(h).stream().filter(endpoint -> selects(filters, endpoint)).map(Endpoint::id).toList();
    }

    public static boolean selects(Map<String, Object> filters, Endpoint endpoint)
    {
        for (Map.Entry<String, Object> filter : filters.entrySet()) {
            String wanted = String.valueOf(filter.getValue());
            String actual = switch (filter.getKey()) {
                case "service_id" -> endpoint.serviceId();
                case "interface" -> endpoint.interfaceName();
                case "region_id" -> endpoint.regionId().orElse(null);
                default -> null;
            };
            if (!wanted.equals(actual)) {
                return false;
            }
        }
        return true;
    }
}
