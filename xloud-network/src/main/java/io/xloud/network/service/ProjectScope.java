package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/**
 * Who asks, as the security, address group and QoS services need it: the caller's project, and whether the caller is
 * an admin, who sees every project's resources.
 */
public record ProjectScope(String projectId, boolean admin)
{
    public ProjectScope
    {
        requireNonNull(projectId, "projectId is null");
    }

    /** Whether the caller may see a resource of {@code ownerProjectId}. */
    public boolean sees(String ownerProjectId)
    {
        return admin || projectId.equals(ownerProjectId);
    }
}
