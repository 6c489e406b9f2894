package io.xloud.network.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.NetworkQuotas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.xloud.network.api.NetworkPolicies.DELETE_QUOTA;
import static io.xloud.network.api.NetworkPolicies.GET_QUOTA;
import static io.xloud.network.api.NetworkPolicies.UPDATE_QUOTA;

/** {@code /v2.0/quotas} (quotas, quota_details): limits per project over the kernel's race-free quota service. */
final class QuotaResource
{
    private final NetworkQuotas quotas;

    QuotaResource(NetworkQuotas quotas)
    {
        this.quotas = quotas;
    }

    void routes(Router.Builder routes)
    {
        String base = NetworkModule.V2 + "/quotas";
        routes.route("GET", base, UPDATE_QUOTA, exchange -> Map.of(), this::list);
        routes.route("GET", base + "/tenant", NetworkPolicies.GET_EXTENSION, exchange -> Map.of(), this::tenant);
        routes.route("GET", base + "/project", NetworkPolicies.GET_EXTENSION, exchange -> Map.of(), this::project);
        routes.route("GET", base + "/{project_id}", GET_QUOTA, QuotaResource::target, this::show);
        routes.route("PUT", base + "/{project_id}", UPDATE_QUOTA, QuotaResource::target, this::update);
        routes.route("DELETE", base + "/{project_id}", DELETE_QUOTA, QuotaResource::target, this::reset);
        routes.route("GET", base + "/{project_id}/default", GET_QUOTA, QuotaResource::target, this::defaults);
        routes.route("GET", base + "/{project_id}/details", GET_QUOTA, QuotaResource::target, this::details);
        // Neutron still takes the old ".json" suffix here, and tempest's quota client sends it
        routes.route("GET", base + "/{project_id}/details.json", GET_QUOTA, QuotaResource::target, this::details);
    }

    private static Map<String, Object> target(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", exchange.path("project_id"));
        target.put("tenant_id", exchange.path("project_id"));
        return target;
    }

    private void list(Exchange exchange)
    {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String project : quotas.projectsWithLimits()) {
            Map<String, Object> quota = new LinkedHashMap<>(quotas.limits(project));
            quota.put("project_id", project);
            quota.put("tenant_id", project);
            all.add(quota);
        }
        exchange.json(200, Map.of("quotas", all));
    }

    private void tenant(Exchange exchange)
    {
        exchange.json(200, Map.of("tenant", Map.of("tenant_id", exchange.auth().projectId().orElse(""))));
    }

    private void project(Exchange exchange)
    {
        exchange.json(200, Map.of("project", Map.of("project_id", exchange.auth().projectId().orElse(""))));
    }

    private void show(Exchange exchange)
    {
        exchange.json(200, Map.of("quota", quotas.limits(exchange.path("project_id"))));
    }

    private void defaults(Exchange exchange)
    {
        exchange.json(200, Map.of("quota", quotas.defaults()));
    }

    private void details(Exchange exchange)
    {
        Map<String, Object> details = new LinkedHashMap<>();
        quotas.details(exchange.path("project_id")).forEach((resource, detail) -> details.put(resource,
                Map.of("limit", detail.limit(), "used", detail.used(), "reserved", detail.reserved())));
        exchange.json(200, Map.of("quota", details));
    }

    private void update(Exchange exchange)
    {
        ObjectNode body = Bodies.one(exchange, "quota");
        Map<String, Long> limits = new LinkedHashMap<>();
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equals("project_id") || name.equals("tenant_id") || name.equals("force") || name.equals("check_limit")) {
                continue;
            }
            limits.put(name, (long) Bodies.integer(body, name, -1, Integer.MAX_VALUE).orElseThrow());
        }
        exchange.json(200, Map.of("quota", quotas.update(exchange.path("project_id"), limits)));
    }

    private void reset(Exchange exchange)
    {
        quotas.reset(exchange.path("project_id"));
        exchange.noContent();
    }
}
