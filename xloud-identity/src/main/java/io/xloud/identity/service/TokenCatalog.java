package io.xloud.identity.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.json.Json;
import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.store.IdentityStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The service catalog a token carries: enabled services with their enabled endpoints, project
 * placeholders substituted; a project with endpoint filters (OS-EP-FILTER) sees only its endpoints.
 * Cached per project until the next identity write on any node.
 */
public final class TokenCatalog
{
    private static final int MAX_CACHED = 10_000;

    private final IdentityStore store;
    private final ConcurrentHashMap<String, ArrayNode> catalogs = new ConcurrentHashMap<>();

    public TokenCatalog(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
        store.onInvalidate(catalogs::clear);
    }

    /** The catalog for a token scoped to this project (or to none); a copy the caller may change. */
    public ArrayNode catalog(Optional<String> projectId)
    {
        ArrayNode cached = catalogs.get(projectId.orElse(""));
        if (cached == null) {
            cached = store.read(h -> build(h, projectId));
            if (catalogs.size() > MAX_CACHED) {
                catalogs.clear();
            }
            catalogs.put(projectId.orElse(""), cached);
        }
        return cached.deepCopy();
    }

    private static ArrayNode build(Handle h, Optional<String> projectId)
    {
        Optional<Set<String>> allowed = projectId.flatMap(id -> EndpointFilterService.allowedEndpoints(h, id));
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
