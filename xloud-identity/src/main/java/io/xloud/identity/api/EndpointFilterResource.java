package io.xloud.identity.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Endpoint;
import io.xloud.identity.service.EndpointFilterService;
import io.xloud.identity.service.EndpointGroup;
import io.xloud.identity.service.Project;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;
import static java.util.Objects.requireNonNull;

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
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["endpoint_group"], "properties": {"endpoint_group": {"type": "object",
              "required": ["name", "filters"], "properties": {%s}}}}
            """.formatted(GROUP_PROPERTIES));
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["endpoint_group"], "properties": {"endpoint_group": {"type": "object",
              "minProperties": 1, "properties": {%s}}}}
            """.formatted(GROUP_PROPERTIES));

    /** An endpoint group as Keystone shows it. */
    record EndpointGroupView(String id, String name, String description, Map<String, Object> filters, JsonNode links)
    {
        EndpointGroupView
        {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
            requireNonNull(filters, "filters is null");
            requireNonNull(links, "links is null");
        }
    }

    record ProjectEndpointGroupView(@JsonProperty("endpoint_group_id") String endpointGroupId, @JsonProperty("project_id") String projectId,
            JsonNode links)
    {
        ProjectEndpointGroupView
        {
            requireNonNull(endpointGroupId, "endpointGroupId is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(links, "links is null");
        }
    }

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

    private EndpointGroupView groupView(EndpointGroup group)
    {
        return new EndpointGroupView(group.id(), group.name(), group.description().orElse(null), group.filters(),
                api.links("/OS-EP-FILTER/endpoint_groups/" + group.id()));
    }

    private List<ObjectNode> groupViews(List<EndpointGroup> groups)
    {
        return groups.stream().map(group -> (ObjectNode) Json.mapper().valueToTree(groupView(group))).toList();
    }

    private List<ObjectNode> projectViews(List<Project> projects)
    {
        return projects.stream().map(project -> IdentityViews.project(api, project)).toList();
    }

    private List<ObjectNode> endpointViews(List<Endpoint> endpoints)
    {
        return endpoints.stream().map(endpoint -> IdentityViews.endpoint(api, endpoint)).toList();
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
        EndpointGroup group = endpointFilters().createGroup(entity.path("name").asText(),
                Optional.ofNullable(IdentityApi.text(entity, "description", null)), filters(entity.path("filters")));
        exchange.json(201, Map.of("endpoint_group", groupView(group)));
    }

    private void listGroups(Exchange exchange)
    {
        List<ObjectNode> views = groupViews(endpointFilters().groups());
        exchange.json(200, api.list(exchange, "endpoint_groups", IdentityApi.filter(exchange, views, Set.of("name"))));
    }

    private void getGroup(Exchange exchange)
    {
        exchange.json(200, Map.of("endpoint_group", groupView(endpointFilters().group(exchange.path("endpoint_group_id")))));
    }

    private void updateGroup(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("endpoint_group");
        String id = exchange.path("endpoint_group_id");
        if (entity.hasNonNull("id") && !entity.path("id").asText().equals(id)) {
            throw IdentityApi.validation("Cannot change ID");
        }
        Optional<Map<String, Object>> filters = entity.has("filters") ? Optional.of(filters(entity.path("filters"))) : Optional.empty();
        EndpointGroup updated = endpointFilters().updateGroup(id, current -> new EndpointGroup(id, IdentityApi.text(entity, "name", current.name()),
                entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                filters.orElse(current.filters())));
        exchange.json(200, Map.of("endpoint_group", groupView(updated)));
    }

    private void deleteGroup(Exchange exchange)
    {
        endpointFilters().deleteGroup(exchange.path("endpoint_group_id"));
        exchange.noContent();
    }

    private void projectsOfGroup(Exchange exchange)
    {
        exchange.json(200, api.list(exchange, "projects", projectViews(endpointFilters().projectsOfGroup(exchange.path("endpoint_group_id")))));
    }

    private void endpointsOfGroup(Exchange exchange)
    {
        exchange.json(200, api.list(exchange, "endpoints", endpointViews(endpointFilters().endpointsOfGroup(exchange.path("endpoint_group_id")))));
    }

    private void getGroupInProject(Exchange exchange)
    {
        String groupId = exchange.path("endpoint_group_id");
        String projectId = exchange.path("project_id");
        endpointFilters().checkGroupInProject(groupId, projectId);
        exchange.json(200, Map.of("project_endpoint_group", new ProjectEndpointGroupView(groupId, projectId,
                api.links("/OS-EP-FILTER/endpoint_groups/" + groupId + "/projects/" + projectId))));
    }

    private void addGroupToProject(Exchange exchange)
    {
        endpointFilters().addGroupToProject(exchange.path("endpoint_group_id"), exchange.path("project_id"));
        exchange.noContent();
    }

    private void removeGroupFromProject(Exchange exchange)
    {
        endpointFilters().removeGroupFromProject(exchange.path("endpoint_group_id"), exchange.path("project_id"));
        exchange.noContent();
    }

    private void groupsOfProject(Exchange exchange)
    {
        exchange.json(200, api.list(exchange, "endpoint_groups", groupViews(endpointFilters().groupsOfProject(exchange.path("project_id")))));
    }

    // ---- project endpoints

    private void endpointsOfProject(Exchange exchange)
    {
        exchange.json(200, api.list(exchange, "endpoints", endpointViews(endpointFilters().endpointsOfProject(exchange.path("project_id")))));
    }

    private void addEndpointToProject(Exchange exchange)
    {
        endpointFilters().addEndpointToProject(exchange.path("endpoint_id"), exchange.path("project_id"));
        exchange.noContent();
    }

    private void checkEndpointInProject(Exchange exchange)
    {
        endpointFilters().checkEndpointInProject(exchange.path("endpoint_id"), exchange.path("project_id"));
        exchange.noContent();
    }

    private void removeEndpointFromProject(Exchange exchange)
    {
        endpointFilters().removeEndpointFromProject(exchange.path("endpoint_id"), exchange.path("project_id"));
        exchange.noContent();
    }

    private void projectsOfEndpoint(Exchange exchange)
    {
        exchange.json(200, api.list(exchange, "projects", projectViews(endpointFilters().projectsOfEndpoint(exchange.path("endpoint_id")))));
    }

    private EndpointFilterService endpointFilters()
    {
        return api.endpointFilters();
    }
}
