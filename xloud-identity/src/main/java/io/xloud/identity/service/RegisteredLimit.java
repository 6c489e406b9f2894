package io.xloud.identity.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A service's default limit for a resource, in one region or in all. */
public record RegisteredLimit(String id, String serviceId, Optional<String> regionId, String resourceName, long defaultLimit,
        Optional<String> description)
{
    public RegisteredLimit
    {
        requireNonNull(id, "id is null");
        requireNonNull(serviceId, "serviceId is null");
        requireNonNull(regionId, "regionId is null");
        requireNonNull(resourceName, "resourceName is null");
        requireNonNull(description, "description is null");
    }

    public boolean sameResource(String serviceId, Optional<String> regionId, String resourceName)
    {
        return this.serviceId.equals(serviceId) && this.regionId.equals(regionId) && this.resourceName.equals(resourceName);
    }
}
