package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.network.service.QosRule;
import io.xloud.network.service.QosRuleType;
import io.xloud.network.service.QosService;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** The rules of one type under a QoS policy, e.g. {@code /v2.0/qos/policies/{id}/bandwidth_limit_rules[/{rule_id}]}. */
final class QosRuleResource
{
    private final QosService qos;
    private final QosRuleType type;
    private final TargetResolver policyTarget;
    private final Set<String> attributes;

    QosRuleResource(QosService qos, QosRuleType type, TargetResolver policyTarget)
    {
        this.qos = requireNonNull(qos, "qos is null");
        this.type = requireNonNull(type, "type is null");
        this.policyTarget = requireNonNull(policyTarget, "policyTarget is null");
        Set<String> names = new HashSet<>();
        type.parameters().forEach(parameter -> names.add(parameter.name()));
        this.attributes = Set.copyOf(names);
    }

    void routes(Router.Builder routes, String policies)
    {
        String base = policies + "/{id}/" + type.collection();
        String member = type.member();
        routes.route("POST", base, "create_policy_" + member, policyTarget, this::create);
        routes.route("GET", base, "get_policy_" + member, policyTarget, this::list);
        routes.route("GET", base + "/{rule_id}", "get_policy_" + member, policyTarget, this::show);
        routes.route("PUT", base + "/{rule_id}", "update_policy_" + member, policyTarget, this::update);
        routes.route("DELETE", base + "/{rule_id}", "delete_policy_" + member, policyTarget, this::delete);
    }

    /** A rule as its own endpoints show it: the id and the type's parameters. */
    static Map<String, Object> view(QosRule rule)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.putAll(rule.values());
        return view;
    }

    private void create(Exchange exchange)
    {
        QosRule rule = qos.createRule(exchange.path("id"), SecurityRequests.scope(exchange), type, values(exchange, true));
        exchange.json(201, Map.of(type.member(), view(rule)));
    }

    private void list(Exchange exchange)
    {
        List<Map<String, Object>> rules = qos.rules(exchange.path("id"), SecurityRequests.scope(exchange), type).stream()
                .map(rule -> NeutronLists.projectShow(exchange, view(rule))).toList();
        exchange.json(200, Map.of(type.collection(), rules));
    }

    private void show(Exchange exchange)
    {
        QosRule rule = qos.getRule(exchange.path("id"), exchange.path("rule_id"), SecurityRequests.scope(exchange), type);
        exchange.json(200, Map.of(type.member(), NeutronLists.projectShow(exchange, view(rule))));
    }

    private void update(Exchange exchange)
    {
        QosRule rule = qos.updateRule(exchange.path("id"), exchange.path("rule_id"), SecurityRequests.scope(exchange), type, values(exchange, false));
        exchange.json(200, Map.of(type.member(), view(rule)));
    }

    private void delete(Exchange exchange)
    {
        qos.deleteRule(exchange.path("id"), exchange.path("rule_id"), SecurityRequests.scope(exchange), type);
        exchange.noContent();
    }

    /** The body's values: integers (a JSON integer or its digits) as Long, choices as strings; anything else fails the type's check. */
    private Map<String, Object> values(Exchange exchange, boolean create)
    {
        Set<String> allowed = new HashSet<>(attributes);
        if (create) {
            allowed.addAll(List.of("project_id", "tenant_id"));
        }
        JsonNode entity = SecurityRequests.entity(exchange, type.member(), allowed);
        if (!create && entity.isEmpty()) {
            throw SecurityRequests.badRequest("Resource body required: nothing to update.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (QosRuleType.Parameter parameter : type.parameters()) {
            JsonNode value = entity.get(parameter.name());
            if (value == null) {
                continue;
            }
            boolean integer = parameter.range() || parameter.choices().stream().allMatch(Long.class::isInstance);
            if (integer && value.isIntegralNumber() && value.canConvertToLong()) {
                values.put(parameter.name(), value.asLong());
            }
            else if (integer && value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
                values.put(parameter.name(), Long.parseLong(value.asText()));
            }
            else if (!integer && value.isTextual()) {
                values.put(parameter.name(), value.asText());
            }
            else {
                values.put(parameter.name(), SecurityRequests.shorten(value.toString()));
            }
        }
        return values;
    }
}
