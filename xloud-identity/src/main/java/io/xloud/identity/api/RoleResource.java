package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.Role;
import io.xloud.identity.service.RoleInference;
import io.xloud.identity.service.RoleService;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/roles, domain-specific roles and implied roles. */
public final class RoleResource
{
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["role"], "properties": {"role": {"type": "object", "required": ["name"],
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "domain_id": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"], "maxLength": 255},
                "options": {"type": "object", "additionalProperties": false, "properties": {"immutable": {"type": ["boolean", "null"]}}}}}}}
            """);
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["role"], "properties": {"role": {"type": "object", "minProperties": 1,
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "domain_id": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"], "maxLength": 255},
                "options": {"type": "object", "additionalProperties": false, "properties": {"immutable": {"type": ["boolean", "null"]}}}}}}}
            """);
    private static final Set<String> KNOWN = Set.of("id", "name", "domain_id", "description", "options", "links");

    private final IdentityApi api;

    public RoleResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("POST", V3 + "/roles", "identity:create_role", this::create);
        r.route("GET", V3 + "/roles", "identity:list_roles", this::list);
        r.route("GET", V3 + "/roles/{role_id}", "identity:get_role", this::target, this::get);
        r.route("PATCH", V3 + "/roles/{role_id}", "identity:update_role", this::target, this::update);
        r.route("DELETE", V3 + "/roles/{role_id}", "identity:delete_role", this::target, this::delete);
        r.route("GET", V3 + "/roles/{role_id}/implies", "identity:list_implied_roles", this::listImplied);
        r.route("PUT", V3 + "/roles/{role_id}/implies/{implied_role_id}", "identity:create_implied_role", this::createImplied);
        r.route("GET", V3 + "/roles/{role_id}/implies/{implied_role_id}", "identity:get_implied_role", this::getImplied);
        r.route("HEAD", V3 + "/roles/{role_id}/implies/{implied_role_id}", "identity:check_implied_role", this::checkImplied);
        r.route("DELETE", V3 + "/roles/{role_id}/implies/{implied_role_id}", "identity:delete_implied_role", this::deleteImplied);
        r.route("GET", V3 + "/role_inferences", "identity:list_role_inference_rules", this::inferences);
    }

    private static ObjectNode brief(IdentityApi api, Role role)
    {
        ObjectNode view = Json.object();
        view.put("id", role.id());
        view.put("name", role.name());
        view.set("links", api.links("/roles/" + role.id()));
        return view;
    }

    private Map<String, Object> target(Exchange exchange)
    {
        Role role = roles().role(exchange.path("role_id"));
        Map<String, Object> target = new HashMap<>();
        target.put("target.role.id", role.id());
        role.domainId().ifPresent(domain -> target.put("target.role.domain_id", domain));
        return target;
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("role");
        Optional<String> domainId = Optional.ofNullable(IdentityApi.text(entity, "domain_id", null));
        Role role = new Role(Ids.newId(), entity.path("name").asText(), domainId, Optional.ofNullable(IdentityApi.text(entity, "description", null)),
                options(entity.path("options"), Map.of()), IdentityApi.extra(entity, KNOWN, Map.of()));
        roles().create(role);
        exchange.json(201, Map.of("role", IdentityViews.role(api, role)));
    }

    private static Map<String, Object> options(JsonNode node, Map<String, Object> current)
    {
        Map<String, Object> options = new HashMap<>(current);
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                options.remove(field.getKey());
            }
            else {
                options.put(field.getKey(), field.getValue().asBoolean());
            }
        });
        return options;
    }

    private void list(Exchange exchange)
    {
        Optional<String> domain = exchange.query("domain_id");
        List<ObjectNode> views = roles().roles().stream()
                .filter(role -> role.domainId().equals(domain))
                .map(role -> IdentityViews.role(api, role)).toList();
        exchange.json(200, api.list(exchange, "roles", IdentityApi.filter(exchange, views, Set.of("name", "id"))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("role", IdentityViews.role(api, roles().role(exchange.path("role_id")))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("role");
        String id = exchange.path("role_id");
        IdentityApi.requireMatchingId(entity, id);
        Role updated = roles().update(id, current -> {
            if (Boolean.TRUE.equals(current.options().get("immutable")) && !(entity.size() == 1 && entity.has("options"))) {
                throw ApiException.forbidden("Role " + id + " is immutable and cannot be changed.");
            }
            IdentityApi.requireUnchanged(entity, "domain_id", current.domainId(), "Update of `domain_id` is not allowed.");
            return new Role(id, IdentityApi.text(entity, "name", current.name()), current.domainId(),
                    entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                    options(entity.path("options"), current.options()), IdentityApi.extra(entity, KNOWN, current.extra()));
        });
        exchange.json(200, Map.of("role", IdentityViews.role(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        roles().delete(exchange.path("role_id"));
        exchange.noContent();
    }

    private ObjectNode inference(RoleInference inference)
    {
        ObjectNode body = Json.object();
        ObjectNode view = body.putObject("role_inference");
        view.set("prior_role", brief(api, inference.prior()));
        ArrayNode list = view.putArray("implies");
        inference.implies().forEach(role -> list.add(brief(api, role)));
        return body;
    }

    private void listImplied(Exchange exchange)
    {
        String id = exchange.path("role_id");
        ObjectNode body = inference(roles().impliedBy(id));
        body.set("links", api.links("/roles/" + id + "/implies"));
        exchange.json(200, body);
    }

    private void createImplied(Exchange exchange)
    {
        exchange.json(201, impliedView(roles().addImplication(exchange.path("role_id"), exchange.path("implied_role_id"))));
    }

    /** One implication: the prior role and the single role it implies. */
    private ObjectNode impliedView(RoleInference inference)
    {
        Role prior = inference.prior();
        Role implied = inference.implies().getFirst();
        ObjectNode body = Json.object();
        ObjectNode view = body.putObject("role_inference");
        view.set("prior_role", brief(api, prior));
        view.set("implies", brief(api, implied));
        body.set("links", api.links("/roles/" + prior.id() + "/implies/" + implied.id()));
        return body;
    }

    private ObjectNode findImplied(Exchange exchange)
    {
        String priorId = exchange.path("role_id");
        String impliedId = exchange.path("implied_role_id");
        return roles().implication(priorId, impliedId).map(this::impliedView).orElseThrow(() -> RoleService.notImplied(priorId, impliedId));
    }

    private void getImplied(Exchange exchange)
    {
        exchange.json(200, findImplied(exchange));
    }

    private void checkImplied(Exchange exchange)
    {
        findImplied(exchange);
        exchange.noContent();
    }

    private void deleteImplied(Exchange exchange)
    {
        roles().removeImplication(exchange.path("role_id"), exchange.path("implied_role_id"));
        exchange.noContent();
    }

    private void inferences(Exchange exchange)
    {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("role_inferences");
        for (RoleInference inference : roles().inferences()) {
            ObjectNode entry = list.addObject();
            entry.set("prior_role", brief(api, inference.prior()));
            ArrayNode implies = entry.putArray("implies");
            inference.implies().forEach(role -> implies.add(brief(api, role)));
        }
        body.set("links", api.links("/role_inferences"));
        exchange.json(200, body);
    }

    private RoleService roles()
    {
        return api.roles();
    }
}
