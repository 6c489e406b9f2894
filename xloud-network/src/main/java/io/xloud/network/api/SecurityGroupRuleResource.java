package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.SecurityGroup;
import io.xloud.network.service.SecurityGroupRule;
import io.xloud.network.service.SecurityGroupRuleRequest;
import io.xloud.network.service.SecurityGroupService;

import java.util.Map;
import java.util.Set;

import static io.xloud.network.api.SecurityGroupPolicies.CREATE_SECURITY_GROUP_RULE;
import static io.xloud.network.api.SecurityGroupPolicies.DELETE_SECURITY_GROUP_RULE;
import static io.xloud.network.api.SecurityGroupPolicies.GET_SECURITY_GROUP_RULE;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v2.0/security-group-rules} (security-group, security-groups-remote-address-group): rules are created and
 * deleted, never changed; a rule that means the same as one its group has is a 409.
 */
public final class SecurityGroupRuleResource
{
    private static final String COLLECTION = "security-group-rules";
    private static final Set<String> CREATE = Set.of("security_group_id", "direction", "ethertype", "protocol", "port_range_min",
            "port_range_max", "remote_ip_prefix", "remote_group_id", "remote_address_group_id", "description", "project_id", "tenant_id");

    private final SecurityGroupService groups;
    private final NeutronLists lists;

    public SecurityGroupRuleResource(SecurityGroupService groups, NeutronLists lists)
    {
        this.groups = requireNonNull(groups, "groups is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        String base = NetworkModule.V2 + "/" + COLLECTION;
        routes.route("POST", base, CREATE_SECURITY_GROUP_RULE, this::createTarget, this::create);
        routes.route("GET", base, GET_SECURITY_GROUP_RULE, exchange -> SecurityRequests.target(SecurityRequests.callerProject(exchange.auth())), lists.cached(this::list));
        routes.route("GET", base + "/{id}", GET_SECURITY_GROUP_RULE, this::target, this::show);
        routes.route("DELETE", base + "/{id}", DELETE_SECURITY_GROUP_RULE, this::target, this::delete);
    }

    /** The rule's group decides: its project is the target, and a group the caller cannot see is a 404. */
    private Map<String, Object> createTarget(Exchange exchange)
    {
        SecurityGroupRuleRequest request = request(exchange);
        SecurityGroup group = groups.get(request.securityGroupId(), SecurityRequests.scope(exchange));
        return SecurityRequests.target(group.projectId());
    }

    private Map<String, Object> target(Exchange exchange)
    {
        SecurityGroupRule rule = groups.getRule(exchange.path("id"), SecurityRequests.scope(exchange));
        return SecurityRequests.target(rule.projectId());
    }

    private static SecurityGroupRuleRequest request(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "security_group_rule", CREATE);
        String groupId = SecurityRequests.textOrNull(entity, "security_group_id")
                .orElseThrow(() -> SecurityRequests.badRequest("Failed to parse request. Required attribute 'security_group_id' not specified"));
        return new SecurityGroupRuleRequest(
                groupId,
                SecurityRequests.textOrNull(entity, "project_id").or(() -> SecurityRequests.textOrNull(entity, "tenant_id")),
                SecurityRequests.textOrNull(entity, "direction"),
                SecurityRequests.textOrNull(entity, "ethertype"),
                SecurityRequests.scalar(entity, "protocol"),
                SecurityRequests.scalar(entity, "port_range_min"),
                SecurityRequests.scalar(entity, "port_range_max"),
                SecurityRequests.textOrNull(entity, "remote_ip_prefix"),
                SecurityRequests.textOrNull(entity, "remote_group_id"),
                SecurityRequests.textOrNull(entity, "remote_address_group_id"),
                SecurityRequests.textOrNull(entity, "description"));
    }

    private void create(Exchange exchange)
    {
        SecurityGroupRule rule = groups.createRule(request(exchange), SecurityRequests.scope(exchange));
        exchange.json(201, Map.of("security_group_rule", SecurityGroupViews.rule(rule)));
    }

    private void list(Exchange exchange)
    {
        ListRequest request = NeutronLists.request(exchange, SecurityGroupService.RULE_LIST);
        Page<SecurityGroupRule> page = groups.listRules(request, SecurityRequests.scope(exchange));
        lists.respond(exchange, "security_group_rules", page.map(SecurityGroupViews::rule), request);
    }

    private void show(Exchange exchange)
    {
        SecurityGroupRule rule = groups.getRule(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.json(200, Map.of("security_group_rule", NeutronLists.projectShow(exchange, SecurityGroupViews.rule(rule))));
    }

    private void delete(Exchange exchange)
    {
        groups.deleteRule(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.noContent();
    }
}
