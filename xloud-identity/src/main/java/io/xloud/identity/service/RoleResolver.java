package io.xloud.identity.service;

import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Effective roles of a user on a target: direct grants, grants through groups, inherited grants from
 * the project's ancestors and domain, then implied roles, transitively. Domain-specific roles only act
 * through what they imply, as in Keystone.
 */
public final class RoleResolver
{
    private RoleResolver() {}

    public static List<Role> projectRoles(Handle h, String userId, String projectId)
    {
        return projectRoles(h, userId, List.of(), projectId);
    }

    /** With the groups a federated token carries besides the user's own. */
    public static List<Role> projectRoles(Handle h, String userId, Collection<String> tokenGroupIds, String projectId)
    {
        Optional<String> domainId = ResourceStore.domainIdOfProject(h, projectId);
        if (domainId.isEmpty()) {
            return List.of();
        }
        List<String> ancestors = ResourceStore.ancestorIds(h, projectId);
        Set<String> roleIds = new LinkedHashSet<>();
        for (Assignment a : RoleStore.assignmentsOfActors(h, actors(h, userId, tokenGroupIds))) {
            if (a.type().project() && a.targetId().equals(projectId) && !a.inherited()) {
                roleIds.add(a.roleId());
            }
            else if (a.type().project() && a.inherited() && ancestors.contains(a.targetId())) {
                roleIds.add(a.roleId());
            }
            else if (a.type().domain() && a.inherited() && a.targetId().equals(domainId.get())) {
                roleIds.add(a.roleId());
            }
        }
        return expand(h, roleIds);
    }

    public static List<Role> domainRoles(Handle h, String userId, String domainId)
    {
        return domainRoles(h, userId, List.of(), domainId);
    }

    public static List<Role> domainRoles(Handle h, String userId, Collection<String> tokenGroupIds, String domainId)
    {
        Set<String> roleIds = new LinkedHashSet<>();
        for (Assignment a : RoleStore.assignmentsOfActors(h, actors(h, userId, tokenGroupIds))) {
            if (a.type().domain() && a.targetId().equals(domainId) && !a.inherited()) {
                roleIds.add(a.roleId());
            }
        }
        return expand(h, roleIds);
    }

    public static List<Role> systemRoles(Handle h, String userId)
    {
        Set<String> roleIds = new LinkedHashSet<>();
        for (Assignment a : RoleStore.assignmentsOfActors(h, actors(h, userId))) {
            if (a.type().system()) {
                roleIds.add(a.roleId());
            }
        }
        return expand(h, roleIds);
    }

    public static List<String> actors(Handle h, String userId)
    {
        return actors(h, userId, List.of());
    }

    private static List<String> actors(Handle h, String userId, Collection<String> tokenGroupIds)
    {
        Set<String> actors = new LinkedHashSet<>();
        actors.add(userId);
        actors.addAll(UserStore.groupIdsOfUser(h, userId));
        actors.addAll(tokenGroupIds);
        return new ArrayList<>(actors);
    }

    /** The roles with everything they imply, global roles only in the result. */
    public static List<Role> expand(Handle h, Collection<String> roleIds)
    {
        Set<String> all = impliedClosure(h, roleIds);
        List<Role> roles = new ArrayList<>();
        for (String id : all) {
            RoleStore.role(h, id).filter(role -> role.domainId().isEmpty()).ifPresent(roles::add);
        }
        return roles;
    }

    public static Set<String> impliedClosure(Handle h, Collection<String> roleIds)
    {
        Map<String, List<String>> implied = new HashMap<>();
        for (Map.Entry<String, String> edge : RoleStore.implications(h)) {
            implied.computeIfAbsent(edge.getKey(), ignored -> new ArrayList<>()).add(edge.getValue());
        }
        Set<String> seen = new LinkedHashSet<>(roleIds);
        Deque<String> queue = new ArrayDeque<>(roleIds);
        while (!queue.isEmpty()) {
            for (String next : implied.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }
}
