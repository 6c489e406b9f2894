package io.xloud.identity.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The filters of /v3/role_assignments; {@code effective} expands groups, inheritance and implied roles first. */
public record RoleAssignmentQuery(boolean effective, Optional<String> userId, Optional<String> groupId, Optional<String> roleId,
        Optional<String> projectId, boolean includeSubtree, Optional<String> domainId, boolean system, boolean inheritedOnly)
{
    public RoleAssignmentQuery
    {
        requireNonNull(userId, "userId is null");
        requireNonNull(groupId, "groupId is null");
        requireNonNull(roleId, "roleId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(domainId, "domainId is null");
    }
}
