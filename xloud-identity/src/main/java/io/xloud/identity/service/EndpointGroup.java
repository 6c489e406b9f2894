package io.xloud.identity.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** An OS-EP-FILTER endpoint group: the endpoints its filters (service_id, interface, region_id) select. */
public record EndpointGroup(String id, String name, Optional<String> description, Map<String, Object> filters)
{
    public EndpointGroup
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        // keeps the order the attributes were given in, which is the order they are shown in
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    public boolean selects(Endpoint endpoint)
    {
        return selects(filters, endpoint);
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
