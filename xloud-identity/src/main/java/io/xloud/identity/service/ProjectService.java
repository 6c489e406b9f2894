package io.xloud.identity.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import java.util.Map;
import io.xloud.identity.store.ProjectList;
import io.xloud.core.error.ApiException;
import io.xloud.identity.store.CredentialStore;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.store.EndpointFilterStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Projects, as Keystone's resource manager keeps them: names unique in a domain, a hierarchy at most ten deep
 * within one domain, tags, and a domain that may be addressed as a project acting as a domain.
 */
public final class ProjectService
{
    private static final int MAX_HIERARCHY_DEPTH = 10;
    private static final int MAX_TAGS = 80;

    private final IdentityStore store;
    private final TokenService tokens;

    public ProjectService(IdentityStore store, TokenService tokens)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    public Optional<Project> find(String id)
    {
        return store.read(h -> ResourceStore.project(h, id));
    }

    /** @throws ApiException NOT_FOUND */
    public Project project(String id)
    {
        return find(id).orElseThrow(() -> IdentityErrors.notFound("project", id));
    }

    /** The domain with this id when no project has it: Keystone lets the projects API address a domain. */
    public Optional<Domain> domainActingAsProject(String id)
    {
        return store.read(h -> ResourceStore.project(h, id).isPresent() ? Optional.<Domain>empty() : ResourceStore.domain(h, id));
    }

    public List<Project> projects()
    {
        return store.read(ResourceStore::projects);
    }

    public Project create(Project project)
    {
        String domainId = project.domainId();
        store.writeVoid(h -> {
            if (ResourceStore.domain(h, domainId).isEmpty()) {
                throw IdentityErrors.notFound("domain", domainId);
            }
            if (project.parentId().isPresent()) {
                String parentId = project.parentId().get();
                Project parent = ResourceStore.project(h, parentId).orElseThrow(() -> IdentityErrors.notFound("project", parentId));
                if (!parent.domainId().equals(domainId)) {
                    throw ApiException.forbidden("Cannot create project, the parent " + parent.id() + " is in a different domain.");
                }
                if (ResourceStore.ancestorIds(h, parent.id()).size() + 2 > MAX_HIERARCHY_DEPTH) {
                    throw ApiException.forbidden("Max hierarchy depth reached for " + parent.id() + " branch.");
                }
            }
            if (ResourceStore.projectByName(h, domainId, project.name()).isPresent()) {
                throw duplicateName(project.name());
            }
            ResourceStore.insertProject(h, project);
        });
        return project;
    }

    /**
     * Applies a change to the project as it is now, in the transaction that stores it; the change may refuse by
     * throwing. A project being disabled loses its tokens.
     */
    public Project update(String id, UnaryOperator<Project> change)
    {
        return store.write(h -> {
            Project current = ResourceStore.project(h, id).orElseThrow(() -> IdentityErrors.notFound("project", id));
            Project next = change.apply(current);
            if (!next.name().equals(current.name()) && ResourceStore.projectByName(h, current.domainId(), next.name()).isPresent()) {
                throw duplicateName(next.name());
            }
            ResourceStore.updateProject(h, next);
            if (current.enabled() && !next.enabled()) {
                revoke(h, id);
            }
            return next;
        });
    }

    /** Deletes a leaf project with its grants, endpoint associations, and what only has meaning on it, as Keystone. */
    public void delete(String id)
    {
        store.writeVoid(h -> {
            ResourceStore.project(h, id).orElseThrow(() -> IdentityErrors.notFound("project", id));
            if (!ResourceStore.childProjectIds(h, id).isEmpty()) {
                throw ApiException.forbidden("Cannot delete the project " + id + " since it is not a leaf in the hierarchy.");
            }
            RoleStore.deleteAssignmentsOnTarget(h, id);
            EndpointFilterStore.deleteProjectAssociations(h, id);
            DelegationStore.deleteOnProject(h, id);
            CredentialStore.deleteOnProject(h, id);
            ResourceStore.deleteProject(h, id);
            revoke(h, id);
        });
    }

    /** Ancestors, nearest first. */
    public List<String> ancestorIds(String projectId)
    {
        return store.read(h -> ResourceStore.ancestorIds(h, projectId));
    }

    public List<String> childIds(String projectId)
    {
        return store.read(h -> ResourceStore.childProjectIds(h, projectId));
    }

    public List<String> subtreeIds(String projectId)
    {
        return store.read(h -> ResourceStore.subtreeIds(h, projectId));
    }

    /** The projects of these ids that exist, in the order given. */
    public List<Project> projects(List<String> ids)
    {
        return store.read(h -> ids.stream().map(id -> ResourceStore.project(h, id)).flatMap(Optional::stream).toList());
    }

    // ---- tags

    public void replaceTags(String projectId, List<String> tags)
    {
        store.writeVoid(h -> ResourceStore.replaceTags(h, projectId, tags));
    }

    public void addTag(String projectId, String tag)
    {
        store.writeVoid(h -> {
            List<String> tags = new ArrayList<>(ResourceStore.tags(h, projectId));
            if (!tags.contains(tag)) {
                if (tags.size() >= MAX_TAGS) {
                    throw IdentityErrors.validation("A project may have at most 80 tags.");
                }
                tags.add(tag);
            }
            ResourceStore.replaceTags(h, projectId, tags);
        });
    }

    public void removeTag(String projectId, String tag)
    {
        store.writeVoid(h -> {
            List<String> tags = new ArrayList<>(ResourceStore.tags(h, projectId));
            if (!tags.remove(tag)) {
                throw IdentityErrors.notFound("project tag", tag);
            }
            ResourceStore.replaceTags(h, projectId, tags);
        });
    }

    /** The projects on which a user has any role, directly, through a group or by inheritance. */
    public List<Project> projectsOfUser(String userId)
    {
        return store.read(h -> {
            UserStore.user(h, userId).orElseThrow(() -> IdentityErrors.notFound("user", userId));
            return ResourceStore.projects(h).stream()
                    .filter(project -> !RoleResolver.projectRoles(h, userId, project.id()).isEmpty())
                    .toList();
        });
    }

    private static ApiException duplicateName(String name)
    {
        return ApiException.conflict("Conflict occurred attempting to store project - it is not permitted to have two projects with "
                + "the same name in the same domain: " + name + ".");
    }

    private void revoke(Handle h, String projectId)
    {
        tokens.revoke(h, RevocationEvent.forProject(projectId, tokens.now(), tokens.revocationWindowMillis()));
    }

    /** The enabled projects, in enabled domains, on which a user has a role: what a token may be scoped to. */
    public List<Project> scopableProjects(String userId)
    {
        return scopableProjects(userId, List.of());
    }

    /** With the groups a federated token carries besides the user's own. */
    public List<Project> scopableProjects(String userId, List<String> tokenGroupIds)
    {
        return store.read(h -> ResourceStore.projects(h).stream()
                .filter(Project::enabled)
                .filter(project -> ResourceStore.domain(h, project.domainId()).map(Domain::enabled).orElse(false))
                .filter(project -> !RoleResolver.projectRoles(h, userId, tokenGroupIds, project.id()).isEmpty())
                .toList());
    }

    /** A list request read from the query, cut at {@code identity.list_limit} when it is set (0: no limit). */
    public ListRequest listRequest(Map<String, List<String>> query, int listLimit)
    {
        return ProjectList.request(query, listLimit);
    }

    /** One page of the projects the caller may see, filtered and sorted in the database. */
    public Page<Project> page(ListRequest request, ProjectVisibility visibility)
    {
        return store.read(h -> ProjectList.page(h, request, visibility));
    }
}
