package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** Grants of roles to users and groups on projects, domains and the system, and Keystone's view of them all. */
public final class GrantService
{
    private final IdentityStore store;

    public GrantService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** A domain-specific role may be granted on a project of its own domain only. */
    public void grant(Assignment assignment)
    {
        store.writeVoid(h -> {
            Role role = RoleStore.role(h, assignment.roleId()).orElseThrow(() -> IdentityErrors.notFound("role", assignment.roleId()));
            if (role.domainId().isPresent() && assignment.type().project()) {
                String projectDomain = ResourceStore.project(h, assignment.targetId()).map(Project::domainId).orElse("");
                if (!role.domainId().get().equals(projectDomain)) {
                    throw ApiException.forbidden("Cannot grant a domain-specific role outside its domain.");
                }
            }
            RoleStore.grant(h, assignment);
        });
    }

    public boolean exists(Assignment assignment)
    {
        return store.read(h -> RoleStore.exists(h, assignment));
    }

    /** @throws ApiException NOT_FOUND when there was no such grant */
    public void revoke(Assignment assignment)
    {
        store.writeVoid(h -> {
            if (RoleStore.revoke(h, assignment) == 0) {
                throw IdentityErrors.notFound("role assignment", assignment.roleId());
            }
        });
    }

    /** The roles an actor holds directly on one target, inherited or not. */
    public List<Role> rolesGranted(Assignment.Type type, String actorId, String targetId, boolean inherited)
    {
        return store.read(h -> RoleStore.assignmentsOfActors(h, List.of(actorId)).stream()
                .filter(a -> a.type() == type && a.targetId().equals(targetId) && a.inherited() == inherited)
                .map(a -> RoleStore.role(h, a.roleId())).flatMap(Optional::stream).toList());
    }

    public List<RoleAssignment> assignments(RoleAssignmentQuery query)
    {
        return store.read(h -> {
            List<RoleAssignment> rows = new ArrayList<>();
            for (Assignment a : RoleStore.assignments(h)) {
                rows.add(new RoleAssignment(a.type(), a.actorId(), a.targetId(), a.roleId(), a.inherited(), Optional.empty()));
            }
            if (query.effective()) {
                rows = effective(h, rows);
            }
            Set<String> projectScope = new LinkedHashSet<>();
            query.projectId().ifPresent(id -> {
                projectScope.add(id);
                if (query.includeSubtree()) {
                    projectScope.addAll(ResourceStore.subtreeIds(h, id));
                }
            });
            List<RoleAssignment> result = new ArrayList<>();
            for (RoleAssignment row : rows) {
                if (query.userId().isPresent() && !(row.type().user() && row.actorId().equals(query.userId().get()))) {
                    continue;
                }
                if (query.groupId().isPresent() && !(!row.type().user() && row.actorId().equals(query.groupId().get()))) {
                    continue;
                }
                if (query.roleId().isPresent() && !row.roleId().equals(query.roleId().get())) {
                    continue;
                }
                if (query.projectId().isPresent() && !(row.type().project() && projectScope.contains(row.targetId()))) {
                    continue;
                }
                if (query.domainId().isPresent() && !(row.type().domain() && row.targetId().equals(query.domainId().get()))) {
                    continue;
                }
                if (query.system() && !row.type().system()) {
                    continue;
                }
                if (query.inheritedOnly() && !row.inherited()) {
                    continue;
                }
                result.add(row);
            }
            return result;
        });
    }

    /** Groups become their members, inherited grants land on every project below, implied roles are added. */
    private static List<RoleAssignment> effective(Handle h, List<RoleAssignment> rows)
    {
        List<RoleAssignment> expanded = new ArrayList<>();
        for (RoleAssignment row : rows) {
            List<RoleAssignment> forUsers = new ArrayList<>();
            if (row.type().user()) {
                forUsers.add(row);
            }
            else {
                Assignment.Type userType = Assignment.Type.valueOf(row.type().name().replace("Group", "User"));
                for (String userId : UserStore.userIdsInGroup(h, row.actorId())) {
                    forUsers.add(new RoleAssignment(userType, userId, row.targetId(), row.roleId(), row.inherited(), Optional.of(row.actorId())));
                }
            }
            for (RoleAssignment userRow : forUsers) {
                if (!userRow.inherited()) {
                    expanded.add(userRow);
                    continue;
                }
                List<String> projects = userRow.type().domain()
                        ? ResourceStore.projects(h).stream().filter(p -> p.domainId().equals(userRow.targetId())).map(Project::id).toList()
                        : ResourceStore.subtreeIds(h, userRow.targetId());
                for (String projectId : projects) {
                    expanded.add(new RoleAssignment(Assignment.Type.UserProject, userRow.actorId(), projectId, userRow.roleId(), false,
                            userRow.viaGroup()));
                }
            }
        }
        // implied roles are added; domain-specific roles act only through what they imply, as in tokens
        Set<String> domainRoles = new HashSet<>();
        RoleStore.roles(h).stream().filter(role -> role.domainId().isPresent()).forEach(role -> domainRoles.add(role.id()));
        List<RoleAssignment> withImplied = new ArrayList<>();
        for (RoleAssignment row : expanded) {
            for (String implied : RoleResolver.impliedClosure(h, List.of(row.roleId()))) {
                if (!domainRoles.contains(implied)) {
                    withImplied.add(new RoleAssignment(row.type(), row.actorId(), row.targetId(), implied, row.inherited(), row.viaGroup()));
                }
            }
        }
        return withImplied;
    }

    /** Whether a user has any role on the system, directly or through a group. */
    public boolean hasSystemRoles(String userId)
    {
        return store.read(h -> !RoleResolver.systemRoles(h, userId).isEmpty());
    }
}
