package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.store.CatalogStore.Endpoint;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.Project;
import io.xloud.identity.store.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * OS-EP-FILTER: endpoint groups (endpoints chosen by service, interface and region) and the projects they, or single
 * endpoints, are associated with. A project with any association sees only those endpoints in its catalog (see Catalog).
 */
public final class EndpointFilterResource
{
    private static final String FILTER = V3 + "/OS-EP-FILTER";
    private static final Set<String> FILTER_KEYS = Set.of("service_id", "region_id", "interface");
    private static final String GROUP_PROPERTIES = """
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "\\\\S"},
            "description": {"type": ["string", "null"]},
            "filters": {"type": "object"}
            """;
    private static final JsonSchema CREATE = JsonSchemas.compile("""
            {"type": "object", "required": ["endpoint_group"], "properties": {"endpoint_group": {"type": "object",
              "required": ["name", "filters"], "properties": {%s}}}}
            """.formatted(GROUP_PROPERTIES));
    private static final JsonSchema UPDATE = JsonSchemas.compile("""
            {"type": "object", "required": ["endpoint_group"], "properties": {"endpoint_group": {"type": "object",
              "minProperties": 1, "properties": {%s}}}}
            """.formatted(GROUP_PROPERTIES));

    private record EndpointGroup(String id, String name, Optional<String> description, Map<String, Object> filters) {}

    private final IdentityApi api;

    public EndpointFilterResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        String groups = FILTER + "/endpoint_groups";
        String group = groups + "/{endpoint_group_id}";
        r.route("POST", groups, "identity:create_endpoint_group", this::createGroup);
        r.route("GET", groups, "identity:list_endpoint_groups", this::listGroups);
        r.route("GET", group, "identity:get_endpoint_group", this::getGroup);
        r.route("HEAD", group, "identity:get_endpoint_group", this::getGroup);
        r.route("PATCH", group, "identity:update_endpoint_group", this::updateGroup);
        r.route("DELETE", group, "identity:delete_endpoint_group", this::deleteGroup);
        r.route("GET", group + "/projects", "identity:list_projects_associated_with_endpoint_group", this::projectsOfGroup);
        r.route("GET", group + "/endpoints", "identity:list_endpoints_associated_with_endpoint_group", this::endpointsOfGroup);
        r.route("GET", group + "/projects/{project_id}", "identity:get_endpoint_group_in_project", this::getGroupInProject);
        r.route("HEAD", group + "/projects/{project_id}", "identity:get_endpoint_group_in_project", this::getGroupInProject);
        r.route("PUT", group + "/projects/{project_id}", "identity:add_endpoint_group_to_project", this::addGroupToProject);
        r.route("DELETE", group + "/projects/{project_id}", "identity:remove_endpoint_group_from_project", this::removeGroupFromProject);
        r.route("GET", FILTER + "/projects/{project_id}/endpoint_groups", "identity:list_endpoint_groups_for_project", this::groupsOfProject);
        r.route("GET", FILTER + "/projects/{project_id}/endpoints", "identity:list_endpoints_for_project", this::endpointsOfProject);
        String projectEndpoint = FILTER + "/projects/{project_id}/endpoints/{endpoint_id}";
        r.route("PUT", projectEndpoint, "identity:add_endpoint_to_project", this::addEndpointToProject);
        r.route("GET", projectEndpoint, "identity:check_endpoint_in_project", this::checkEndpointInProject);
        r.route("HEAD", projectEndpoint, "identity:check_endpoint_in_project", this::checkEndpointInProject);
        r.route("DELETE", projectEndpoint, "identity:remove_endpoint_from_project", this::removeEndpointFromProject);
        r.route("GET", FILTER + "/endpoints/{endpoint_id}/projects", "identity:list_projects_for_endpoint", this::projectsOfEndpoint);
    }

    // ---- views

    private ObjectNode groupView(EndpointGroup group)
    {
        ObjectNode view = Json.object();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("description", group.description().orElse(null));
        view.set("filters", IdentityStore.objectNode(group.filters()));
        view.set("links", api.links("/OS-EP-FILTER/endpoint_groups/" + group.id()));
        return view;
    }

    // ---- rows

    private static EndpointGroup group(java.sql.ResultSet rs)
            throws java.sql.SQLException
    {
        return new EndpointGroup(rs.getString("id"), rs.getString("name"), Optional.ofNullable(rs.getString("description")),
                IdentityStore.jsonMap(rs.getString("filters")));
    }

    private static Optional<EndpointGroup> findGroup(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM endpoint_groups WHERE id = :id").bind("id", id).map((rs, ctx) -> group(rs)).findOne();
    }

    private static EndpointGroup group(Handle h, String id)
    {
        return findGroup(h, id).orElseThrow(() -> IdentityApi.notFound("Endpoint Group", id));
    }

    private static List<EndpointGroup> groups(Handle h)
    {
        return h.createQuery("SELECT * FROM endpoint_groups ORDER BY name, id").map((rs, ctx) -> group(rs)).list();
    }

    private static Project project(Handle h, String id)
    {
        return ResourceStore.project(h, id).orElseThrow(() -> IdentityApi.notFound("project", id));
    }

    private static Endpoint endpoint(Handle h, String id)
    {
        return CatalogStore.endpoint(h, id).orElseThrow(() -> IdentityApi.notFound("endpoint", id));
    }

    private static List<String> groupIdsOfProject(Handle h, String projectId)
    {
        return h.createQuery("SELECT endpoint_group_id FROM project_endpoint_groups WHERE project_id = :p ORDER BY endpoint_group_id")
                .bind("p", projectId).mapTo(String.class).list();
    }

    private static boolean groupInProject(Handle h, String groupId, String projectId)
    {
        return h.createQuery("SELECT COUNT(*) FROM project_endpoint_groups WHERE endpoint_group_id = :g AND project_id = :p")
                .bind("g", groupId).bind("p", projectId).mapTo(Integer.class).one() > 0;
    }

    private static boolean endpointInProject(Handle h, String endpointId, String projectId)
    {
        return h.createQuery("SELECT COUNT(*) FROM project_endpoints WHERE endpoint_id = :e AND project_id = :p")
                .bind("e", endpointId).bind("p", projectId).mapTo(Integer.class).one() > 0;
    }

    /** Only service_id, region_id and interface select endpoints. */
    private static Map<String, Object> filters(JsonNode node)
    {
        Map<String, Object> filters = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!FILTER_KEYS.contains(field.getKey())) {
                throw IdentityApi.validation("Expecting to find service_id or region_id or interface in endpoint_group. The server could "
                        + "not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
            }
            if (!field.getValue().isTextual()) {
                throw IdentityApi.validation("Invalid input for field 'filters." + field.getKey() + "': it must be a string.");
            }
            filters.put(field.getKey(), field.getValue().asText());
        }
        return filters;
    }

    // ---- endpoint groups

    private void createGroup(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("endpoint_group");
        if (entity.path("filters").isEmpty()) {
            throw IdentityApi.validation("filters field is required and cannot be empty");
        }
        EndpointGroup group = new EndpointGroup(Ids.newId(), entity.path("name").asText(),
                Optional.ofNullable(IdentityApi.text(entity, "description", null)), filters(entity.path("filters")));
        api.store().writeVoid(h -> h.createUpdate("INSERT INTO endpoint_groups (id, name, description, filters) VALUES (:id, :name, :description, :filters)")
                .bind("id", group.id()).bind("name", group.name()).bind("description", group.description().orElse(null))
                .bind("filters", IdentityStore.json(group.filters())).execute());
        exchange.json(201, Map.of("endpoint_group", groupView(group)));
    }

    private void listGroups(Exchange exchange)
    {
        List<ObjectNode> views = api.store().read(EndpointFilterResource::groups).stream().map(this::groupView).toList();
        exchange.json(200, api.list(exchange, "endpoint_groups", IdentityApi.filter(exchange, views, Set.of("name"))));
    }

    private void getGroup(Exchange exchange)
    {
        EndpointGroup group = api.store().read(h -> group(h, exchange.path("endpoint_group_id")));
        exchange.json(200, Map.of("endpoint_group", groupView(group)));
    }

    private void updateGroup(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("endpoint_group");
        String id = exchange.path("endpoint_group_id");
        if (entity.hasNonNull("id") && !entity.path("id").asText().equals(id)) {
            throw IdentityApi.validation("Cannot change ID");
        }
        Optional<Map<String, Object>> filters = entity.has("filters") ? Optional.of(filters(entity.path("filters"))) : Optional.empty();
        EndpointGroup updated = api.store().write(h -> {
            EndpointGroup current = group(h, id);
            EndpointGroup next = new EndpointGroup(id, IdentityApi.text(entity, "name", current.name()),
                    entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                    filters.orElse(current.filters()));
            h.createUpdate("UPDATE endpoint_groups SET name = :name, description = :description, filters = :filters WHERE id = :id")
                    .bind("id", id).bind("name", next.name()).bind("description", next.description().orElse(null))
                    .bind("filters", IdentityStore.json(next.filters())).execute();
            return next;
        });
        exchange.json(200, Map.of("endpoint_group", groupView(updated)));
    }

    private void deleteGroup(Exchange exchange)
    {
        String id = exchange.path("endpoint_group_id");
        api.store().writeVoid(h -> {
            group(h, id);
            h.createUpdate("DELETE FROM project_endpoint_groups WHERE endpoint_group_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM endpoint_groups WHERE id = :id").bind("id", id).execute();
        });
        exchange.noContent();
    }

    /** Like Keystone, an unknown group simply has no projects. */
    private void projectsOfGroup(Exchange exchange)
    {
        String id = exchange.path("endpoint_group_id");
        List<ObjectNode> views = api.store().read(h -> h.createQuery(
                        "SELECT project_id FROM project_endpoint_groups WHERE endpoint_group_id = :g ORDER BY project_id")
                .bind("g", id).mapTo(String.class).list().stream()
                .map(projectId -> ResourceStore.project(h, projectId)).flatMap(Optional::stream)
                .map(project -> ProjectResource.view(api, project)).toList());
        exchange.json(200, api.list(exchange, "projects", views));
    }

    private void endpointsOfGroup(Exchange exchange)
    {
        String id = exchange.path("endpoint_group_id");
        List<ObjectNode> views = api.store().read(h -> {
            EndpointGroup group = group(h, id);
            return CatalogStore.endpoints(h).stream().filter(endpoint -> EndpointGroups.selects(group.filters(), endpoint))
                    .map(endpoint -> CatalogResource.endpointView(api, endpoint)).toList();
        });
        exchange.json(200, api.list(exchange, "endpoints", views));
    }

    private void getGroupInProject(Exchange exchange)
    {
        String groupId = exchange.path("endpoint_group_id");
        String projectId = exchange.path("project_id");
        api.store().read(h -> {
            project(h, projectId);
            group(h, groupId);
            if (!groupInProject(h, groupId, projectId)) {
                throw ApiException.notFound("Endpoint Group Project Association not found");
            }
            return null;
        });
        ObjectNode view = Json.object();
        view.put("endpoint_group_id", groupId);
        view.put("project_id", projectId);
        view.set("links", api.links("/OS-EP-FILTER/endpoint_groups/" + groupId + "/projects/" + projectId));
        exchange.json(200, Map.of("project_endpoint_group", view));
    }

    private void addGroupToProject(Exchange exchange)
    {
        String groupId = exchange.path("endpoint_group_id");
        String projectId = exchange.path("project_id");
        api.store().writeVoid(h -> {
            project(h, projectId);
            group(h, groupId);
            if (groupInProject(h, groupId, projectId)) {
                throw ApiException.conflict("Conflict occurred attempting to store project_endpoint_group - Duplicate entry.");
            }
            h.createUpdate("INSERT INTO project_endpoint_groups (endpoint_group_id, project_id) VALUES (:g, :p)")
                    .bind("g", groupId).bind("p", projectId).execute();
        });
        exchange.noContent();
    }

    private void removeGroupFromProject(Exchange exchange)
    {
        String groupId = exchange.path("endpoint_group_id");
        String projectId = exchange.path("project_id");
        api.store().writeVoid(h -> {
            project(h, projectId);
            group(h, groupId);
            int removed = h.createUpdate("DELETE FROM project_endpoint_groups WHERE endpoint_group_id = :g AND project_id = :p")
                    .bind("g", groupId).bind("p", projectId).execute();
            if (removed == 0) {
                throw ApiException.notFound("Endpoint Group Project Association not found");
            }
        });
        exchange.noContent();
    }

    private void groupsOfProject(Exchange exchange)
    {
        String projectId = exchange.path("project_id");
        List<ObjectNode> views = api.store().read(h -> {
            project(h, projectId);
            return groupIdsOfProject(h, projectId).stream().map(id -> findGroup(h, id)).flatMap(Optional::stream).map(this::groupView).toList();
        });
        exchange.json(200, api.list(exchange, "endpoint_groups", views));
    }

    // ---- project endpoints

    /** Endpoints associated one by one, then those of the project's endpoint groups. */
    private void endpointsOfProject(Exchange exchange)
    {
        String projectId = exchange.path("project_id");
        List<ObjectNode> views = api.store().read(h -> {
            project(h, projectId);
            Map<String, Endpoint> selected = new LinkedHashMap<>();
            List<Endpoint> all = CatalogStore.endpoints(h);
            List<String> direct = h.createQuery("SELECT endpoint_id FROM project_endpoints WHERE project_id = :p ORDER BY endpoint_id")
                    .bind("p", projectId).mapTo(String.class).list();
            for (String endpointId : direct) {
                all.stream().filter(endpoint -> endpoint.id().equals(endpointId)).findFirst()
                        .ifPresent(endpoint -> selected.put(endpoint.id(), endpoint));
            }
            for (String groupId : groupIdsOfProject(h, projectId)) {
                findGroup(h, groupId).ifPresent(group -> all.stream().filter(endpoint -> EndpointGroups.selects(group.filters(), endpoint))
                        .forEach(endpoint -> selected.putIfAbsent(endpoint.id(), endpoint)));
            }
            List<ObjectNode> result = new ArrayList<>();
            selected.values().forEach(endpoint -> result.add(CatalogResource.endpointView(api, endpoint)));
            return result;
        });
        exchange.json(200, api.list(exchange, "endpoints", views));
    }

    private void addEndpointToProject(Exchange exchange)
    {
        String projectId = exchange.path("project_id");
        String endpointId = exchange.path("endpoint_id");
        api.store().writeVoid(h -> {
            endpoint(h, endpointId);
            project(h, projectId);
            if (endpointInProject(h, endpointId, projectId)) {
                throw ApiException.conflict("Conflict occurred attempting to store project_endpoint - Duplicate entry.");
            }
            h.createUpdate("INSERT INTO project_endpoints (endpoint_id, project_id) VALUES (:e, :p)")
                    .bind("e", endpointId).bind("p", projectId).execute();
        });
        exchange.noContent();
    }

    private void checkEndpointInProject(Exchange exchange)
    {
        String projectId = exchange.path("project_id");
        String endpointId = exchange.path("endpoint_id");
        api.store().read(h -> {
            endpoint(h, endpointId);
            project(h, projectId);
            if (!endpointInProject(h, endpointId, projectId)) {
                throw notInProject(endpointId, projectId);
            }
            return null;
        });
        exchange.noContent();
    }

    private void removeEndpointFromProject(Exchange exchange)
    {
        String projectId = exchange.path("project_id");
        String endpointId = exchange.path("endpoint_id");
        api.store().writeVoid(h -> {
            int removed = h.createUpdate("DELETE FROM project_endpoints WHERE endpoint_id = :e AND project_id = :p")
                    .bind("e", endpointId).bind("p", projectId).execute();
            if (removed == 0) {
                throw notInProject(endpointId, projectId);
            }
        });
        exchange.noContent();
    }

    private static ApiException notInProject(String endpointId, String projectId)
    {
        return ApiException.notFound("Endpoint " + endpointId + " not found in project " + projectId);
    }

    private void projectsOfEndpoint(Exchange exchange)
    {
        String endpointId = exchange.path("endpoint_id");
        List<ObjectNode> views = api.store().read(h -> {
            endpoint(h, endpointId);
            return h.createQuery("SELECT project_id FROM project_endpoints WHERE endpoint_id = :e ORDER BY project_id")
                    .bind("e", endpointId).mapTo(String.class).list().stream()
                    .map(projectId -> ResourceStore.project(h, projectId)).flatMap(Optional::stream)
                    .map(project -> ProjectResource.view(api, project)).toList();
        });
        exchange.json(200, api.list(exchange, "projects", views));
    }
}
