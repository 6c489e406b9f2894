package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.identity.service.RevocationEvent;
import io.xloud.identity.service.Domain;
import io.xloud.identity.service.Group;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.Project;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.service.User;
import io.xloud.identity.store.UserStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/domains */
public final class DomainResource
{
    private static final JsonSchema CREATE = JsonSchemas.compile("""
            {"type": "object", "required": ["domain"], "properties": {"domain": {"type": "object", "required": ["name"],
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "description": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"},
                "explicit_domain_id": {"type": "string", "pattern": "^[a-zA-Z0-9-]{1,64}$"},
                "tags": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 255}},
                "options": {"type": "object"}}}}}
            """);
    private static final JsonSchema UPDATE = JsonSchemas.compile("""
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

    public static ObjectNode view(IdentityApi api, Domain domain)
    {
        ObjectNode view = Json.object();
        view.put("id", domain.id());
        view.put("name", domain.name());
        view.put("description", domain.description().orElse(""));
        view.put("enabled", domain.enabled());
        view.putArray("tags");
        view.putObject("options");
        view.set("links", api.links("/domains/" + domain.id()));
        IdentityApi.putExtra(view, domain.extra());
        return view;
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("domain");
        String id = entity.hasNonNull("explicit_domain_id") ? entity.path("explicit_domain_id").asText() : Ids.newId();
        Domain domain = new Domain(id, entity.path("name").asText(), Optional.ofNullable(IdentityApi.text(entity, "description", null)),
                entity.path("enabled").asBoolean(true), IdentityApi.extra(entity, KNOWN, Map.of()));
        api.store().writeVoid(h -> {
            if (ResourceStore.domainByName(h, domain.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store domain - Duplicate entry found with name " + domain.name() + ".");
            }
            ResourceStore.insertDomain(h, domain);
        });
        exchange.json(201, Map.of("domain", view(api, domain)));
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = api.store().read(h -> ResourceStore.domains(h)).stream().map(domain -> view(api, domain)).toList();
        exchange.json(200, api.list(exchange, "domains", IdentityApi.filter(exchange, views, Set.of("name", "enabled", "id"))));
    }

    private Domain find(String id)
    {
        return api.store().read(h -> ResourceStore.domain(h, id)).orElseThrow(() -> IdentityApi.notFound("domain", id));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("domain", view(api, find(exchange.path("domain_id")))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("domain");
        String id = exchange.path("domain_id");
        if (entity.has("id") && !entity.path("id").asText().equals(id)) {
            throw IdentityApi.validation("Cannot change the id of a domain.");
        }
        Domain updated = api.store().write(h -> {
            Domain current = ResourceStore.domain(h, id).orElseThrow(() -> IdentityApi.notFound("domain", id));
            Domain next = new Domain(id, IdentityApi.text(entity, "name", current.name()),
                    entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                    entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(),
                    IdentityApi.extra(entity, KNOWN, current.extra()));
            if (!next.name().equals(current.name()) && ResourceStore.domainByName(h, next.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store domain - Duplicate entry found with name " + next.name() + ".");
            }
            ResourceStore.updateDomain(h, next);
            if (current.enabled() && !next.enabled()) {
                api.tokens().revoke(h, RevocationEvent.forDomain(id, api.tokens().now(), api.tokens().revocationWindowMillis()));
            }
            return next;
        });
        exchange.json(200, Map.of("domain", view(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        delete(api, exchange.path("domain_id"));
        exchange.noContent();
    }

    /** Deletes a disabled domain with everything in it; also serves DELETE /v3/projects/{id} for a project acting as a domain. */
    static void delete(IdentityApi api, String id)
    {
        api.store().writeVoid(h -> {
            Domain domain = ResourceStore.domain(h, id).orElseThrow(() -> IdentityApi.notFound("domain", id));
            if (domain.enabled()) {
                throw ApiException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
            }
            // a domain takes its projects, users and groups with it
            for (Project project : ResourceStore.projects(h)) {
                if (project.domainId().equals(id)) {
                    RoleStore.deleteAssignmentsOnTarget(h, project.id());
                    ResourceStore.deleteProject(h, project.id());
                }
            }
            for (User user : UserStore.users(h)) {
                if (user.domainId().equals(id)) {
                    RoleStore.deleteAssignmentsOfActor(h, user.id());
                    UserStore.deleteUser(h, user.id());
                }
            }
            for (Group group : UserStore.groups(h)) {
                if (group.domainId().equals(id)) {
                    RoleStore.deleteAssignmentsOfActor(h, group.id());
                    UserStore.deleteGroup(h, group.id());
                }
            }
            h.createUpdate("DELETE FROM roles WHERE domain_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM domain_configs WHERE domain_id = :id").bind("id", id).execute();
            RoleStore.deleteAssignmentsOnTarget(h, id);
            ResourceStore.deleteDomain(h, id);
            api.tokens().revoke(h, RevocationEvent.forDomain(id, api.tokens().now(), api.tokens().revocationWindowMillis()));
        });
    }
}
