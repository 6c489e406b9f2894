package io.xloud.identity.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A project's or a domain's limit for a resource, overriding the registered default. */
public record Limit(String id, Optional<String> projectId, Optional<String> domainId, String serviceId, Optional<String> regionId,
        String resourceName, long resourceLimit, Optional<String> description)
{
    public Limit
    {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(domainId, "domainId is null");
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
