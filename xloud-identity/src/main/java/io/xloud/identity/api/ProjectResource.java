package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Domain;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.Project;
import io.xloud.identity.service.ProjectService;
import io.xloud.identity.service.ProjectVisibility;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/projects, their tags, and /v3/users/{user_id}/projects */
public final class ProjectResource
{
    private static final String TAG = """
            {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[^,/]*$"}""";
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["project"], "properties": {"project": {"type": "object", "required": ["name"],
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "description": {"type": ["string", "null"]},
                "domain_id": {"type": ["string", "null"]},
                "parent_id": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"},
                "is_domain": {"type": "boolean"},
                "tags": {"type": "array", "maxItems": 80, "items": %s},
                "options": {"type": "object"}}}}}
            """.formatted(TAG));
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["project"], "properties": {"project": {"type": "object", "minProperties": 1,
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "description": {"type": ["string", "null"]},
                "domain_id": {"type": ["string", "null"]},
                "parent_id": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"},
                "is_domain": {"type": "boolean"},
                "tags": {"type": "array", "maxItems": 80, "items": %s},
                "options": {"type": "object"}}}}}
            """.formatted(TAG));
    private static final RequestSchema TAGS = JsonSchemas.of("""
            {"type": "object", "required": ["tags"], "properties": {"tags": {"type": "array", "maxItems": 80, "items": %s}}}
            """.formatted(TAG));
    private static final Set<String> KNOWN = Set.of("id", "name", "description", "domain_id", "parent_id", "enabled", "is_domain", "tags",
            "options", "links");

    private final IdentityApi api;

    public ProjectResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("POST", V3 + "/projects", "identity:create_project", this::createTarget, this::create);
        r.route("GET", V3 + "/projects", "identity:list_projects", this::listTarget, this::list);
        r.route("GET", V3 + "/projects/{project_id}", "identity:get_project", this::target, this::get);
        r.route("PATCH", V3 + "/projects/{project_id}", "identity:update_project", this::target, this::update);
        r.route("DELETE", V3 + "/projects/{project_id}", "identity:delete_project", this::target, this::delete);
        r.route("GET", V3 + "/projects/{project_id}/tags", "identity:list_project_tags", this::target, this::listTags);
        r.route("PUT", V3 + "/projects/{project_id}/tags", "identity:update_project_tags", this::target, this::replaceTags);
        r.route("DELETE", V3 + "/projects/{project_id}/tags", "identity:delete_project_tags", this::target, this::deleteTags);
        r.route("GET", V3 + "/projects/{project_id}/tags/{tag}", "identity:get_project_tag", this::target, this::getTag);
        r.route("PUT", V3 + "/projects/{project_id}/tags/{tag}", "identity:create_project_tag", this::target, this::addTag);
        r.route("DELETE", V3 + "/projects/{project_id}/tags/{tag}", "identity:delete_project_tag", this::target, this::deleteTag);
        r.route("GET", V3 + "/users/{user_id}/projects", "identity:list_user_projects", api.userTarget(), this::userProjects);
    }

    /** A domain seen through the projects API, as Keystone shows a project acting as a domain. */
    static ObjectNode domainView(IdentityApi api, Domain domain)
    {
        ObjectNode view = Json.object();
        view.put("id", domain.id());
        view.put("name", domain.name());
        view.putNull("domain_id");
        view.putNull("parent_id");
        view.put("description", domain.description().orElse(""));
        view.put("enabled", domain.enabled());
        view.put("is_domain", true);
        view.putArray("tags");
        view.putObject("options");
        view.set("links", api.links("/projects/" + domain.id()));
        return view;
    }

    private Optional<Domain> domainActingAsProject(String id)
    {
        return projects().domainActingAsProject(id);
    }

    private Map<String, Object> target(Exchange exchange)
    {
        String id = exchange.path("project_id");
        Optional<Domain> domain = domainActingAsProject(id);
        if (domain.isPresent()) {
            return Map.of("target.project.id", id, "target.project.domain_id", id, "project_id", id, "domain_id", id);
        }
        Project project = find(id);
        Map<String, Object> target = new HashMap<>();
        target.put("target.project.id", project.id());
        target.put("target.project.domain_id", project.domainId());
        target.put("project_id", project.id());
        target.put("domain_id", project.domainId());
        return target;
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("project");
        return Map.of("target.project.domain_id", domainFor(exchange, entity));
    }

    private Map<String, Object> listTarget(Exchange exchange)
    {
        return exchange.query("domain_id").<Map<String, Object>>map(domain -> Map.of("domain_id", domain, "target.domain_id", domain))
                .orElse(Map.of());
    }

    private String domainFor(Exchange exchange, JsonNode entity)
    {
        if (entity.hasNonNull("domain_id")) {
            return entity.path("domain_id").asText();
        }
        if (entity.hasNonNull("parent_id")) {
            return projects().find(entity.path("parent_id").asText()).map(Project::domainId).orElse("default");
        }
        AuthContext auth = exchange.auth();
        return auth.domainId().or(auth::projectDomainId).orElse("default");
    }

    private Project find(String id)
    {
        return projects().project(id);
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("project");
        if (entity.path("is_domain").asBoolean(false)) {
            createDomain(exchange, entity);
            return;
        }
        String domainId = domainFor(exchange, entity);
        Optional<String> parentId = Optional.ofNullable(IdentityApi.text(entity, "parent_id", null)).filter(parent -> !parent.equals(domainId));
        Project project = new Project(Ids.newId(), entity.path("name").asText(), domainId, parentId,
                Optional.ofNullable(IdentityApi.text(entity, "description", null)), entity.path("enabled").asBoolean(true),
                tags(entity.path("tags")), IdentityApi.extra(entity, KNOWN, Map.of()));
        projects().create(project);
        exchange.json(201, Map.of("project", IdentityViews.project(api, project)));
    }

    private void createDomain(Exchange exchange, JsonNode entity)
    {
        Domain domain = new Domain(Ids.newId(), entity.path("name").asText(), Optional.ofNullable(IdentityApi.text(entity, "description", null)),
                entity.path("enabled").asBoolean(true), Map.of());
        api.domains().create(domain, "project");
        exchange.json(201, Map.of("project", domainView(api, domain)));
    }

    private static List<String> tags(JsonNode tags)
    {
        List<String> result = new ArrayList<>();
        tags.forEach(tag -> result.add(tag.asText()));
        return List.copyOf(new LinkedHashSet<>(result));
    }

    private void list(Exchange exchange)
    {
        if (!exchange.query("is_domain").map(IdentityApi::attrAsBoolean).orElse(false)) {
            ListRequest request = projects().listRequest(exchange.queryParameters(), api.settings().listLimit());
            Page<Project> page = projects().page(request, visibility(exchange.auth()));
            exchange.json(200, api.page(exchange, "projects", request, page.map(project -> IdentityViews.project(api, project))));
            return;
        }
        // projects acting as domains: the domains table, small by nature
        List<Project> projects = projects().projects();
        List<String> allTags = exchange.query("tags").map(value -> List.of(value.split(","))).orElse(List.of());
        List<String> anyTags = exchange.query("tags-any").map(value -> List.of(value.split(","))).orElse(List.of());
        List<String> notTags = exchange.query("not-tags").map(value -> List.of(value.split(","))).orElse(List.of());
        List<String> notAnyTags = exchange.query("not-tags-any").map(value -> List.of(value.split(","))).orElse(List.of());
        List<ObjectNode> all = projects.stream()
                .filter(project -> allTags.isEmpty() || project.tags().containsAll(allTags))
                .filter(project -> anyTags.isEmpty() || anyTags.stream().anyMatch(project.tags()::contains))
                .filter(project -> notTags.isEmpty() || !project.tags().containsAll(notTags))
                .filter(project -> notAnyTags.isEmpty() || notAnyTags.stream().noneMatch(project.tags()::contains))
                .map(project -> IdentityViews.project(api, project)).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        if (exchange.query("is_domain").map(IdentityApi::attrAsBoolean).orElse(false)) {
            api.domains().domains().forEach(domain -> all.add(domainView(api, domain)));
        }
        List<ObjectNode> views = IdentityApi.filter(exchange, all, Set.of("name", "enabled", "domain_id", "parent_id", "is_domain", "id"));
        exchange.json(200, api.list(exchange, "projects", visible(exchange, views)));
    }

    private static ProjectVisibility visibility(AuthContext auth)
    {
        if (auth.systemScope() || auth.isAdmin()) {
            return new ProjectVisibility.All();
        }
        return auth.domainId().<ProjectVisibility>map(ProjectVisibility.InDomain::new)
                .orElseGet(() -> new ProjectVisibility.OwnProject(auth.projectId()));
    }

    /** A project-scoped member sees only what it could also fetch; admins and domain readers see the rest by policy. */
    private List<ObjectNode> visible(Exchange exchange, List<ObjectNode> views)
    {
        AuthContext auth = exchange.auth();
        if (auth.systemScope() || auth.isAdmin()) {
            return views;
        }
        if (auth.domainId().isPresent()) {
            return views.stream().filter(view -> view.path("domain_id").asText().equals(auth.domainId().get())).toList();
        }
        return views.stream().filter(view -> auth.projectId().map(id -> id.equals(view.path("id").asText())).orElse(false)).toList();
    }

    private void get(Exchange exchange)
    {
        Optional<Domain> domain = domainActingAsProject(exchange.path("project_id"));
        if (domain.isPresent()) {
            exchange.json(200, Map.of("project", domainView(api, domain.get())));
            return;
        }
        Project project = find(exchange.path("project_id"));
        ObjectNode view = IdentityViews.project(api, project);
        if (exchange.queryFlag("parents_as_ids")) {
            view.set("parents", nestedIds(projects().ancestorIds(project.id())));
        }
        if (exchange.queryFlag("parents_as_list")) {
            ArrayNode parents = view.putArray("parents");
            projects().projects(projects().ancestorIds(project.id())).forEach(parent -> parents.addObject().set("project", IdentityViews.project(api, parent)));
        }
        if (exchange.queryFlag("subtree_as_ids")) {
            view.set("subtree", subtreeIds(project.id()));
        }
        if (exchange.queryFlag("subtree_as_list")) {
            ArrayNode subtree = view.putArray("subtree");
            projects().projects(projects().subtreeIds(project.id())).forEach(child -> subtree.addObject().set("project", IdentityViews.project(api, child)));
        }
        exchange.json(200, Map.of("project", view));
    }

    /** Keystone nests ancestor ids: {parent: {grandparent: null}}. */
    private static ObjectNode nestedIds(List<String> ancestors)
    {
        ObjectNode root = Json.object();
        ObjectNode current = root;
        for (int i = 0; i < ancestors.size(); i++) {
            if (i == ancestors.size() - 1) {
                current.putNull(ancestors.get(i));
            }
            else {
                current = current.putObject(ancestors.get(i));
            }
        }
        return ancestors.isEmpty() ? null : root;
    }

    private JsonNode subtreeIds(String projectId)
    {
        List<String> children = projects().childIds(projectId);
        if (children.isEmpty()) {
            return null;
        }
        ObjectNode node = Json.object();
        for (String child : children) {
            node.set(child, subtreeIds(child));
        }
        return node;
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("project");
        String id = exchange.path("project_id");
        IdentityApi.requireMatchingId(entity, id);
        Optional<Domain> domain = domainActingAsProject(id);
        if (domain.isPresent()) {
            Domain current = domain.get();
            Domain next = new Domain(id, IdentityApi.text(entity, "name", current.name()),
                    entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                    entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(), current.extra());
            api.domains().replace(next);
            exchange.json(200, Map.of("project", domainView(api, next)));
            return;
        }
        Project updated = projects().update(id, current -> {
            IdentityApi.requireUnchanged(entity, "domain_id", Optional.of(current.domainId()), "Update of `domain_id` is not allowed.");
            if (entity.has("is_domain") && !entity.path("is_domain").equals(BooleanNode.FALSE)) {
                throw IdentityApi.validation("Update of `is_domain` is not allowed.");
            }
            // Keystone answers this one with ForbiddenNotSecurity (403), unlike the other immutable attributes
            if (entity.has("parent_id") && !Optional.ofNullable(IdentityApi.text(entity, "parent_id", null))
                    .equals(Optional.of(current.parentId().orElse(current.domainId())))) {
                throw ApiException.forbidden("Update of `parent_id` is not allowed.");
            }
            Project next = new Project(id, IdentityApi.text(entity, "name", current.name()), current.domainId(), current.parentId(),
                    entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                    entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(),
                    entity.has("tags") ? tags(entity.path("tags")) : current.tags(),
                    IdentityApi.extra(entity, KNOWN, current.extra()));
            return next;
        });
        exchange.json(200, Map.of("project", IdentityViews.project(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        String id = exchange.path("project_id");
        if (domainActingAsProject(id).isPresent()) {
            api.domains().delete(id);
            exchange.noContent();
            return;
        }
        projects().delete(id);
        exchange.noContent();
    }

    private void listTags(Exchange exchange)
    {
        Project project = find(exchange.path("project_id"));
        exchange.json(200, Map.of("tags", project.tags()));
    }

    private void replaceTags(Exchange exchange)
    {
        List<String> tags = tags(exchange.readJson(TAGS).path("tags"));
        String id = exchange.path("project_id");
        projects().replaceTags(id, tags);
        exchange.json(200, Map.of("tags", tags));
    }

    private void deleteTags(Exchange exchange)
    {
        String id = exchange.path("project_id");
        projects().replaceTags(id, List.of());
        exchange.noContent();
    }

    private void getTag(Exchange exchange)
    {
        Project project = find(exchange.path("project_id"));
        String tag = exchange.path("tag");
        if (!project.tags().contains(tag)) {
            throw IdentityApi.notFound("project tag", tag);
        }
        exchange.noContent();
    }

    private void addTag(Exchange exchange)
    {
        String tag = exchange.path("tag");
        if (tag.length() > 255 || tag.contains(",") || tag.contains("/")) {
            throw IdentityApi.validation("Invalid input for field 'tag': tags are at most 255 characters without ',' or '/'.");
        }
        String id = exchange.path("project_id");
        projects().addTag(id, tag);
        exchange.header("Location", api.url("/projects/" + id + "/tags/" + tag));
        exchange.respond(201, null, null);
    }

    private void deleteTag(Exchange exchange)
    {
        String id = exchange.path("project_id");
        String tag = exchange.path("tag");
        projects().removeTag(id, tag);
        exchange.noContent();
    }

    private void userProjects(Exchange exchange)
    {
        String userId = exchange.path("user_id");
        List<ObjectNode> views = projects().projectsOfUser(userId).stream().map(project -> IdentityViews.project(api, project)).toList();
        exchange.json(200, api.list(exchange, "projects", IdentityApi.filter(exchange, views, Set.of("name", "enabled", "domain_id"))));
    }

    private ProjectService projects()
    {
        return api.projects();
    }
}
