package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Group;
import io.xloud.identity.service.GroupService;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.PasswordExpiryFilter;
import io.xloud.identity.service.User;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/groups and group membership. */
public final class GroupResource
{
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["group"], "properties": {"group": {"type": "object", "required": ["name"],
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "domain_id": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"]}}}}}
            """);
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["group"], "properties": {"group": {"type": "object", "minProperties": 1,
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "domain_id": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"]}}}}}
            """);
    private static final Set<String> KNOWN = Set.of("id", "name", "domain_id", "description", "links");

    private final IdentityApi api;

    public GroupResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        TargetResolver target = this::target;
        r.route("POST", V3 + "/groups", "identity:create_group", this::createTarget, this::create);
        r.route("GET", V3 + "/groups", "identity:list_groups", this::list);
        r.route("GET", V3 + "/groups/{group_id}", "identity:get_group", target, this::get);
        r.route("PATCH", V3 + "/groups/{group_id}", "identity:update_group", target, this::update);
        r.route("DELETE", V3 + "/groups/{group_id}", "identity:delete_group", target, this::delete);
        r.route("GET", V3 + "/groups/{group_id}/users", "identity:list_users_in_group", target, this::users);
        r.route("PUT", V3 + "/groups/{group_id}/users/{user_id}", "identity:add_user_to_group", this::memberTarget, this::addMember);
        r.route("HEAD", V3 + "/groups/{group_id}/users/{user_id}", "identity:check_user_in_group", this::memberTarget, this::checkMember);
        r.route("GET", V3 + "/groups/{group_id}/users/{user_id}", "identity:check_user_in_group", this::memberTarget, this::checkMember);
        r.route("DELETE", V3 + "/groups/{group_id}/users/{user_id}", "identity:remove_user_from_group", this::memberTarget, this::removeMember);
        r.route("GET", V3 + "/users/{user_id}/groups", "identity:list_groups_for_user", api.userTarget(), this::groupsOfUser);
    }

    public static ObjectNode view(IdentityApi api, Group group)
    {
        ObjectNode view = Json.object();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("domain_id", group.domainId());
        view.put("description", group.description().orElse(""));
        view.set("links", api.links("/groups/" + group.id()));
        IdentityApi.putExtra(view, group.extra());
        return view;
    }

    private Group find(String id)
    {
        return groups().group(id);
    }

    private Map<String, Object> target(Exchange exchange)
    {
        Group group = find(exchange.path("group_id"));
        Map<String, Object> target = new HashMap<>();
        target.put("target.group.id", group.id());
        target.put("target.group.domain_id", group.domainId());
        return target;
    }

    private Map<String, Object> memberTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>(target(exchange));
        User user = api.users().user(exchange.path("user_id"));
        target.put("target.user.id", user.id());
        target.put("target.user.domain_id", user.domainId());
        return target;
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return Map.of("target.group.domain_id", domainFor(exchange, exchange.readJson(CREATE).path("group")));
    }

    private static String domainFor(Exchange exchange, JsonNode entity)
    {
        if (entity.hasNonNull("domain_id")) {
            return entity.path("domain_id").asText();
        }
        AuthContext auth = exchange.auth();
        return auth.domainId().or(auth::projectDomainId).orElse("default");
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("group");
        String domainId = domainFor(exchange, entity);
        Group group = new Group(Ids.newId(), entity.path("name").asText(), domainId,
                Optional.ofNullable(IdentityApi.text(entity, "description", null)), IdentityApi.extra(entity, KNOWN, Map.of()));
        groups().create(group);
        exchange.json(201, Map.of("group", view(api, group)));
    }

    private void list(Exchange exchange)
    {
        ListRequest request = groups().listRequest(exchange.queryParameters(), api.settings().listLimit());
        Page<Group> page = groups().page(request);
        exchange.json(200, api.page(exchange, "groups", request, page.map(group -> view(api, group))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("group", view(api, find(exchange.path("group_id")))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("group");
        String id = exchange.path("group_id");
        IdentityApi.requireMatchingId(entity, id);
        Group updated = groups().update(id, current -> {
            IdentityApi.requireUnchanged(entity, "domain_id", Optional.of(current.domainId()), "Cannot change Domain ID");
            return new Group(id, IdentityApi.text(entity, "name", current.name()), current.domainId(),
                    entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                    IdentityApi.extra(entity, KNOWN, current.extra()));
        });
        exchange.json(200, Map.of("group", view(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        String id = exchange.path("group_id");
        groups().delete(id);
        exchange.noContent();
    }

    private void users(Exchange exchange)
    {
        String id = exchange.path("group_id");
        Optional<PasswordExpiryFilter> expiry = exchange.query("password_expires_at").map(PasswordExpiryFilter::parse);
        List<ObjectNode> views = groups().usersInGroup(id).stream()
                .filter(user -> expiry.map(filter -> filter.matches(user)).orElse(true))
                .map(user -> IdentityViews.user(api, user)).toList();
        exchange.json(200, api.list(exchange, "users", IdentityApi.filter(exchange, views, Set.of("name", "enabled", "domain_id"))));
    }

    private void addMember(Exchange exchange)
    {
        String groupId = exchange.path("group_id");
        String userId = exchange.path("user_id");
        groups().addMember(groupId, userId);
        exchange.noContent();
    }

    private void checkMember(Exchange exchange)
    {
        String groupId = exchange.path("group_id");
        String userId = exchange.path("user_id");
        if (!groups().isMember(groupId, userId)) {
            throw GroupService.notMember(groupId, userId);
        }
        exchange.noContent();
    }

    private void removeMember(Exchange exchange)
    {
        String groupId = exchange.path("group_id");
        String userId = exchange.path("user_id");
        groups().removeMember(groupId, userId);
        exchange.noContent();
    }

    private void groupsOfUser(Exchange exchange)
    {
        String userId = exchange.path("user_id");
        List<ObjectNode> views = groups().groupsOfUser(userId).stream().map(group -> view(api, group)).toList();
        exchange.json(200, api.list(exchange, "groups", IdentityApi.filter(exchange, views, Set.of("name", "domain_id"))));
    }

    private GroupService groups()
    {
        return api.groups();
    }
}
