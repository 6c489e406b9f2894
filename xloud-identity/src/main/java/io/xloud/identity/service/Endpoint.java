package io.xloud.identity.service;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** An endpoint of the catalog. */
public record Endpoint(String id, String serviceId, String interfaceName, String url, Optional<String> regionId, boolean enabled,
        Map<String, Object> extra)
{
    public Endpoint
    {
        requireNonNull(id, "id is null");
        requireNonNull(serviceId, "serviceId is null");
        requireNonNull(interfaceName, "interfaceName is null");
        requireNonNull(url, "url is null");
        extra = Map.copyOf(extra);
    }
}
