package io.xloud.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.core.json.Json;
import io.xloud.identity.service.AccessRule;
import io.xloud.identity.service.ApplicationCredentialService;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/users/{user_id}/access_rules: the rules a user's application credentials share; made with them, never directly. */
public final class AccessRuleResource
{
    private final IdentityApi api;
    private final TargetResolver userTarget;

    public AccessRuleResource(IdentityApi api)
    {
        this.api = api;
        this.userTarget = api.userTarget();
    }

    public void routes(Router.Builder r)
    {
        String collection = V3 + "/users/{user_id}/access_rules";
        r.route("GET", collection, "identity:list_access_rules", userTarget, this::list);
        r.route("GET", collection + "/{access_rule_id}", "identity:get_access_rule", this::target, this::get);
        r.route("DELETE", collection + "/{access_rule_id}", "identity:delete_access_rule", this::target, this::delete);
    }

    public static ObjectNode view(IdentityApi api, AccessRule rule)
    {
        ObjectNode view = Json.object();
        view.put("id", rule.id());
        view.put("service", rule.service());
        view.put("path", rule.path().orElse(null));
        view.put("method", rule.method());
        view.set("links", api.links("/users/" + rule.userId() + "/access_rules/" + rule.id()));
        return view;
    }

    private Map<String, Object> target(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>(userTarget.resolve(exchange));
        String id = exchange.path("access_rule_id");
        AccessRule rule = rules().accessRule(exchange.path("user_id"), id);
        CredentialVisibility.requireVisible(exchange.auth(), rule.userId(), () -> ApplicationCredentialService.accessRuleNotFound(id));
        return target;
    }

    private void list(Exchange exchange)
    {
        String userId = exchange.path("user_id");
        List<ObjectNode> views = rules().accessRulesOfUser(userId).stream()
                .map(rule -> view(api, rule))
                .toList();
        exchange.json(200, api.list(exchange, "access_rules", IdentityApi.filter(exchange, views, Set.of("service", "path", "method"))));
    }

    private void get(Exchange exchange)
    {
        AccessRule rule = rules().accessRule(exchange.path("user_id"), exchange.path("access_rule_id"));
        exchange.json(200, Map.of("access_rule", view(api, rule)));
    }

    /** A rule an application credential still uses stays: Keystone answers 403. */
    private void delete(Exchange exchange)
    {
        rules().deleteAccessRule(exchange.path("user_id"), exchange.path("access_rule_id"));
        exchange.noContent();
    }

    private ApplicationCredentialService rules()
    {
        return api.applicationCredentials();
    }
}
