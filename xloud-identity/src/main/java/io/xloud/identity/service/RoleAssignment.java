package io.xloud.identity.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A role assignment as /v3/role_assignments shows it; an effective one made through a group names the group. */
public record RoleAssignment(Assignment.Type type, String actorId, String targetId, String roleId, boolean inherited, Optional<String> viaGroup)
{
    public RoleAssignment
    {
        requireNonNull(type, "type is null");
        requireNonNull(actorId, "actorId is null");
        requireNonNull(targetId, "targetId is null");
        requireNonNull(roleId, "roleId is null");
        requireNonNull(viaGroup, "viaGroup is null");
    }
}
