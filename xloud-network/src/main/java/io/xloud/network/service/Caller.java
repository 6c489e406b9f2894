package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/** Who asks: the project of the token ("" for a token without one) and whether the caller is an admin (sees every project). */
public record Caller(String projectId, boolean admin)
{
    public Caller
    {
        requireNonNull(projectId, "projectId is null");
    }

    /** Whether the caller owns, or as admin may act on, a resource of this project. */
    public boolean owns(String resourceProjectId)
    {
        return admin || projectId.equals(resourceProjectId);
    }
}
