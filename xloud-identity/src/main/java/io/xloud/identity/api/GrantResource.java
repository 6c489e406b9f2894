package io.xloud.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.identity.service.Assignment;
import io.xloud.identity.service.Domain;
import io.xloud.identity.service.Group;
import io.xloud.identity.service.Project;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.service.Role;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.service.User;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        api.store().read(h -> {
            if (path.containsKey("user_id")) {
                User user = UserResource.find(h, path.get("user_id"));
                target.put("target.user.id", user.id());
                target.put("target.user.domain_id", user.domainId());
            }
            if (path.containsKey("group_id")) {
                Group group = UserStore.group(h, path.get("group_id")).orElseThrow(() -> IdentityApi.notFound("group", path.get("group_id")));
                target.put("target.group.id", group.id());
                target.put("target.group.domain_id", group.domainId());
            }
            if (path.containsKey("project_id")) {
                Project project = ResourceStore.project(h, path.get("project_id"))
                        .orElseThrow(() -> IdentityApi.notFound("project", path.get("project_id")));
                target.put("target.project.id", project.id());
                target.put("target.project.domain_id", project.domainId());
            }
            if (path.containsKey("domain_id")) {
                Domain domain = ResourceStore.domain(h, path.get("domain_id"))
                        .orElseThrow(() -> IdentityApi.notFound("domain", path.get("domain_id")));
                target.put("target.domain.id", domain.id());
            }
            if (path.containsKey("role_id")) {
                Role role = RoleResource.find(h, path.get("role_id"));
                target.put("target.role.id", role.id());
                target.put("target.role.name", role.name());
                role.domainId().ifPresent(domain -> target.put("target.role.domain_id", domain));
            }
            return null;
        });
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

    private void grant(Exchange exchange)
    {
        Grant grant = grantOf(exchange);
        String roleId = exchange.path("role_id");
        api.store().writeVoid(h -> {
            Role role = RoleResource.find(h, roleId);
            if (role.domainId().isPresent() && grant.type().project()) {
                String projectDomain = ResourceStore.project(h, grant.targetId()).map(Project::domainId).orElse("");
                if (!role.domainId().get().equals(projectDomain)) {
                    throw ApiException.forbidden("Cannot grant a domain-specific role outside its domain.");
                }
            }
            RoleStore.grant(h, new Assignment(grant.type(), grant.actorId(), grant.targetId(), roleId, grant.inherited()));
        });
        exchange.noContent();
    }

    private void check(Exchange exchange)
    {
        Grant grant = grantOf(exchange);
        String roleId = exchange.path("role_id");
        boolean exists = api.store().read(h -> RoleStore.exists(h, new Assignment(grant.type(), grant.actorId(), grant.targetId(), roleId,
                grant.inherited())));
        if (!exists) {
            throw IdentityApi.notFound("role assignment", roleId);
        }
        exchange.noContent();
    }

    private void revoke(Exchange exchange)
    {
        Grant grant = grantOf(exchange);
        String roleId = exchange.path("role_id");
        api.store().writeVoid(h -> {
            if (RoleStore.revoke(h, new Assignment(grant.type(), grant.actorId(), grant.targetId(), roleId, grant.inherited())) == 0) {
                throw IdentityApi.notFound("role assignment", roleId);
            }
        });
        exchange.noContent();
    }

    private void listGrants(Exchange exchange)
    {
        Grant grant = grantOf(exchange);
        List<ObjectNode> views = api.store().read(h -> RoleStore.assignmentsOfActors(h, List.of(grant.actorId())).stream()
                .filter(a -> a.type() == grant.type() && a.targetId().equals(grant.targetId()) && a.inherited() == grant.inherited())
                .map(a -> RoleStore.role(h, a.roleId())).flatMap(Optional::stream)
                .map(role -> RoleResource.view(api, role)).toList());
        exchange.json(200, api.list(exchange, "roles", views));
    }

    // ---- /v3/role_assignments

    private Map<String, Object> assignmentsTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        exchange.query("scope.project.id").ifPresent(id -> {
            target.put("target.project.id", id);
            api.store().read(h -> ResourceStore.project(h, id)).ifPresent(project -> target.put("target.project.domain_id", project.domainId()));
        });
        exchange.query("scope.domain.id").ifPresent(id -> target.put("target.domain.id", id));
        exchange.query("user.id").ifPresent(id -> target.put("target.user.id", id));
        exchange.query("group.id").ifPresent(id -> target.put("target.group.id", id));
        return target;
    }

    private record Row(Assignment.Type type, String actorId, String targetId, String roleId, boolean inherited, Optional<String> viaGroup) {}

    private void assignments(Exchange exchange)
    {
        boolean effective = exchange.hasQuery("effective");
        boolean includeNames = exchange.queryFlag("include_names");
        Optional<String> userFilter = exchange.query("user.id");
        Optional<String> groupFilter = exchange.query("group.id");
        Optional<String> roleFilter = exchange.query("role.id");
        Optional<String> projectFilter = exchange.query("scope.project.id");
        Optional<String> domainFilter = exchange.query("scope.domain.id");
        boolean systemFilter = exchange.hasQuery("scope.system");
        boolean inheritedFilter = exchange.query("scope.OS-INHERIT:inherited_to").map("projects"::equals).orElse(false);
        boolean includeSubtree = exchange.queryFlag("include_subtree");
        if (userFilter.isPresent() && groupFilter.isPresent()) {
            throw IdentityApi.validation("Specify a user or group, not both.");
        }
        if (projectFilter.isPresent() && domainFilter.isPresent()) {
            throw IdentityApi.validation("Specify a domain or project, not both.");
        }
        if (effective && groupFilter.isPresent()) {
            throw IdentityApi.validation("Combining effective and group filter will always result in an empty list.");
        }
        List<ObjectNode> views = api.store().read(h -> {
            List<Row> rows = new ArrayList<>();
            for (Assignment a : RoleStore.assignments(h)) {
                rows.add(new Row(a.type(), a.actorId(), a.targetId(), a.roleId(), a.inherited(), Optional.empty()));
            }
            if (effective) {
                rows = effectiveRows(h, rows);
            }
            Set<String> projectScope = new LinkedHashSet<>();
            projectFilter.ifPresent(id -> {
                projectScope.add(id);
                if (includeSubtree) {
                    projectScope.addAll(ResourceStore.subtreeIds(h, id));
                }
            });
            List<ObjectNode> result = new ArrayList<>();
            for (Row row : rows) {
                if (userFilter.isPresent() && !(row.type().user() && row.actorId().equals(userFilter.get()))) {
                    continue;
                }
                if (groupFilter.isPresent() && !(!row.type().user() && row.actorId().equals(groupFilter.get()))) {
                    continue;
                }
                if (roleFilter.isPresent() && !row.roleId().equals(roleFilter.get())) {
                    continue;
                }
                if (projectFilter.isPresent() && !(row.type().project() && projectScope.contains(row.targetId()))) {
                    continue;
                }
                if (domainFilter.isPresent() && !(row.type().domain() && row.targetId().equals(domainFilter.get()))) {
                    continue;
                }
                if (systemFilter && !row.type().system()) {
                    continue;
                }
                if (inheritedFilter && !row.inherited()) {
                    continue;
                }
                result.add(view(h, row, includeNames));
            }
            return result;
        });
        exchange.json(200, api.list(exchange, "role_assignments", views));
    }

    /** Groups become their members, inherited grants land on every project below, implied roles are added. */
    private static List<Row> effectiveRows(Handle h, List<Row> rows)
    {
        List<Row> expanded = new ArrayList<>();
        for (Row row : rows) {
            List<Row> forUsers = new ArrayList<>();
            if (row.type().user()) {
                forUsers.add(row);
            }
            else {
                Assignment.Type userType = Assignment.Type.valueOf(row.type().name().replace("Group", "User"));
                for (String userId : UserStore.userIdsInGroup(h, row.actorId())) {
                    forUsers.add(new Row(userType, userId, row.targetId(), row.roleId(), row.inherited(), Optional.of(row.actorId())));
                }
            }
            for (Row userRow : forUsers) {
                if (!userRow.inherited()) {
                    expanded.add(userRow);
                    continue;
                }
                List<String> projects = userRow.type().domain()
                        ? ResourceStore.projects(h).stream().filter(p -> p.domainId().equals(userRow.targetId())).map(Project::id).toList()
                        : ResourceStore.subtreeIds(h, userRow.targetId());
                for (String projectId : projects) {
                    expanded.add(new Row(Assignment.Type.UserProject, userRow.actorId(), projectId, userRow.roleId(), false, userRow.viaGroup()));
                }
            }
        }
        // implied roles are added; domain-specific roles act only through what they imply, as in tokens
        Set<String> domainRoles = new java.util.HashSet<>();
        RoleStore.roles(h).stream().filter(role -> role.domainId().isPresent()).forEach(role -> domainRoles.add(role.id()));
        List<Row> withImplied = new ArrayList<>();
        for (Row row : expanded) {
            for (String implied : io.xloud.identity.service.RoleResolver.impliedClosure(h, List.of(row.roleId()))) {
                if (!domainRoles.contains(implied)) {
                    withImplied.add(new Row(row.type(), row.actorId(), row.targetId(), implied, row.inherited(), row.viaGroup()));
                }
            }
        }
        return withImplied;
    }

    private ObjectNode view(Handle h, Row row, boolean includeNames)
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
        if (includeNames) {
            RoleStore.role(h, row.roleId()).ifPresent(r -> {
                role.put("name", r.name());
                r.domainId().ifPresent(domain -> role.putObject("domain").put("id", domain));
            });
            if (row.type().user()) {
                UserStore.user(h, row.actorId()).ifPresent(u -> {
                    actor.put("name", u.name());
                    ResourceStore.domain(h, u.domainId()).ifPresent(d -> actor.putObject("domain").put("id", d.id()).put("name", d.name()));
                });
            }
            else {
                UserStore.group(h, row.actorId()).ifPresent(g -> {
                    actor.put("name", g.name());
                    ResourceStore.domain(h, g.domainId()).ifPresent(d -> actor.putObject("domain").put("id", d.id()).put("name", d.name()));
                });
            }
            if (row.type().project()) {
                ResourceStore.project(h, row.targetId()).ifPresent(p -> {
                    ObjectNode project = (ObjectNode) scope.get("project");
                    project.put("name", p.name());
                    ResourceStore.domain(h, p.domainId()).ifPresent(d -> project.putObject("domain").put("id", d.id()).put("name", d.name()));
                });
            }
            else if (row.type().domain()) {
                ResourceStore.domain(h, row.targetId()).ifPresent(d -> ((ObjectNode) scope.get("domain")).put("name", d.name()));
            }
        }
        return view;
    }
}
