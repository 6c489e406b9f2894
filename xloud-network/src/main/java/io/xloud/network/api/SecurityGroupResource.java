package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.Caller;
import io.xloud.network.service.SecurityGroup;
import io.xloud.network.service.SecurityGroupService;
import io.xloud.network.service.StandardAttributes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.network.api.SecurityGroupPolicies.CREATE_SECURITY_GROUP;
import static io.xloud.network.api.SecurityGroupPolicies.DELETE_SECURITY_GROUP;
import static io.xloud.network.api.SecurityGroupPolicies.GET_SECURITY_GROUP;
import static io.xloud.network.api.SecurityGroupPolicies.UPDATE_SECURITY_GROUP;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v2.0/security-groups} (security-group, stateful-security-group): the project's {@code default} group appears
 * on its first list or show; its rules are embedded in each group.
 */
public final class SecurityGroupResource
{
    static final String COLLECTION = "security-groups";
    private static final Set<String> CREATE = Set.of("name", "description", "stateful", "project_id", "tenant_id", "tags");
    private static final Set<String> UPDATE = Set.of("name", "description", "stateful");

    private final SecurityGroupService groups;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    public SecurityGroupResource(SecurityGroupService groups, StandardAttributes standard, NeutronLists lists)
    {
        this.groups = requireNonNull(groups, "groups is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        String base = NetworkModule.V2 + "/" + COLLECTION;
        routes.route("POST", base, CREATE_SECURITY_GROUP, this::createTarget, this::create);
        routes.route("GET", base, GET_SECURITY_GROUP, exchange -> SecurityRequests.target(SecurityRequests.callerProject(exchange.auth())), lists.cached(this::list));
        routes.route("GET", base + "/{id}", GET_SECURITY_GROUP, this::target, this::show);
        routes.route("PUT", base + "/{id}", UPDATE_SECURITY_GROUP, this::target, this::update);
        routes.route("DELETE", base + "/{id}", DELETE_SECURITY_GROUP, this::target, this::delete);
        new TagsResource(standard, COLLECTION, SecurityGroupService.TABLE, this::target).routes(routes);
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return SecurityRequests.target(SecurityRequests.owner(exchange, SecurityRequests.entity(exchange, "security_group", CREATE)));
    }

    private Map<String, Object> target(Exchange exchange)
    {
        Caller scope = SecurityRequests.scope(exchange);
        SecurityGroup group = groups.get(exchange.path("id"), scope);
        Map<String, Object> target = SecurityRequests.target(group.projectId());
        target.put("shared", groups.sharedWith(group.id(), scope.projectId()));
        return target;
    }

    private Map<String, Object> view(Exchange exchange, SecurityGroup group)
    {
        return SecurityGroupViews.group(group, groups.sharedWith(group.id(), SecurityRequests.scope(exchange).projectId()));
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "security_group", CREATE);
        String project = SecurityRequests.owner(exchange, entity);
        List<String> tags = TagsResource.creationTags(entity);
        SecurityGroup group = groups.create(project, SecurityRequests.text(entity, "name").orElse(""),
                SecurityRequests.text(entity, "description").orElse(""), SecurityRequests.bool(entity, "stateful").orElse(true));
        if (!tags.isEmpty()) {
            standard.replaceTags(SecurityGroupService.TABLE, COLLECTION, group.id(), tags);
            group = groups.get(group.id(), SecurityRequests.scope(exchange));
        }
        exchange.json(201, Map.of("security_group", view(exchange, group)));
    }

    private void list(Exchange exchange)
    {
        ListRequest request = NeutronLists.request(exchange, SecurityGroupService.LIST);
        Page<SecurityGroup> page = groups.list(request, SecurityRequests.scope(exchange));
        lists.respond(exchange, "security_groups", page.map(group -> view(exchange, group)), request);
    }

    private void show(Exchange exchange)
    {
        SecurityGroup group = groups.get(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.json(200, Map.of("security_group", NeutronLists.projectShow(exchange, view(exchange, group))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "security_group", UPDATE);
        Optional<Long> revision = StandardViews.ifMatch(exchange);
        SecurityGroup group = groups.update(exchange.path("id"), SecurityRequests.scope(exchange), SecurityRequests.text(entity, "name"),
                SecurityRequests.text(entity, "description"), SecurityRequests.bool(entity, "stateful"), revision);
        exchange.json(200, Map.of("security_group", view(exchange, group)));
    }

    private void delete(Exchange exchange)
    {
        groups.delete(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.noContent();
    }
}
