package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/** Who asks, as the pool, scope, RBAC and metering services need it: the project of the token and whether it is an admin. */
public record Requester(String projectId, boolean admin)
{
    public Requester
    {
        requireNonNull(projectId, "projectId is null");
    }

    public boolean owns(String ownerProjectId)
    {
        return projectId.equals(ownerProjectId);
    }
}
