package io.xloud.network.api;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router.Builder;
import io.xloud.network.service.AutoAllocatedTopologyService;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/auto-allocated-topology/{project_id}}: GET makes or shows the project's network, DELETE takes it down. */
public final class AutoAllocatedTopologyResource
{
    private static final String BASE = NetworkModule.V2 + "/auto-allocated-topology/{project_id}";

    private final AutoAllocatedTopologyService topologies;

    public AutoAllocatedTopologyResource(AutoAllocatedTopologyService topologies)
    {
        this.topologies = requireNonNull(topologies, "topologies is null");
    }

    public void routes(Builder routes)
    {
        routes.route("GET", BASE, L3Policies.GET_AUTO_ALLOCATED_TOPOLOGY, AutoAllocatedTopologyResource::target, this::show);
        routes.route("DELETE", BASE, L3Policies.DELETE_AUTO_ALLOCATED_TOPOLOGY, AutoAllocatedTopologyResource::target, this::delete);
    }

    private static Map<String, Object> target(Exchange exchange)
    {
        return L3Targets.owner(exchange.path("project_id"));
    }

    private void show(Exchange exchange)
    {
        String projectId = exchange.path("project_id");
        boolean dryRun = exchange.queryAll("fields").stream().anyMatch(fields -> java.util.List.of(fields.split(",")).contains("dry-run"));
        Map<String, Object> view = new LinkedHashMap<>();
        if (dryRun) {
            topologies.dryRun(projectId);
            view.put("dry-run", "pass");
        }
        else {
            view.put("id", topologies.get(projectId));
            view.put("tenant_id", projectId);
            view.put("project_id", projectId);
        }
        exchange.json(200, Map.of("auto_allocated_topology", view));
    }

    private void delete(Exchange exchange)
    {
        topologies.delete(exchange.path("project_id"));
        exchange.noContent();
    }
}
