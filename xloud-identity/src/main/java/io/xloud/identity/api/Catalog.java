package io.xloud.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.json.Json;
import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.store.CatalogStore.Endpoint;
import io.xloud.identity.store.CatalogStore.Service;
import org.jdbi.v3.core.Handle;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The service catalog a token carries: enabled services with their enabled endpoints, project
 * placeholders substituted; a project with endpoint filters (OS-EP-FILTER) sees only its endpoints.
 */
public final class Catalog
{
    private Catalog() {}

    public static ArrayNode build(Handle h, Optional<String> projectId)
    {
        Optional<Set<String>> allowed = projectId.flatMap(id -> filteredEndpoints(h, id));
        ArrayNode catalog = Json.array();
        List<Endpoint> endpoints = CatalogStore.endpoints(h);
        for (Service service : CatalogStore.services(h)) {
            if (!service.enabled()) {
                continue;
            }
            ObjectNode entry = Json.object();
            ArrayNode list = entry.putArray("endpoints");
            for (Endpoint endpoint : endpoints) {
                if (!endpoint.serviceId().equals(service.id()) || !endpoint.enabled()) {
                    continue;
                }
                if (allowed.isPresent() && !allowed.get().contains(endpoint.id())) {
                    continue;
                }
                Optional<String> url = substitute(endpoint.url(), projectId);
                if (url.isEmpty()) {
                    continue;
                }
                ObjectNode view = list.addObject();
                view.put("id", endpoint.id());
                view.put("interface", endpoint.interfaceName());
                view.put("region", endpoint.regionId().orElse(null));
                view.put("region_id", endpoint.regionId().orElse(null));
                view.put("url", url.get());
            }
            entry.put("id", service.id());
            entry.put("type", service.type());
            entry.put("name", String.valueOf(service.extra().getOrDefault("name", "")));
            catalog.add(entry);
        }
        return catalog;
    }

    /** Endpoints a project is limited to, when it has any OS-EP-FILTER association. */
    private static Optional<Set<String>> filteredEndpoints(Handle h, String projectId)
    {
        Set<String> ids = new HashSet<>(h.createQuery("SELECT endpoint_id FROM project_endpoints WHERE project_id = :p")
                .bind("p", projectId).mapTo(String.class).list());
        List<String> groups = h.createQuery("SELECT endpoint_group_id FROM project_endpoint_groups WHERE project_id = :p")
                .bind("p", projectId).mapTo(String.class).list();
        if (ids.isEmpty() && groups.isEmpty()) {
            return Optional.empty();
        }
        for (String groupId : groups) {
            ids.addAll(EndpointGroups.endpointIds(h, groupId));
        }
        return Optional.of(ids);
    }

    private static Optional<String> substitute(String url, Optional<String> projectId)
    {
        boolean needsProject = url.contains("(project_id)s") || url.contains("(tenant_id)s");
        if (!needsProject) {
            return Optional.of(url);
        }
        if (projectId.isEmpty()) {
            return Optional.empty();
        }
        String id = projectId.get();
        return Optional.of(url.replace("$(project_id)s", id).replace("$(tenant_id)s", id)
                .replace("%(project_id)s", id).replace("%(tenant_id)s", id));
    }
}
