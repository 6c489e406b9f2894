package io.xloud.identity.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.Limit;
import io.xloud.identity.service.RegisteredLimit;
import io.xloud.identity.service.UnifiedLimitService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;
import static java.util.Objects.requireNonNull;

/**
 * Unified limits: registered limits (a service's default for a resource, per region) and project or domain limits
 * that override them. The enforcement model is flat: the project hierarchy plays no part.
 */
public final class UnifiedLimitResource
{
    private static final String ID = """
            {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"}""";
    private static final String RESOURCE_NAME = """
            {"type": "string", "minLength": 1, "maxLength": 255}""";
    private static final String LIMIT = """
            {"type": "integer", "minimum": -1, "maximum": 2147483647}""";
    private static final String DESCRIPTION = """
            {"type": ["string", "null"]}""";
    private static final RequestSchema CREATE_REGISTERED = JsonSchemas.of("""
            {"type": "object", "required": ["registered_limits"], "properties": {"registered_limits": {"type": "array", "minItems": 1,
              "items": {"type": "object", "additionalProperties": false, "required": ["service_id", "resource_name", "default_limit"],
                "properties": {"service_id": %1$s, "region_id": {"type": ["null", "string"]}, "resource_name": %2$s,
                  "default_limit": %3$s, "description": %4$s}}}}}
            """.formatted(ID, RESOURCE_NAME, LIMIT, DESCRIPTION));
    private static final RequestSchema UPDATE_REGISTERED = JsonSchemas.of("""
            {"type": "object", "required": ["registered_limit"], "properties": {"registered_limit": {"type": "object",
              "additionalProperties": false,
              "properties": {"service_id": %1$s, "region_id": {"type": ["null", "string"]}, "resource_name": %2$s,
                "default_limit": %3$s, "description": %4$s}}}}
            """.formatted(ID, RESOURCE_NAME, LIMIT, DESCRIPTION));
    private static final RequestSchema CREATE_LIMITS = JsonSchemas.of("""
            {"type": "object", "required": ["limits"], "properties": {"limits": {"type": "array", "minItems": 1,
              "items": {"type": "object", "oneOf": [
                {"additionalProperties": false, "required": ["project_id", "service_id", "resource_name", "resource_limit"],
                 "properties": {"project_id": %1$s, "service_id": %1$s, "region_id": {"type": "string"}, "resource_name": %2$s,
                   "resource_limit": %3$s, "description": %4$s}},
                {"additionalProperties": false, "required": ["domain_id", "service_id", "resource_name", "resource_limit"],
                 "properties": {"domain_id": %1$s, "service_id": %1$s, "region_id": {"type": "string"}, "resource_name": %2$s,
                   "resource_limit": %3$s, "description": %4$s}}]}}}}
            """.formatted(ID, RESOURCE_NAME, LIMIT, DESCRIPTION));
    private static final RequestSchema UPDATE_LIMIT = JsonSchemas.of("""
            {"type": "object", "required": ["limit"], "properties": {"limit": {"type": "object", "additionalProperties": false,
              "properties": {"resource_limit": %1$s, "description": %2$s}}}}
            """.formatted(LIMIT, DESCRIPTION));
    private static final String MODEL_DESCRIPTION = "Limit enforcement and validation does not take project hierarchy into consideration.";

    record RegisteredLimitView(String id, @JsonProperty("service_id") String serviceId, @JsonProperty("region_id") String regionId,
            @JsonProperty("resource_name") String resourceName, @JsonProperty("default_limit") long defaultLimit, String description, JsonNode links)
    {
        RegisteredLimitView
        {
            requireNonNull(id, "id is null");
            requireNonNull(serviceId, "serviceId is null");
            requireNonNull(resourceName, "resourceName is null");
            requireNonNull(links, "links is null");
        }
    }

    record LimitView(String id, @JsonProperty("project_id") String projectId, @JsonProperty("domain_id") String domainId,
            @JsonProperty("service_id") String serviceId, @JsonProperty("region_id") String regionId, @JsonProperty("resource_name") String resourceName,
            @JsonProperty("resource_limit") long resourceLimit, String description, JsonNode links)
    {
        LimitView
        {
            requireNonNull(id, "id is null");
            requireNonNull(serviceId, "serviceId is null");
            requireNonNull(resourceName, "resourceName is null");
            requireNonNull(links, "links is null");
        }
    }

    record ModelView(String name, String description) {}

    private final IdentityApi api;

    public UnifiedLimitResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        String registered = V3 + "/registered_limits";
        r.route("POST", registered, "identity:create_registered_limits", this::createRegistered);
        r.route("GET", registered, "identity:list_registered_limits", this::listRegistered);
        r.route("GET", registered + "/{registered_limit_id}", "identity:get_registered_limit", this::getRegistered);
        r.route("PATCH", registered + "/{registered_limit_id}", "identity:update_registered_limit", this::updateRegistered);
        r.route("DELETE", registered + "/{registered_limit_id}", "identity:delete_registered_limit", this::deleteRegistered);

        String limits = V3 + "/limits";
        r.route("GET", limits + "/model", "identity:get_limit_model", this::model);
        r.route("POST", limits, "identity:create_limits", this::createLimits);
        r.route("GET", limits, "identity:list_limits", this::listLimits);
        r.route("GET", limits + "/{limit_id}", "identity:get_limit", this::limitTarget, this::getLimit);
        r.route("PATCH", limits + "/{limit_id}", "identity:update_limit", this::updateLimit);
        r.route("DELETE", limits + "/{limit_id}", "identity:delete_limit", this::deleteLimit);
    }

    // ---- views

    private RegisteredLimitView registeredView(RegisteredLimit limit)
    {
        return new RegisteredLimitView(limit.id(), limit.serviceId(), limit.regionId().orElse(null), limit.resourceName(), limit.defaultLimit(),
                limit.description().orElse(null), api.links("/registered_limits/" + limit.id()));
    }

    private LimitView view(Limit limit)
    {
        return new LimitView(limit.id(), limit.projectId().orElse(null), limit.domainId().orElse(null), limit.serviceId(),
                limit.regionId().orElse(null), limit.resourceName(), limit.resourceLimit(), limit.description().orElse(null),
                api.links("/limits/" + limit.id()));
    }

    private static ObjectNode tree(Object view)
    {
        return Json.mapper().valueToTree(view);
    }

    private static Optional<String> optionalText(JsonNode node, String field)
    {
        return Optional.ofNullable(IdentityApi.text(node, field, null));
    }

    // ---- registered limits

    private void createRegistered(Exchange exchange)
    {
        List<RegisteredLimit> requested = new ArrayList<>();
        for (JsonNode item : exchange.readJson(CREATE_REGISTERED).path("registered_limits")) {
            requested.add(new RegisteredLimit(Ids.newId(), item.path("service_id").asText(), optionalText(item, "region_id"),
                    item.path("resource_name").asText(), item.path("default_limit").asLong(), optionalText(item, "description")));
        }
        List<RegisteredLimit> created = limits().createRegisteredLimits(requested);
        exchange.json(201, Map.of("registered_limits", created.stream().map(this::registeredView).toList()));
    }

    private void listRegistered(Exchange exchange)
    {
        List<ObjectNode> views = limits().registeredLimits().stream().map(limit -> tree(registeredView(limit))).toList();
        exchange.json(200, api.list(exchange, "registered_limits",
                IdentityApi.filter(exchange, views, Set.of("service_id", "region_id", "resource_name"))));
    }

    private void getRegistered(Exchange exchange)
    {
        exchange.json(200, Map.of("registered_limit", registeredView(limits().registeredLimit(exchange.path("registered_limit_id")))));
    }

    private void updateRegistered(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE_REGISTERED).path("registered_limit");
        String id = exchange.path("registered_limit_id");
        RegisteredLimit updated = limits().updateRegisteredLimit(id, optionalText(entity, "service_id"), optionalText(entity, "region_id"),
                current -> new RegisteredLimit(id, IdentityApi.text(entity, "service_id", current.serviceId()),
                        entity.has("region_id") ? optionalText(entity, "region_id") : current.regionId(),
                        IdentityApi.text(entity, "resource_name", current.resourceName()),
                        entity.has("default_limit") ? entity.path("default_limit").asLong() : current.defaultLimit(),
                        entity.has("description") ? optionalText(entity, "description") : current.description()));
        exchange.json(200, Map.of("registered_limit", registeredView(updated)));
    }

    private void deleteRegistered(Exchange exchange)
    {
        limits().deleteRegisteredLimit(exchange.path("registered_limit_id"));
        exchange.noContent();
    }

    // ---- limits

    private void model(Exchange exchange)
    {
        exchange.json(200, Map.of("model", new ModelView("flat", MODEL_DESCRIPTION)));
    }

    private void createLimits(Exchange exchange)
    {
        List<Limit> requested = new ArrayList<>();
        for (JsonNode item : exchange.readJson(CREATE_LIMITS).path("limits")) {
            requested.add(new Limit(Ids.newId(), optionalText(item, "project_id"), optionalText(item, "domain_id"), item.path("service_id").asText(),
                    optionalText(item, "region_id"), item.path("resource_name").asText(), item.path("resource_limit").asLong(),
                    optionalText(item, "description")));
        }
        List<Limit> created = limits().createLimits(requested);
        exchange.json(201, Map.of("limits", created.stream().map(this::view).toList()));
    }

    private void listLimits(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        List<ObjectNode> views = limits().visibleLimits(auth.systemScope(), auth.domainId(), auth.projectId()).stream()
                .map(limit -> tree(view(limit))).toList();
        exchange.json(200, api.list(exchange, "limits",
                IdentityApi.filter(exchange, views, Set.of("service_id", "region_id", "resource_name", "project_id", "domain_id"))));
    }

    /** A missing limit leaves the target empty, so that only an admin learns it does not exist. */
    private Map<String, Object> limitTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        limits().findLimit(exchange.path("limit_id")).ifPresent(limit -> {
            target.put("target.limit.id", limit.id());
            target.put("target.limit.project_id", limit.projectId().orElse(null));
            target.put("target.limit.domain_id", limit.domainId().orElse(null));
            limit.projectId().flatMap(limits()::domainOfProject).ifPresent(domainId -> target.put("target.limit.project.domain_id", domainId));
            limit.domainId().ifPresent(id -> target.put("target.limit.domain.id", id));
        });
        return target;
    }

    private void getLimit(Exchange exchange)
    {
        exchange.json(200, Map.of("limit", view(limits().limit(exchange.path("limit_id")))));
    }

    private void updateLimit(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE_LIMIT).path("limit");
        String id = exchange.path("limit_id");
        Limit updated = limits().updateLimit(id, current -> new Limit(id, current.projectId(), current.domainId(), current.serviceId(),
                current.regionId(), current.resourceName(),
                entity.has("resource_limit") ? entity.path("resource_limit").asLong() : current.resourceLimit(),
                entity.has("description") ? optionalText(entity, "description") : current.description()));
        exchange.json(200, Map.of("limit", view(updated)));
    }

    private void deleteLimit(Exchange exchange)
    {
        limits().deleteLimit(exchange.path("limit_id"));
        exchange.noContent();
    }

    private UnifiedLimitService limits()
    {
        return api.unifiedLimits();
    }
}
