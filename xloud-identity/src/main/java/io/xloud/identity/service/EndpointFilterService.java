package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.store.EndpointFilterStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * OS-EP-FILTER: endpoint groups and their associations with projects. A project with any association sees only
 * the endpoints associated with it, one by one or through its groups (see {@link #allowedEndpoints}).
 */
public final class EndpointFilterService
{
    private final IdentityStore store;

    public EndpointFilterService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    public EndpointGroup createGroup(String name, Optional<String> description, Map<String, Object> filters)
    {
        EndpointGroup group = new EndpointGroup(Ids.newId(), name, description, filters);
        store.writeVoid(h -> EndpointFilterStore.insertGroup(h, group));
        return group;
    }

    public List<EndpointGroup> groups()
    {
        return store.read(EndpointFilterStore::groups);
    }

    /** @throws ApiException NOT_FOUND */
    public EndpointGroup group(String id)
    {
        return store.read(h -> group(h, id));
    }

    /** Applies a change to the group as it is now, in the transaction that stores it. */
    public EndpointGroup updateGroup(String id, UnaryOperator<EndpointGroup> change)
    {
        return store.write(h -> {
            EndpointGroup next = change.apply(group(h, id));
            EndpointFilterStore.updateGroup(h, next);
            return next;
        });
    }

    public void deleteGroup(String id)
    {
        store.writeVoid(h -> {
            group(h, id);
            EndpointFilterStore.deleteGroup(h, id);
        });
    }

    /** Like Keystone, an unknown group simply has no projects. */
    public List<Project> projectsOfGroup(String groupId)
    {
        return store.read(h -> EndpointFilterStore.projectIdsOfGroup(h, groupId).stream()
                .map(projectId -> ResourceStore.project(h, projectId)).flatMap(Optional::stream).toList());
    }

    public List<Endpoint> endpointsOfGroup(String groupId)
    {
        return store.read(h -> {
            EndpointGroup group = group(h, groupId);
            return CatalogStore.endpoints(h).stream().filter(group::selects).toList();
        });
    }

    public void checkGroupInProject(String groupId, String projectId)
    {
        store.read(h -> {
            project(h, projectId);
            group(h, groupId);
            if (!EndpointFilterStore.groupInProject(h, groupId, projectId)) {
                throw groupNotInProject();
            }
            return null;
        });
    }

    public void addGroupToProject(String groupId, String projectId)
    {
        store.writeVoid(h -> {
            project(h, projectId);
            group(h, groupId);
            if (EndpointFilterStore.groupInProject(h, groupId, projectId)) {
                throw ApiException.conflict("Conflict occurred attempting to store project_endpoint_group - Duplicate entry.");
            }
            EndpointFilterStore.addGroupToProject(h, groupId, projectId);
        });
    }

    public void removeGroupFromProject(String groupId, String projectId)
    {
        store.writeVoid(h -> {
            project(h, projectId);
            group(h, groupId);
            if (!EndpointFilterStore.removeGroupFromProject(h, groupId, projectId)) {
                throw groupNotInProject();
            }
        });
    }

    public List<EndpointGroup> groupsOfProject(String projectId)
    {
        return store.read(h -> {
            project(h, projectId);
            return EndpointFilterStore.groupIdsOfProject(h, projectId).stream()
                    .map(id -> EndpointFilterStore.group(h, id)).flatMap(Optional::stream).toList();
        });
    }

    /** Endpoints associated one by one, then those of the project's endpoint groups. */
    public List<Endpoint> endpointsOfProject(String projectId)
    {
        return store.read(h -> {
            project(h, projectId);
            Map<String, Endpoint> selected = new LinkedHashMap<>();
            List<Endpoint> all = CatalogStore.endpoints(h);
            for (String endpointId : EndpointFilterStore.endpointIdsOfProject(h, projectId)) {
                all.stream().filter(endpoint -> endpoint.id().equals(endpointId)).findFirst()
                        .ifPresent(endpoint -> selected.put(endpoint.id(), endpoint));
            }
            for (String groupId : EndpointFilterStore.groupIdsOfProject(h, projectId)) {
                EndpointFilterStore.group(h, groupId).ifPresent(group -> all.stream().filter(group::selects)
                        .forEach(endpoint -> selected.putIfAbsent(endpoint.id(), endpoint)));
            }
            return List.copyOf(selected.values());
        });
    }

    public void addEndpointToProject(String endpointId, String projectId)
    {
        store.writeVoid(h -> {
            endpoint(h, endpointId);
            project(h, projectId);
            if (EndpointFilterStore.endpointInProject(h, endpointId, projectId)) {
                throw ApiException.conflict("Conflict occurred attempting to store project_endpoint - Duplicate entry.");
            }
            EndpointFilterStore.addEndpointToProject(h, endpointId, projectId);
        });
    }

    public void checkEndpointInProject(String endpointId, String projectId)
    {
        store.read(h -> {
            endpoint(h, endpointId);
            project(h, projectId);
            if (!EndpointFilterStore.endpointInProject(h, endpointId, projectId)) {
                throw endpointNotInProject(endpointId, projectId);
            }
            return null;
        });
    }

    public void removeEndpointFromProject(String endpointId, String projectId)
    {
        store.writeVoid(h -> {
            if (!EndpointFilterStore.removeEndpointFromProject(h, endpointId, projectId)) {
                throw endpointNotInProject(endpointId, projectId);
            }
        });
    }

    public List<Project> projectsOfEndpoint(String endpointId)
    {
        return store.read(h -> {
            endpoint(h, endpointId);
            return EndpointFilterStore.projectIdsOfEndpoint(h, endpointId).stream()
                    .map(projectId -> ResourceStore.project(h, projectId)).flatMap(Optional::stream).toList();
        });
    }

    /** The endpoints a project is limited to, when it has any OS-EP-FILTER association; empty when it sees all. */
    static Optional<Set<String>> allowedEndpoints(Handle h, String projectId)
    {
        Set<String> ids = new HashSet<>(EndpointFilterStore.endpointIdsOfProject(h, projectId));
        List<String> groups = EndpointFilterStore.groupIdsOfProject(h, projectId);
        if (ids.isEmpty() && groups.isEmpty()) {
            return Optional.empty();
        }
        List<Endpoint> all = CatalogStore.endpoints(h);
        for (String groupId : groups) {
            EndpointFilterStore.group(h, groupId)
                    .ifPresent(group -> all.stream().filter(group::selects).forEach(endpoint -> ids.add(endpoint.id())));
        }
        return Optional.of(ids);
    }

    private static EndpointGroup group(Handle h, String id)
    {
        return EndpointFilterStore.group(h, id).orElseThrow(() -> IdentityErrors.notFound("Endpoint Group", id));
    }

    private static Project project(Handle h, String id)
    {
        return ResourceStore.project(h, id).orElseThrow(() -> IdentityErrors.notFound("project", id));
    }

    private static Endpoint endpoint(Handle h, String id)
    {
        return CatalogStore.endpoint(h, id).orElseThrow(() -> IdentityErrors.notFound("endpoint", id));
    }

    private static ApiException groupNotInProject()
    {
        return ApiException.notFound("Endpoint Group Project Association not found");
    }

    private static ApiException endpointNotInProject(String endpointId, String projectId)
    {
        return ApiException.notFound("Endpoint " + endpointId + " not found in project " + projectId);
    }
}
