package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Domain;
import io.xloud.identity.service.DomainService;
import io.xloud.identity.service.Ids;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/domains */
public final class DomainResource
{
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["domain"], "properties": {"domain": {"type": "object", "required": ["name"],
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "description": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"},
                "explicit_domain_id": {"type": "string", "pattern": "^[a-zA-Z0-9-]{1,64}$"},
                "tags": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 255}},
                "options": {"type": "object"}}}}}
            """);
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["domain"], "properties": {"domain": {"type": "object", "minProperties": 1,
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "description": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"},
                "tags": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 255}},
                "options": {"type": "object"}}}}}
            """);
    private static final Set<String> KNOWN = Set.of("id", "name", "description", "enabled", "explicit_domain_id", "tags", "options", "links");

    private final IdentityApi api;

    public DomainResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("POST", V3 + "/domains", "identity:create_domain", this::create);
        r.route("GET", V3 + "/domains", "identity:list_domains", this::list);
        r.route("GET", V3 + "/domains/{domain_id}", "identity:get_domain", this::get);
        r.route("PATCH", V3 + "/domains/{domain_id}", "identity:update_domain", this::update);
        r.route("DELETE", V3 + "/domains/{domain_id}", "identity:delete_domain", this::delete);
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("domain");
        String id = entity.hasNonNull("explicit_domain_id") ? entity.path("explicit_domain_id").asText() : Ids.newId();
        Domain domain = new Domain(id, entity.path("name").asText(), Optional.ofNullable(IdentityApi.text(entity, "description", null)),
                entity.path("enabled").asBoolean(true), IdentityApi.extra(entity, KNOWN, Map.of()));
        domains().create(domain, "domain");
        exchange.json(201, Map.of("domain", IdentityViews.domain(api, domain)));
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = domains().domains().stream().map(domain -> IdentityViews.domain(api, domain)).toList();
        exchange.json(200, api.list(exchange, "domains", IdentityApi.filter(exchange, views, Set.of("name", "enabled", "id"))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("domain", IdentityViews.domain(api, domains().domain(exchange.path("domain_id")))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("domain");
        String id = exchange.path("domain_id");
        if (entity.has("id") && !entity.path("id").asText().equals(id)) {
            throw IdentityApi.validation("Cannot change the id of a domain.");
        }
        Domain updated = domains().update(id, current -> new Domain(id, IdentityApi.text(entity, "name", current.name()),
                entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(),
                IdentityApi.extra(entity, KNOWN, current.extra())));
        exchange.json(200, Map.of("domain", IdentityViews.domain(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        domains().delete(exchange.path("domain_id"));
        exchange.noContent();
    }

    private DomainService domains()
    {
        return api.domains();
    }
}
