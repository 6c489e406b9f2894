package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.Project;
import io.xloud.identity.store.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

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
    private static final JsonSchema CREATE_REGISTERED = JsonSchemas.compile("""
            {"type": "object", "required": ["registered_limits"], "properties": {"registered_limits": {"type": "array", "minItems": 1,
              "items": {"type": "object", "additionalProperties": false, "required": ["service_id", "resource_name", "default_limit"],
                "properties": {"service_id": %1$s, "region_id": {"type": ["null", "string"]}, "resource_name": %2$s,
                  "default_limit": %3$s, "description": %4$s}}}}}
            """.formatted(ID, RESOURCE_NAME, LIMIT, DESCRIPTION));
    private static final JsonSchema UPDATE_REGISTERED = JsonSchemas.compile("""
            {"type": "object", "required": ["registered_limit"], "properties": {"registered_limit": {"type": "object",
              "additionalProperties": false,
              "properties": {"service_id": %1$s, "region_id": {"type": ["null", "string"]}, "resource_name": %2$s,
                "default_limit": %3$s, "description": %4$s}}}}
            """.formatted(ID, RESOURCE_NAME, LIMIT, DESCRIPTION));
    private static final JsonSchema CREATE_LIMITS = JsonSchemas.compile("""
            {"type": "object", "required": ["limits"], "properties": {"limits": {"type": "array", "minItems": 1,
              "items": {"type": "object", "oneOf": [
                {"additionalProperties": false, "required": ["project_id", "service_id", "resource_name", "resource_limit"],
                 "properties": {"project_id": %1$s, "service_id": %1$s, "region_id": {"type": "string"}, "resource_name": %2$s,
                   "resource_limit": %3$s, "description": %4$s}},
                {"additionalProperties": false, "required": ["domain_id", "service_id", "resource_name", "resource_limit"],
                 "properties": {"domain_id": %1$s, "service_id": %1$s, "region_id": {"type": "string"}, "resource_name": %2$s,
                   "resource_limit": %3$s, "description": %4$s}}]}}}}
            """.formatted(ID, RESOURCE_NAME, LIMIT, DESCRIPTION));
    private static final JsonSchema UPDATE_LIMIT = JsonSchemas.compile("""
            {"type": "object", "required": ["limit"], "properties": {"limit": {"type": "object", "additionalProperties": false,
              "properties": {"resource_limit": %1$s, "description": %2$s}}}}
            """.formatted(LIMIT, DESCRIPTION));
    private static final String MODEL_DESCRIPTION = "Limit enforcement and validation does not take project hierarchy into consideration.";

    private record RegisteredLimit(String id, String serviceId, Optional<String> regionId, String resourceName, long defaultLimit,
            Optional<String> description) {}

    private record Limit(String id, Optional<String> projectId, Optional<String> domainId, String serviceId, Optional<String> regionId,
            String resourceName, long resourceLimit, Optional<String> description) {}

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

    // ---- views and rows

    private ObjectNode registeredView(RegisteredLimit limit)
    {
        ObjectNode view = Json.object();
        view.put("id", limit.id());
        view.put("service_id", limit.serviceId());
        view.put("region_id", limit.regionId().orElse(null));
        view.put("resource_name", limit.resourceName());
        view.put("default_limit", limit.defaultLimit());
        view.put("description", limit.description().orElse(null));
        view.set("links", api.links("/registered_limits/" + limit.id()));
        return view;
    }

    private ObjectNode view(Limit limit)
    {
        ObjectNode view = Json.object();
        view.put("id", limit.id());
        view.put("project_id", limit.projectId().orElse(null));
        view.put("domain_id", limit.domainId().orElse(null));
        view.put("service_id", limit.serviceId());
        view.put("region_id", limit.regionId().orElse(null));
        view.put("resource_name", limit.resourceName());
        view.put("resource_limit", limit.resourceLimit());
        view.put("description", limit.description().orElse(null));
        view.set("links", api.links("/limits/" + limit.id()));
        return view;
    }

    private static RegisteredLimit registered(ResultSet rs)
            throws SQLException
    {
        return new RegisteredLimit(rs.getString("id"), rs.getString("service_id"), Optional.ofNullable(rs.getString("region_id")),
                rs.getString("resource_name"), rs.getLong("default_limit"), Optional.ofNullable(rs.getString("description")));
    }

    private static Limit limit(ResultSet rs)
            throws SQLException
    {
        return new Limit(rs.getString("id"), Optional.ofNullable(rs.getString("project_id")), Optional.ofNullable(rs.getString("domain_id")),
                rs.getString("service_id"), Optional.ofNullable(rs.getString("region_id")), rs.getString("resource_name"),
                rs.getLong("resource_limit"), Optional.ofNullable(rs.getString("description")));
    }

    private static List<RegisteredLimit> registeredLimits(Handle h)
    {
        return h.createQuery("SELECT * FROM registered_limits ORDER BY service_id, resource_name, id").map((rs, ctx) -> registered(rs)).list();
    }

    private static RegisteredLimit registeredLimit(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM registered_limits WHERE id = :id").bind("id", id).map((rs, ctx) -> registered(rs)).findOne()
                .orElseThrow(() -> new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find registered limit for " + id + "."));
    }

    private static List<Limit> limits(Handle h)
    {
        return h.createQuery("SELECT * FROM limits ORDER BY service_id, resource_name, id").map((rs, ctx) -> limit(rs)).list();
    }

    private static Optional<Limit> findLimit(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM limits WHERE id = :id").bind("id", id).map((rs, ctx) -> limit(rs)).findOne();
    }

    private static Limit limit(Handle h, String id)
    {
        return findLimit(h, id).orElseThrow(() -> new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find limit for " + id + "."));
    }

    private static void saveRegistered(Handle h, RegisteredLimit l, boolean insert)
    {
        String sql = insert
                ? "INSERT INTO registered_limits (id, service_id, region_id, resource_name, default_limit, description) "
                        + "VALUES (:id, :service, :region, :resource, :limit, :description)"
                : "UPDATE registered_limits SET service_id = :service, region_id = :region, resource_name = :resource, "
                        + "default_limit = :limit, description = :description WHERE id = :id";
        h.createUpdate(sql).bind("id", l.id()).bind("service", l.serviceId()).bind("region", l.regionId().orElse(null))
                .bind("resource", l.resourceName()).bind("limit", l.defaultLimit()).bind("description", l.description().orElse(null)).execute();
    }

    private static void saveLimit(Handle h, Limit l, boolean insert)
    {
        String sql = insert
                ? "INSERT INTO limits (id, project_id, domain_id, service_id, region_id, resource_name, resource_limit, description) "
                        + "VALUES (:id, :project, :domain, :service, :region, :resource, :limit, :description)"
                : "UPDATE limits SET resource_limit = :limit, description = :description WHERE id = :id";
        h.createUpdate(sql).bind("id", l.id()).bind("project", l.projectId().orElse(null)).bind("domain", l.domainId().orElse(null))
                .bind("service", l.serviceId()).bind("region", l.regionId().orElse(null)).bind("resource", l.resourceName())
                .bind("limit", l.resourceLimit()).bind("description", l.description().orElse(null)).execute();
    }

    private static boolean sameResource(String serviceId, Optional<String> regionId, String resourceName, RegisteredLimit other)
    {
        return other.serviceId().equals(serviceId) && other.regionId().equals(regionId) && other.resourceName().equals(resourceName);
    }

    private static ApiException missing(String attribute, String target)
    {
        return IdentityApi.validation("Expecting to find " + attribute + " in " + target + ". The server could not comply with the request "
                + "since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
    }

    private static ApiException duplicate(String type)
    {
        return ApiException.conflict("Conflict occurred attempting to store " + type + " - Duplicate entry.");
    }

    /** The service and region a limit names must exist (400 otherwise, as Keystone). */
    private static void requireCatalog(Handle h, Optional<String> serviceId, Optional<String> regionId, String target)
    {
        if (serviceId.isPresent() && CatalogStore.service(h, serviceId.get()).isEmpty()) {
            throw missing("service_id", target);
        }
        if (regionId.isPresent() && CatalogStore.region(h, regionId.get()).isEmpty()) {
            throw missing("region_id", target);
        }
    }

    private static Optional<String> optionalText(JsonNode node, String field)
    {
        return Optional.ofNullable(IdentityApi.text(node, field, null));
    }

    // ---- registered limits

    private void createRegistered(Exchange exchange)
    {
        JsonNode items = exchange.readJson(CREATE_REGISTERED).path("registered_limits");
        List<RegisteredLimit> created = api.store().write(h -> {
            List<RegisteredLimit> existing = new ArrayList<>(registeredLimits(h));
            List<RegisteredLimit> result = new ArrayList<>();
            for (JsonNode item : items) {
                RegisteredLimit limit = new RegisteredLimit(Ids.newId(), item.path("service_id").asText(), optionalText(item, "region_id"),
                        item.path("resource_name").asText(), item.path("default_limit").asLong(), optionalText(item, "description"));
                requireCatalog(h, Optional.of(limit.serviceId()), limit.regionId(), "registered_limit");
                if (existing.stream().anyMatch(other -> sameResource(limit.serviceId(), limit.regionId(), limit.resourceName(), other))) {
                    throw duplicate("registered_limit");
                }
                saveRegistered(h, limit, true);
                existing.add(limit);
                result.add(limit);
            }
            return result;
        });
        ObjectNode body = Json.object();
        created.forEach(limit -> body.withArray("registered_limits").add(registeredView(limit)));
        exchange.json(201, body);
    }

    private void listRegistered(Exchange exchange)
    {
        List<ObjectNode> views = api.store().read(UnifiedLimitResource::registeredLimits).stream().map(this::registeredView).toList();
        exchange.json(200, api.list(exchange, "registered_limits",
                IdentityApi.filter(exchange, views, Set.of("service_id", "region_id", "resource_name"))));
    }

    private void getRegistered(Exchange exchange)
    {
        RegisteredLimit limit = api.store().read(h -> registeredLimit(h, exchange.path("registered_limit_id")));
        exchange.json(200, Map.of("registered_limit", registeredView(limit)));
    }

    /** A registered limit that project or domain limits rely on cannot change (403), nor collide with another (409). */
    private void updateRegistered(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE_REGISTERED).path("registered_limit");
        String id = exchange.path("registered_limit_id");
        RegisteredLimit updated = api.store().write(h -> {
            requireCatalog(h, optionalText(entity, "service_id"), optionalText(entity, "region_id"), "registered_limit");
            RegisteredLimit current = registeredLimit(h, id);
            requireUnreferenced(h, current);
            RegisteredLimit next = new RegisteredLimit(id, IdentityApi.text(entity, "service_id", current.serviceId()),
                    entity.has("region_id") ? optionalText(entity, "region_id") : current.regionId(),
                    IdentityApi.text(entity, "resource_name", current.resourceName()),
                    entity.has("default_limit") ? entity.path("default_limit").asLong() : current.defaultLimit(),
                    entity.has("description") ? optionalText(entity, "description") : current.description());
            if (registeredLimits(h).stream().anyMatch(other -> !other.id().equals(id)
                    && sameResource(next.serviceId(), next.regionId(), next.resourceName(), other))) {
                throw duplicate("registered_limit");
            }
            saveRegistered(h, next, false);
            return next;
        });
        exchange.json(200, Map.of("registered_limit", registeredView(updated)));
    }

    private static void requireUnreferenced(Handle h, RegisteredLimit registered)
    {
        boolean referenced = limits(h).stream().anyMatch(limit -> limit.serviceId().equals(registered.serviceId())
                && limit.regionId().equals(registered.regionId()) && limit.resourceName().equals(registered.resourceName()));
        if (referenced) {
            throw new ApiException(IdentityErrorCode.FORBIDDEN, "Unable to update or delete registered limit " + registered.id()
                    + " because there are project limits associated with it.");
        }
    }

    private void deleteRegistered(Exchange exchange)
    {
        String id = exchange.path("registered_limit_id");
        api.store().writeVoid(h -> {
            requireUnreferenced(h, registeredLimit(h, id));
            h.createUpdate("DELETE FROM registered_limits WHERE id = :id").bind("id", id).execute();
        });
        exchange.noContent();
    }

    // ---- limits

    private void model(Exchange exchange)
    {
        ObjectNode model = Json.object();
        model.put("name", "flat");
        model.put("description", MODEL_DESCRIPTION);
        exchange.json(200, Map.of("model", model));
    }

    /** A limit overrides a registered limit, which must exist for its service, region and resource (403 otherwise, as Keystone). */
    private void createLimits(Exchange exchange)
    {
        JsonNode items = exchange.readJson(CREATE_LIMITS).path("limits");
        List<Limit> created = api.store().write(h -> {
            List<Limit> existing = new ArrayList<>(limits(h));
            List<Limit> result = new ArrayList<>();
            for (JsonNode item : items) {
                String serviceId = item.path("service_id").asText();
                Optional<String> regionId = optionalText(item, "region_id");
                String resourceName = item.path("resource_name").asText();
                requireCatalog(h, Optional.of(serviceId), regionId, "limit");
                Optional<String> projectId = optionalText(item, "project_id");
                Optional<String> domainId = optionalText(item, "domain_id");
                if (projectId.isPresent() && ResourceStore.project(h, projectId.get()).isEmpty()) {
                    // a domain is a project acting as a domain: its limit is a domain limit
                    if (ResourceStore.domain(h, projectId.get()).isEmpty()) {
                        throw missing("project_id", "limit");
                    }
                    domainId = projectId;
                    projectId = Optional.empty();
                }
                if (domainId.isPresent() && ResourceStore.domain(h, domainId.get()).isEmpty()) {
                    throw missing("domain_id", "limit");
                }
                if (registeredLimits(h).stream().noneMatch(registered -> sameResource(serviceId, regionId, resourceName, registered))) {
                    throw new ApiException(IdentityErrorCode.FORBIDDEN, "Unable to create a limit that has no corresponding registered limit.");
                }
                Limit limit = new Limit(Ids.newId(), projectId, domainId, serviceId, regionId, resourceName, item.path("resource_limit").asLong(),
                        optionalText(item, "description"));
                if (existing.stream().anyMatch(other -> other.serviceId().equals(serviceId) && other.regionId().equals(regionId)
                        && other.resourceName().equals(resourceName) && other.projectId().equals(limit.projectId())
                        && other.domainId().equals(limit.domainId()))) {
                    throw duplicate("limit");
                }
                saveLimit(h, limit, true);
                existing.add(limit);
                result.add(limit);
            }
            return result;
        });
        ObjectNode body = Json.object();
        created.forEach(limit -> body.withArray("limits").add(view(limit)));
        exchange.json(201, body);
    }

    /** Who sees which limits depends on the token's scope: all (system), a domain's and its projects', or the project's own. */
    private void listLimits(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        List<ObjectNode> views = api.store().read(h -> {
            List<Limit> visible = new ArrayList<>();
            if (auth.systemScope()) {
                visible.addAll(limits(h));
            }
            else if (auth.domainId().isPresent()) {
                String domainId = auth.domainId().get();
                Set<String> projects = new java.util.HashSet<>();
                ResourceStore.projects(h).stream().filter(project -> project.domainId().equals(domainId)).map(Project::id).forEach(projects::add);
                limits(h).stream().filter(limit -> limit.projectId().map(projects::contains).orElse(false)
                        || limit.domainId().equals(Optional.of(domainId))).forEach(visible::add);
            }
            else if (auth.projectId().isPresent()) {
                limits(h).stream().filter(limit -> limit.projectId().equals(auth.projectId())).forEach(visible::add);
            }
            return visible.stream().map(this::view).toList();
        });
        exchange.json(200, api.list(exchange, "limits",
                IdentityApi.filter(exchange, views, Set.of("service_id", "region_id", "resource_name", "project_id", "domain_id"))));
    }

    /** A missing limit leaves the target empty, so that only an admin learns it does not exist. */
    private Map<String, Object> limitTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        api.store().read(h -> findLimit(h, exchange.path("limit_id"))).ifPresent(limit -> {
            target.put("target.limit.id", limit.id());
            target.put("target.limit.project_id", limit.projectId().orElse(null));
            target.put("target.limit.domain_id", limit.domainId().orElse(null));
            limit.projectId().flatMap(id -> api.store().read(h -> ResourceStore.project(h, id)))
                    .ifPresent(project -> target.put("target.limit.project.domain_id", project.domainId()));
            limit.domainId().ifPresent(id -> target.put("target.limit.domain.id", id));
        });
        return target;
    }

    private void getLimit(Exchange exchange)
    {
        exchange.json(200, Map.of("limit", view(api.store().read(h -> limit(h, exchange.path("limit_id"))))));
    }

    private void updateLimit(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE_LIMIT).path("limit");
        String id = exchange.path("limit_id");
        Limit updated = api.store().write(h -> {
            Limit current = limit(h, id);
            Limit next = new Limit(id, current.projectId(), current.domainId(), current.serviceId(), current.regionId(), current.resourceName(),
                    entity.has("resource_limit") ? entity.path("resource_limit").asLong() : current.resourceLimit(),
                    entity.has("description") ? optionalText(entity, "description") : current.description());
            saveLimit(h, next, false);
            return next;
        });
        exchange.json(200, Map.of("limit", view(updated)));
    }

    private void deleteLimit(Exchange exchange)
    {
        String id = exchange.path("limit_id");
        api.store().writeVoid(h -> {
            limit(h, id);
            h.createUpdate("DELETE FROM limits WHERE id = :id").bind("id", id).execute();
        });
        exchange.noContent();
    }
}
