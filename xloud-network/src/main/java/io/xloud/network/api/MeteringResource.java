package io.xloud.network.api;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.CidrBlock;
import io.xloud.network.service.MeteringLabel;
import io.xloud.network.service.MeteringLabelRule;
import io.xloud.network.service.MeteringService;
import io.xloud.network.service.Requester;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/metering/metering-labels} and {@code /v2.0/metering/metering-label-rules} (metering; admin by default). */
public final class MeteringResource
{
    private static final String LABELS = NetworkModule.V2 + "/metering/metering-labels";
    private static final String RULES = NetworkModule.V2 + "/metering/metering-label-rules";
    private static final Set<String> CREATE_LABEL = Set.of("name", "description", "shared", "project_id", "tenant_id");
    private static final Set<String> CREATE_RULE = Set.of("metering_label_id", "direction", "remote_ip_prefix", "source_ip_prefix",
            "destination_ip_prefix", "excluded", "project_id", "tenant_id");

    private final MeteringService metering;
    private final NeutronLists lists;

    public MeteringResource(MeteringService metering, NeutronLists lists)
    {
        this.metering = requireNonNull(metering, "metering is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        routes.route("GET", LABELS, PoolPolicies.GET_METERING_LABEL, PoolPolicies::callerTarget, this::listLabels);
        routes.route("POST", LABELS, PoolPolicies.CREATE_METERING_LABEL, PoolPolicies::callerTarget, this::createLabel);
        routes.route("GET", LABELS + "/{id}", PoolPolicies.GET_METERING_LABEL, this::labelTarget, this::showLabel);
        routes.route("DELETE", LABELS + "/{id}", PoolPolicies.DELETE_METERING_LABEL, this::labelTarget, this::deleteLabel);
        routes.route("GET", RULES, PoolPolicies.GET_METERING_LABEL_RULE, PoolPolicies::callerTarget, this::listRules);
        routes.route("POST", RULES, PoolPolicies.CREATE_METERING_LABEL_RULE, PoolPolicies::callerTarget, this::createRule);
        routes.route("GET", RULES + "/{id}", PoolPolicies.GET_METERING_LABEL_RULE, this::ruleTarget, this::showRule);
        routes.route("DELETE", RULES + "/{id}", PoolPolicies.DELETE_METERING_LABEL_RULE, this::ruleTarget, this::deleteRule);
    }

    private Map<String, Object> labelTarget(Exchange exchange)
    {
        return ownerTarget(metering.label(PoolBodies.requester(exchange), exchange.path("id")).projectId());
    }

    private Map<String, Object> ruleTarget(Exchange exchange)
    {
        return ownerTarget(metering.rule(PoolBodies.requester(exchange), exchange.path("id")).projectId());
    }

    private static Map<String, Object> ownerTarget(String project)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", project);
        target.put("tenant_id", project);
        return target;
    }

    private void listLabels(Exchange exchange)
    {
        ListRequest request = metering.labelListRequest(exchange.queryParameters());
        lists.respond(exchange, "metering_labels", metering.labels(PoolBodies.requester(exchange), request).map(MeteringResource::view), request);
    }

    private void showLabel(Exchange exchange)
    {
        MeteringLabel label = metering.label(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.json(200, Map.of("metering_label", NeutronLists.projectShow(exchange, view(label))));
    }

    private void createLabel(Exchange exchange)
    {
        Requester requester = PoolBodies.requester(exchange);
        PoolBodies body = PoolBodies.read(exchange, "metering_label", CREATE_LABEL);
        String project = body.ownerProject(exchange, requester);
        MeteringLabel label = metering.createLabel(project, body.string("name", PoolBodies.MAX_NAME, true).orElse(""),
                body.string("description", 1024, true).orElse(""), body.bool("shared").orElse(false));
        exchange.json(201, Map.of("metering_label", view(label)));
    }

    private void deleteLabel(Exchange exchange)
    {
        metering.deleteLabel(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.noContent();
    }

    private void listRules(Exchange exchange)
    {
        ListRequest request = metering.ruleListRequest(exchange.queryParameters());
        lists.respond(exchange, "metering_label_rules", metering.rules(PoolBodies.requester(exchange), request).map(MeteringResource::view), request);
    }

    private void showRule(Exchange exchange)
    {
        MeteringLabelRule rule = metering.rule(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.json(200, Map.of("metering_label_rule", NeutronLists.projectShow(exchange, view(rule))));
    }

    private void createRule(Exchange exchange)
    {
        Requester requester = PoolBodies.requester(exchange);
        PoolBodies body = PoolBodies.read(exchange, "metering_label_rule", CREATE_RULE);
        String labelId = body.requiredUuid("metering_label_id");
        String direction = body.requiredString("direction", 16);
        MeteringLabelRule rule = metering.createRule(requester, labelId, direction, prefix(body, "remote_ip_prefix"), prefix(body, "source_ip_prefix"),
                prefix(body, "destination_ip_prefix"), body.bool("excluded").orElse(false));
        exchange.json(201, Map.of("metering_label_rule", view(rule)));
    }

    private static Optional<CidrBlock> prefix(PoolBodies body, String name)
    {
        if (!body.given(name)) {
            return Optional.empty();
        }
        String text = body.string(name, 64, false).orElseThrow();
        return Optional.of(CidrBlock.parse(text).orElseThrow(() ->
                PoolBodies.badRequest("Invalid input for " + name + ". Reason: '" + PoolBodies.shorten(text) + "' is not a valid IP subnet.")));
    }

    private void deleteRule(Exchange exchange)
    {
        metering.deleteRule(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.noContent();
    }

    static Map<String, Object> view(MeteringLabel label)
    {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", label.id());
        out.put("name", label.name());
        out.put("description", label.description());
        out.put("shared", label.shared());
        out.put("project_id", label.projectId());
        out.put("tenant_id", label.projectId());
        return out;
    }

    static Map<String, Object> view(MeteringLabelRule rule)
    {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", rule.id());
        out.put("metering_label_id", rule.meteringLabelId());
        out.put("direction", rule.direction());
        out.put("remote_ip_prefix", rule.remoteIpPrefix().map(CidrBlock::toString).orElse(null));
        out.put("source_ip_prefix", rule.sourceIpPrefix().map(CidrBlock::toString).orElse(null));
        out.put("destination_ip_prefix", rule.destinationIpPrefix().map(CidrBlock::toString).orElse(null));
        out.put("excluded", rule.excluded());
        out.put("project_id", rule.projectId());
        out.put("tenant_id", rule.projectId());
        return out;
    }
}
