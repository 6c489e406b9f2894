package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.QosPolicy;
import io.xloud.network.service.QosRule;
import io.xloud.network.service.QosRuleType;
import io.xloud.network.service.QosService;
import io.xloud.network.service.StandardAttributes;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.xloud.network.api.SecurityGroupPolicies.CREATE_POLICY;
import static io.xloud.network.api.SecurityGroupPolicies.DELETE_POLICY;
import static io.xloud.network.api.SecurityGroupPolicies.GET_POLICY;
import static io.xloud.network.api.SecurityGroupPolicies.GET_RULE_TYPE;
import static io.xloud.network.api.SecurityGroupPolicies.UPDATE_POLICY;
import static java.util.Objects.requireNonNull;

/**
 * {@code /v2.0/qos/policies} with the rules of each type under a policy ({@code bandwidth_limit_rules},
 * {@code dscp_marking_rules}, {@code minimum_bandwidth_rules}, {@code packet_rate_limit_rules},
 * {@code minimum_packet_rate_rules}), and {@code /v2.0/qos/rule-types}.
 */
public final class QosPolicyResource
{
    static final String COLLECTION = "qos/policies";
    private static final Set<String> CREATE = Set.of("name", "description", "shared", "is_default", "project_id", "tenant_id", "tags");
    private static final Set<String> UPDATE = Set.of("name", "description", "shared", "is_default");
    private static final String DRIVER = "xloud";

    private final QosService qos;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    public QosPolicyResource(QosService qos, StandardAttributes standard, NeutronLists lists)
    {
        this.qos = requireNonNull(qos, "qos is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        String base = NetworkModule.V2 + "/" + COLLECTION;
        routes.route("POST", base, CREATE_POLICY, this::createTarget, this::create);
        routes.route("GET", base, GET_POLICY, exchange -> SecurityRequests.target(SecurityRequests.callerProject(exchange.auth())), lists.cached(this::list));
        routes.route("GET", base + "/{id}", GET_POLICY, this::target, this::show);
        routes.route("PUT", base + "/{id}", UPDATE_POLICY, this::target, this::update);
        routes.route("DELETE", base + "/{id}", DELETE_POLICY, this::target, this::delete);
        new TagsResource(standard, COLLECTION, QosService.TABLE, this::target).routes(routes);
        for (QosRuleType type : QosRuleType.values()) {
            new QosRuleResource(qos, type, this::target).routes(routes, base);
        }
        String types = NetworkModule.V2 + "/qos/rule-types";
        routes.route("GET", types, GET_RULE_TYPE, exchange -> Map.of(), this::ruleTypes);
        routes.route("GET", types + "/{rule_type}", GET_RULE_TYPE, exchange -> Map.of(), this::ruleType);
    }

    /** {@code shared} as the caller's project sees it: an RBAC policy may share the policy with that project alone. */
    private Map<String, Object> view(Exchange exchange, QosPolicy policy)
    {
        return view(policy, qos.sharedWith(policy, SecurityRequests.scope(exchange).projectId()));
    }

    static Map<String, Object> view(QosPolicy policy, boolean shared)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", policy.id());
        view.put("name", policy.name());
        view.put("shared", shared);
        view.put("is_default", policy.isDefault());
        view.put("rules", policy.rules().stream().map(rule -> {
            Map<String, Object> item = QosRuleResource.view(rule);
            item.put("type", rule.type().wireName());
            item.put("qos_policy_id", rule.policyId());
            return item;
        }).toList());
        StandardViews.put(view, policy.standard());
        return view;
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return SecurityRequests.target(SecurityRequests.owner(exchange, SecurityRequests.entity(exchange, "policy", CREATE)));
    }

    /** The policy's project and whether it is shared; a policy the caller cannot see is a 404. */
    Map<String, Object> target(Exchange exchange)
    {
        QosPolicy policy = qos.get(exchange.path("id"), SecurityRequests.scope(exchange));
        Map<String, Object> target = SecurityRequests.target(policy.projectId());
        target.put("shared", qos.sharedWith(policy, SecurityRequests.scope(exchange).projectId()));
        return target;
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "policy", CREATE);
        List<String> tags = TagsResource.creationTags(entity);
        QosPolicy policy = qos.create(SecurityRequests.owner(exchange, entity), SecurityRequests.text(entity, "name").orElse(""),
                SecurityRequests.text(entity, "description").orElse(""), SecurityRequests.bool(entity, "shared").orElse(false),
                SecurityRequests.bool(entity, "is_default").orElse(false));
        if (!tags.isEmpty()) {
            standard.replaceTags(QosService.TABLE, COLLECTION, policy.id(), tags);
            policy = qos.get(policy.id(), SecurityRequests.scope(exchange));
        }
        exchange.json(201, Map.of("policy", view(exchange, policy)));
    }

    private void list(Exchange exchange)
    {
        ListRequest request = NeutronLists.request(exchange, QosService.LIST);
        Page<QosPolicy> page = qos.list(request, SecurityRequests.scope(exchange));
        lists.respond(exchange, "policies", page.map(policy -> view(exchange, policy)), request);
    }

    private void show(Exchange exchange)
    {
        QosPolicy policy = qos.get(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.json(200, Map.of("policy", NeutronLists.projectShow(exchange, view(exchange, policy))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = SecurityRequests.entity(exchange, "policy", UPDATE);
        QosPolicy policy = qos.update(exchange.path("id"), SecurityRequests.scope(exchange), SecurityRequests.text(entity, "name"),
                SecurityRequests.text(entity, "description"), SecurityRequests.bool(entity, "shared"), SecurityRequests.bool(entity, "is_default"),
                StandardViews.ifMatch(exchange));
        exchange.json(200, Map.of("policy", view(exchange, policy)));
    }

    private void delete(Exchange exchange)
    {
        qos.delete(exchange.path("id"), SecurityRequests.scope(exchange));
        exchange.noContent();
    }

    private void ruleTypes(Exchange exchange)
    {
        Set<String> known = new HashSet<>(List.of("all_rules", "all_supported", "fields"));
        for (String parameter : exchange.queryParameters().keySet()) {
            if (!known.contains(parameter)) {
                throw SecurityRequests.badRequest("'" + SecurityRequests.shorten(parameter) + "' is an invalid filter or query parameter.");
            }
        }
        exchange.json(200, Map.of("rule_types", java.util.Arrays.stream(QosRuleType.values())
                .map(type -> Map.of("type", type.wireName())).toList()));
    }

    private void ruleType(Exchange exchange)
    {
        String name = exchange.path("rule_type");
        QosRuleType type = QosRuleType.of(name).orElseThrow(() -> new io.xloud.core.error.ApiException(
                io.xloud.network.service.SecurityErrorCode.QOS_RULE_TYPE_NOT_FOUND,
                "QoS rule type " + SecurityRequests.shorten(name) + " could not be found."));
        List<Map<String, Object>> parameters = type.parameters().stream().map(parameter -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("parameter_name", parameter.name());
            item.put("parameter_type", parameter.range() ? "range" : "choices");
            item.put("parameter_values", parameter.range() ? Map.of("start", 0, "end", QosRuleType.MAX_RATE) : parameter.choices());
            return item;
        }).toList();
        exchange.json(200, Map.of("rule_type", Map.of("type", type.wireName(),
                "drivers", List.of(Map.of("name", DRIVER, "supported_parameters", parameters)))));
    }
}
