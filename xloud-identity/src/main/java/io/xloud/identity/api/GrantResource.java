package io.xloud.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.identity.service.Assignment;
import io.xloud.identity.service.Domain;
import io.xloud.identity.service.GrantService;
import io.xloud.identity.service.Group;
import io.xloud.identity.service.Project;
import io.xloud.identity.service.Role;
import io.xloud.identity.service.RoleAssignment;
import io.xloud.identity.service.RoleAssignmentQuery;
import io.xloud.identity.service.User;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.identity.api.IdentityApi.V3;

/** Role grants on projects, domains and the system, OS-INHERIT grants, and /v3/role_assignments. */
public final class GrantResource
{
    private final IdentityApi api;

    public GrantResource(IdentityApi api)
    {
        this.api = api;
    }

    private record Grant(Assignment.Type type, String actorId, String targetId, boolean inherited) {}

    public void routes(Router.Builder r)
    {
        for (String actor : List.of("users", "groups")) {
            boolean user = actor.equals("users");
            String actorParameter = user ? "{user_id}" : "{group_id}";
            for (String target : List.of("projects", "domains")) {
                String targetParameter = target.equals("projects") ? "{project_id}" : "{domain_id}";
                String base = V3 + "/" + target + "/" + targetParameter + "/" + actor + "/" + actorParameter + "/roles";
                grantRoutes(r, base);
                String inheritedBase = V3 + "/OS-INHERIT/" + target + "/" + targetParameter + "/" + actor + "/" + actorParameter + "/roles";
                inheritedRoutes(r, inheritedBase);
            }
            String system = V3 + "/system/" + actor + "/" + actorParameter + "/roles";
            String suffix = user ? "_for_user" : "_for_group";
            r.route("GET", system, "identity:list_system_grants" + suffix, this::grantTarget, this::listGrants);
            r.route("PUT", system + "/{role_id}", "identity:create_system_grant" + suffix, this::grantTarget, this::grant);
            r.route("HEAD", system + "/{role_id}", "identity:check_system_grant" + suffix, this::grantTarget, this::check);
            r.route("GET", system + "/{role_id}", "identity:check_system_grant" + suffix, this::grantTarget, this::check);
            r.route("DELETE", system + "/{role_id}", "identity:revoke_system_grant" + suffix, this::grantTarget, this::revoke);
        }
        r.route("GET", V3 + "/role_assignments", "identity:list_role_assignments", this::assignmentsTarget, this::assignments);
    }

    private void grantRoutes(Router.Builder r, String base)
    {
        r.route("GET", base, "identity:list_grants", this::grantTarget, this::listGrants);
        r.route("PUT", base + "/{role_id}", "identity:create_grant", this::grantTarget, this::grant);
        r.route("HEAD", base + "/{role_id}", "identity:check_grant", this::grantTarget, this::check);
        r.route("GET", base + "/{role_id}", "identity:check_grant", this::grantTarget, this::check);
        r.route("DELETE", base + "/{role_id}", "identity:revoke_grant", this::grantTarget, this::revoke);
    }

    private void inheritedRoutes(Router.Builder r, String base)
    {
        r.route("GET", base + "/inherited_to_projects", "identity:list_grants", this::grantTarget, this::listGrants);
        r.route("PUT", base + "/{role_id}/inherited_to_projects", "identity:create_grant", this::grantTarget, this::grant);
        r.route("HEAD", base + "/{role_id}/inherited_to_projects", "identity:check_grant", this::grantTarget, this::check);
        r.route("GET", base + "/{role_id}/inherited_to_projects", "identity:check_grant", this::grantTarget, this::check);
        r.route("DELETE", base + "/{role_id}/inherited_to_projects", "identity:revoke_grant", this::grantTarget, this::revoke);
    }

    /** Reads actor and target from the path, 404 for any that does not exist; builds Keystone's grant policy target. */
    private Map<String, Object> grantTarget(Exchange exchange)
    {
        Map<String, String> path = exchange.pathParameters();
        Map<String, Object> target = new HashMap<>();
        if (path.containsKey("user_id")) {
            User user = api.users().user(path.get("user_id"));
            target.put("target.user.id", user.id());
            target.put("target.user.domain_id", user.domainId());
        }
        if (path.containsKey("group_id")) {
            Group group = api.groups().group(path.get("group_id"));
            target.put("target.group.id", group.id());
            target.put("target.group.domain_id", group.domainId());
        }
        if (path.containsKey("project_id")) {
            Project project = api.projects().project(path.get("project_id"));
            target.put("target.project.id", project.id());
            target.put("target.project.domain_id", project.domainId());
        }
        if (path.containsKey("domain_id")) {
            Domain domain = api.domains().domain(path.get("domain_id"));
            target.put("target.domain.id", domain.id());
        }
        if (path.containsKey("role_id")) {
            Role role = api.roles().role(path.get("role_id"));
            target.put("target.role.id", role.id());
            target.put("target.role.name", role.name());
            role.domainId().ifPresent(domain -> target.put("target.role.domain_id", domain));
        }
        return target;
    }

    private static Grant grantOf(Exchange exchange)
    {
        Map<String, String> path = exchange.pathParameters();
        boolean user = path.containsKey("user_id");
        String actor = user ? path.get("user_id") : path.get("group_id");
        boolean inherited = exchange.rawPath().contains("/OS-INHERIT/");
        if (path.containsKey("project_id")) {
            return new Grant(Assignment.Type.of(user, "Project"), actor, path.get("project_id"), inherited);
        }
        if (path.containsKey("domain_id")) {
            return new Grant(Assignment.Type.of(user, "Domain"), actor, path.get("domain_id"), inherited);
        }
        return new Grant(Assignment.Type.of(user, "System"), actor, Assignment.SYSTEM_TARGET, false);
    }

    private static Assignment assignment(Grant grant, String roleId)
    {
        return new Assignment(grant.type(), grant.actorId(), grant.targetId(), roleId, grant.inherited());
    }

    private void grant(Exchange exchange)
    {
        grants().grant(assignment(grantOf(exchange), exchange.path("role_id")));
        exchange.noContent();
    }

    private void check(Exchange exchange)
    {
        String roleId = exchange.path("role_id");
        if (!grants().exists(assignment(grantOf(exchange), roleId))) {
            throw IdentityApi.notFound("role assignment", roleId);
        }
        exchange.noContent();
    }

    private void revoke(Exchange exchange)
    {
        grants().revoke(assignment(grantOf(exchange), exchange.path("role_id")));
        exchange.noContent();
    }

    private void listGrants(Exchange exchange)
    {
        Grant grant = grantOf(exchange);
        List<ObjectNode> views = grants().rolesGranted(grant.type(), grant.actorId(), grant.targetId(), grant.inherited()).stream()
                .map(role -> IdentityViews.role(api, role)).toList();
        exchange.json(200, api.list(exchange, "roles", views));
    }

    // ---- /v3/role_assignments

    private Map<String, Object> assignmentsTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        exchange.query("scope.project.id").ifPresent(id -> {
            target.put("target.project.id", id);
            api.projects().find(id).ifPresent(project -> target.put("target.project.domain_id", project.domainId()));
        });
        exchange.query("scope.domain.id").ifPresent(id -> target.put("target.domain.id", id));
        exchange.query("user.id").ifPresent(id -> target.put("target.user.id", id));
        exchange.query("group.id").ifPresent(id -> target.put("target.group.id", id));
        return target;
    }

    /** Keystone's query_filter_is_true: present and not "0" (a bare {@code ?effective} is true, so is {@code effective=false}). */
    private static boolean filterIsTrue(Exchange exchange, String name)
    {
        return exchange.hasQuery(name) && !exchange.query(name).orElse("").equals("0");
    }

    private void assignments(Exchange exchange)
    {
        boolean effective = filterIsTrue(exchange, "effective");
        boolean includeNames = filterIsTrue(exchange, "include_names");
        Optional<String> userFilter = exchange.query("user.id");
        Optional<String> groupFilter = exchange.query("group.id");
        Optional<String> roleFilter = exchange.query("role.id");
        Optional<String> projectFilter = exchange.query("scope.project.id");
        Optional<String> domainFilter = exchange.query("scope.domain.id");
        boolean systemFilter = exchange.hasQuery("scope.system");
        boolean inheritedFilter = exchange.query("scope.OS-INHERIT:inherited_to").map("projects"::equals).orElse(false);
        boolean includeSubtree = filterIsTrue(exchange, "include_subtree");
        if (userFilter.isPresent() && groupFilter.isPresent()) {
            throw IdentityApi.validation("Specify a user or group, not both.");
        }
        if (projectFilter.isPresent() && domainFilter.isPresent()) {
            throw IdentityApi.validation("Specify a domain or project, not both.");
        }
        if (domainFilter.isPresent() && systemFilter) {
            throw IdentityApi.validation("Specify system or domain, not both.");
        }
        if (projectFilter.isPresent() && systemFilter) {
            throw IdentityApi.validation("Specify system or project, not both.");
        }
        if (effective && groupFilter.isPresent()) {
            throw IdentityApi.validation("Combining effective and group filter will always result in an empty list.");
        }
        if (effective && inheritedFilter && domainFilter.isPresent()) {
            throw IdentityApi.validation("Combining effective, domain and inherited filters will always result in an empty list.");
        }
        if (includeSubtree && projectFilter.isEmpty()) {
            throw IdentityApi.validation("scope.project.id must be specified if include_subtree is also specified");
        }
        RoleAssignmentQuery query = new RoleAssignmentQuery(effective, userFilter, groupFilter, roleFilter, projectFilter, includeSubtree,
                domainFilter, systemFilter, inheritedFilter);
        Names names = new Names();
        List<ObjectNode> views = grants().assignments(query).stream().map(row -> view(row, includeNames ? Optional.of(names) : Optional.empty())).toList();
        exchange.json(200, api.list(exchange, "role_assignments", views));
    }

    /** Looks up the names an include_names listing shows, each once per request. */
    private final class Names
    {
        private final Map<String, Optional<Role>> roles = new HashMap<>();
        private final Map<String, Optional<User>> users = new HashMap<>();
        private final Map<String, Optional<Group>> groups = new HashMap<>();
        private final Map<String, Optional<Project>> projects = new HashMap<>();
        private final Map<String, Optional<Domain>> domains = new HashMap<>();

        Optional<Role> role(String id)
        {
            return roles.computeIfAbsent(id, api.roles()::find);
        }

        Optional<User> user(String id)
        {
            return users.computeIfAbsent(id, api.users()::find);
        }

        Optional<Group> group(String id)
        {
            return groups.computeIfAbsent(id, api.groups()::find);
        }

        Optional<Project> project(String id)
        {
            return projects.computeIfAbsent(id, api.projects()::find);
        }

        Optional<Domain> domain(String id)
        {
            return domains.computeIfAbsent(id, api.domains()::find);
        }
    }

    private ObjectNode view(RoleAssignment row, Optional<Names> lookup)
    {
        ObjectNode view = Json.object();
        ObjectNode role = view.putObject("role");
        role.put("id", row.roleId());
        ObjectNode actor = view.putObject(row.type().user() ? "user" : "group");
        actor.put("id", row.actorId());
        ObjectNode scope = view.putObject("scope");
        String link;
        if (row.type().project()) {
            scope.putObject("project").put("id", row.targetId());
            link = "/projects/" + row.targetId();
        }
        else if (row.type().domain()) {
            scope.putObject("domain").put("id", row.targetId());
            link = "/domains/" + row.targetId();
        }
        else {
            scope.putObject("system").put("all", true);
            link = "/system";
        }
        link += (row.type().user() ? "/users/" : "/groups/") + row.actorId() + "/roles/" + row.roleId();
        if (row.inherited()) {
            scope.put("OS-INHERIT:inherited_to", "projects");
            link = "/OS-INHERIT" + link + "/inherited_to_projects";
        }
        ObjectNode links = view.putObject("links");
        links.put("assignment", api.url(link));
        row.viaGroup().ifPresent(group -> links.put("membership", api.url("/groups/" + group + "/users/" + row.actorId())));
        if (lookup.isPresent()) {
            Names names = lookup.get();
            names.role(row.roleId()).ifPresent(r -> {
                role.put("name", r.name());
                r.domainId().ifPresent(domain -> role.putObject("domain").put("id", domain));
            });
            if (row.type().user()) {
                names.user(row.actorId()).ifPresent(u -> {
                    actor.put("name", u.name());
                    names.domain(u.domainId()).ifPresent(d -> actor.putObject("domain").put("id", d.id()).put("name", d.name()));
                });
            }
            else {
                names.group(row.actorId()).ifPresent(g -> {
                    actor.put("name", g.name());
                    names.domain(g.domainId()).ifPresent(d -> actor.putObject("domain").put("id", d.id()).put("name", d.name()));
                });
            }
            if (row.type().project()) {
                names.project(row.targetId()).ifPresent(p -> {
                    ObjectNode project = (ObjectNode) scope.get("project");
                    project.put("name", p.name());
                    names.domain(p.domainId()).ifPresent(d -> project.putObject("domain").put("id", d.id()).put("name", d.name()));
                });
            }
            else if (row.type().domain()) {
                names.domain(row.targetId()).ifPresent(d -> ((ObjectNode) scope.get("domain")).put("name", d.name()));
            }
        }
        return view;
    }

    private GrantService grants()
    {
        return api.grants();
    }
}
