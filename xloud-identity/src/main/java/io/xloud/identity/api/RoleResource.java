package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.identity.service.Ids;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.service.Role;
import io.xloud.identity.store.RoleStore;
import org.jdbi.v3.core.Handle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/roles, domain-specific roles and implied roles. */
public final class RoleResource
{
    private static final JsonSchema CREATE = JsonSchemas.compile("""
            {"type": "object", "required": ["role"], "properties": {"role": {"type": "object", "required": ["name"],
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "domain_id": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"], "maxLength": 255},
                "options": {"type": "object", "additionalProperties": false, "properties": {"immutable": {"type": ["boolean", "null"]}}}}}}}
            """);
    private static final JsonSchema UPDATE = JsonSchemas.compile("""
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

    public static ObjectNode view(IdentityApi api, Role role)
    {
        ObjectNode view = Json.object();
        view.put("id", role.id());
        view.put("name", role.name());
        view.put("domain_id", role.domainId().orElse(null));
        view.put("description", role.description().orElse(null));
        view.set("options", Json.mapper().valueToTree(role.options()));
        view.set("links", api.links("/roles/" + role.id()));
        IdentityApi.putExtra(view, role.extra());
        return view;
    }

    private static ObjectNode brief(IdentityApi api, Role role)
    {
        ObjectNode view = Json.object();
        view.put("id", role.id());
        view.put("name", role.name());
        view.set("links", api.links("/roles/" + role.id()));
        return view;
    }

    public static Role find(Handle h, String id)
    {
        return RoleStore.role(h, id).orElseThrow(() -> IdentityApi.notFound("role", id));
    }

    private Map<String, Object> target(Exchange exchange)
    {
        Role role = api.store().read(h -> find(h, exchange.path("role_id")));
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
        api.store().writeVoid(h -> {
            if (domainId.isPresent() && ResourceStore.domain(h, domainId.get()).isEmpty()) {
                throw IdentityApi.notFound("domain", domainId.get());
            }
            if (RoleStore.roleByName(h, domainId, role.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store role - Duplicate entry found with name " + role.name() + ".");
            }
            RoleStore.insertRole(h, role);
        });
        exchange.json(201, Map.of("role", view(api, role)));
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
        List<ObjectNode> views = api.store().read(RoleStore::roles).stream()
                .filter(role -> role.domainId().equals(domain))
                .map(role -> view(api, role)).toList();
        exchange.json(200, api.list(exchange, "roles", IdentityApi.filter(exchange, views, Set.of("name", "id"))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("role", view(api, api.store().read(h -> find(h, exchange.path("role_id"))))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("role");
        String id = exchange.path("role_id");
        Role updated = api.store().write(h -> {
            Role current = find(h, id);
            if (Boolean.TRUE.equals(current.options().get("immutable")) && !(entity.size() == 1 && entity.has("options"))) {
                throw ApiException.forbidden("Role " + id + " is immutable and cannot be changed.");
            }
            if (entity.has("domain_id") && !Optional.ofNullable(IdentityApi.text(entity, "domain_id", null)).equals(current.domainId())) {
                throw IdentityApi.validation("Cannot change the domain of a role.");
            }
            Role next = new Role(id, IdentityApi.text(entity, "name", current.name()), current.domainId(),
                    entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                    options(entity.path("options"), current.options()), IdentityApi.extra(entity, KNOWN, current.extra()));
            if (!next.name().equals(current.name()) && RoleStore.roleByName(h, current.domainId(), next.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store role - Duplicate entry found with name " + next.name() + ".");
            }
            RoleStore.updateRole(h, next);
            return next;
        });
        exchange.json(200, Map.of("role", view(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        String id = exchange.path("role_id");
        api.store().writeVoid(h -> {
            Role role = find(h, id);
            if (Boolean.TRUE.equals(role.options().get("immutable"))) {
                throw ApiException.forbidden("Role " + id + " is immutable and cannot be deleted.");
            }
            RoleStore.deleteRole(h, id);
        });
        exchange.noContent();
    }

    private ObjectNode inference(Handle h, Role prior, List<Role> implied)
    {
        ObjectNode body = Json.object();
        ObjectNode inference = body.putObject("role_inference");
        inference.set("prior_role", brief(api, prior));
        ArrayNode list = inference.putArray("implies");
        implied.forEach(role -> list.add(brief(api, role)));
        return body;
    }

    private void listImplied(Exchange exchange)
    {
        String id = exchange.path("role_id");
        ObjectNode body = api.store().read(h -> {
            Role prior = find(h, id);
            List<Role> implied = RoleStore.implications(h).stream().filter(edge -> edge.getKey().equals(id))
                    .map(edge -> RoleStore.role(h, edge.getValue())).flatMap(Optional::stream).toList();
            return inference(h, prior, implied);
        });
        body.set("links", api.links("/roles/" + id + "/implies"));
        exchange.json(200, body);
    }

    private void createImplied(Exchange exchange)
    {
        String priorId = exchange.path("role_id");
        String impliedId = exchange.path("implied_role_id");
        ObjectNode body = api.store().write(h -> {
            Role prior = find(h, priorId);
            Role implied = find(h, impliedId);
            if (priorId.equals(impliedId) || io.xloud.identity.service.RoleResolver.impliedClosure(h, List.of(impliedId)).contains(priorId)) {
                throw ApiException.forbidden("Implied role would create a cycle: " + priorId + " -> " + impliedId + ".");
            }
            if (implied.domainId().isPresent() && prior.domainId().isEmpty()) {
                throw ApiException.forbidden("A global role cannot imply a domain-specific role.");
            }
            if (RoleStore.implications(h).stream().noneMatch(edge -> edge.getKey().equals(priorId) && edge.getValue().equals(impliedId))) {
                RoleStore.addImplication(h, priorId, impliedId);
            }
            return impliedView(prior, implied);
        });
        exchange.json(201, body);
    }

    private ObjectNode impliedView(Role prior, Role implied)
    {
        ObjectNode body = Json.object();
        ObjectNode inference = body.putObject("role_inference");
        inference.set("prior_role", brief(api, prior));
        inference.set("implies", brief(api, implied));
        body.set("links", api.links("/roles/" + prior.id() + "/implies/" + implied.id()));
        return body;
    }

    private Optional<ObjectNode> findImplied(Exchange exchange)
    {
        String priorId = exchange.path("role_id");
        String impliedId = exchange.path("implied_role_id");
        return api.store().read(h -> {
            Role prior = find(h, priorId);
            Role implied = find(h, impliedId);
            boolean exists = RoleStore.implications(h).stream().anyMatch(edge -> edge.getKey().equals(priorId) && edge.getValue().equals(impliedId));
            return exists ? Optional.of(impliedView(prior, implied)) : Optional.empty();
        });
    }

    private void getImplied(Exchange exchange)
    {
        ObjectNode body = findImplied(exchange).orElseThrow(() -> IdentityApi.notFound("implied role",
                exchange.path("role_id") + " implies " + exchange.path("implied_role_id")));
        exchange.json(200, body);
    }

    private void checkImplied(Exchange exchange)
    {
        findImplied(exchange).orElseThrow(() -> IdentityApi.notFound("implied role",
                exchange.path("role_id") + " implies " + exchange.path("implied_role_id")));
        exchange.noContent();
    }

    private void deleteImplied(Exchange exchange)
    {
        String priorId = exchange.path("role_id");
        String impliedId = exchange.path("implied_role_id");
        api.store().writeVoid(h -> {
            find(h, priorId);
            find(h, impliedId);
            if (RoleStore.removeImplication(h, priorId, impliedId) == 0) {
                throw IdentityApi.notFound("implied role", priorId + " implies " + impliedId);
            }
        });
        exchange.noContent();
    }

    private void inferences(Exchange exchange)
    {
        ObjectNode body = api.store().read(h -> {
            Map<String, List<String>> byPrior = new java.util.LinkedHashMap<>();
            RoleStore.implications(h).forEach(edge -> byPrior.computeIfAbsent(edge.getKey(), ignored -> new java.util.ArrayList<>()).add(edge.getValue()));
            ObjectNode result = Json.object();
            ArrayNode list = result.putArray("role_inferences");
            byPrior.forEach((priorId, impliedIds) -> RoleStore.role(h, priorId).ifPresent(prior -> {
                ObjectNode entry = list.addObject();
                entry.set("prior_role", brief(api, prior));
                ArrayNode implies = entry.putArray("implies");
                impliedIds.forEach(id -> RoleStore.role(h, id).ifPresent(role -> implies.add(brief(api, role))));
            }));
            return result;
        });
        body.set("links", api.links("/role_inferences"));
        exchange.json(200, body);
    }
}
