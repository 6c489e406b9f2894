package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Policy;
import io.xloud.identity.service.PolicyService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/policies: opaque policy documents (a blob and its MIME type) that Keystone stores for other services.
 * Deprecated in Keystone since Queens but still served; nothing here interprets the blob.
 */
public final class PolicyResource
{
    private static final String PROPERTIES = """
            "blob": {"type": "string"},
            "type": {"type": "string", "maxLength": 255}
            """;
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["policy"], "properties": {"policy": {"type": "object", "required": ["blob", "type"],
              "properties": {%s}}}}
            """.formatted(PROPERTIES));
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["policy"], "properties": {"policy": {"type": "object", "minProperties": 1,
              "properties": {%s}}}}
            """.formatted(PROPERTIES));
    private static final Set<String> KNOWN = Set.of("id", "blob", "type", "links");

    private final IdentityApi api;

    public PolicyResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("POST", V3 + "/policies", "identity:create_policy", this::create);
        r.route("GET", V3 + "/policies", "identity:list_policies", this::list);
        r.route("GET", V3 + "/policies/{policy_id}", "identity:get_policy", this::get);
        r.route("PATCH", V3 + "/policies/{policy_id}", "identity:update_policy", this::update);
        r.route("DELETE", V3 + "/policies/{policy_id}", "identity:delete_policy", this::delete);
    }

    private ObjectNode view(Policy policy)
    {
        ObjectNode view = Json.object();
        view.put("id", policy.id());
        view.put("type", policy.type());
        view.put("blob", policy.blob());
        view.set("links", api.links("/policies/" + policy.id()));
        IdentityApi.putExtra(view, policy.extra());
        return view;
    }

    private static Map<String, Object> extra(JsonNode entity, Map<String, Object> previous)
    {
        Map<String, Object> extra = new LinkedHashMap<>(IdentityApi.extra(entity, KNOWN, previous));
        extra.values().removeIf(Objects::isNull);
        return extra;
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("policy");
        Policy policy = policies().create(entity.path("type").asText(), entity.path("blob").asText(), extra(entity, Map.of()));
        exchange.json(201, Map.of("policy", view(policy)));
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = policies().policies().stream().map(this::view).toList();
        exchange.json(200, api.list(exchange, "policies", IdentityApi.filter(exchange, views, Set.of("type"))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("policy", view(policies().policy(exchange.path("policy_id")))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("policy");
        String id = exchange.path("policy_id");
        Policy updated = policies().update(id, current -> new Policy(id, IdentityApi.text(entity, "type", current.type()),
                IdentityApi.text(entity, "blob", current.blob()), extra(entity, current.extra())));
        exchange.json(200, Map.of("policy", view(updated)));
    }

    private void delete(Exchange exchange)
    {
        policies().delete(exchange.path("policy_id"));
        exchange.noContent();
    }

    private PolicyService policies()
    {
        return api.policies();
    }
}
