package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.identity.service.DomainConfigOption;
import io.xloud.identity.service.DomainConfigService;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.identity.api.IdentityApi.V3;
import static io.xloud.identity.service.DomainConfigService.checkGroupAndOption;
import static io.xloud.identity.service.DomainConfigService.describe;
import static io.xloud.identity.service.DomainConfigService.invalid;
import static io.xloud.identity.service.DomainConfigService.notFound;
import static io.xloud.identity.service.DomainConfigService.sensitive;

/**
 * Domain-specific configuration: per-domain values for the identity and ldap option groups, and Keystone's defaults
 * for them. Sensitive options (the LDAP bind password) are stored but never returned. Values keep their JSON type.
 */
public final class DomainConfigResource
{
    private static final String SECURITY_COMPLIANCE = "security_compliance";

    private final IdentityApi api;

    public DomainConfigResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        String defaults = V3 + "/domains/config";
        r.route("GET", defaults + "/default", "identity:get_domain_config_default", e -> showDefault(e, Optional.empty(), Optional.empty()));
        r.route("GET", defaults + "/{group}/default", "identity:get_domain_config_default",
                e -> showDefault(e, Optional.of(e.path("group")), Optional.empty()));
        r.route("GET", defaults + "/{group}/{option}/default", "identity:get_domain_config_default",
                e -> showDefault(e, Optional.of(e.path("group")), Optional.of(e.path("option"))));

        String config = V3 + "/domains/{domain_id}/config";
        r.route("PUT", config, "identity:create_domain_config", this::create);
        r.route("GET", config, "identity:get_domain_config", e -> show(e, Optional.empty(), Optional.empty()));
        r.route("PATCH", config, "identity:update_domain_config", e -> update(e, Optional.empty(), Optional.empty()));
        r.route("DELETE", config, "identity:delete_domain_config", e -> delete(e, Optional.empty(), Optional.empty()));
        r.route("GET", config + "/{group}", "identity:get_domain_config", e -> show(e, Optional.of(e.path("group")), Optional.empty()));
        r.route("PATCH", config + "/{group}", "identity:update_domain_config", e -> update(e, Optional.of(e.path("group")), Optional.empty()));
        r.route("DELETE", config + "/{group}", "identity:delete_domain_config", e -> delete(e, Optional.of(e.path("group")), Optional.empty()));
        r.route("GET", config + "/{group}/{option}", "identity:get_domain_config",
                e -> show(e, Optional.of(e.path("group")), Optional.of(e.path("option"))));
        r.route("PATCH", config + "/{group}/{option}", "identity:update_domain_config",
                e -> update(e, Optional.of(e.path("group")), Optional.of(e.path("option"))));
        r.route("DELETE", config + "/{group}/{option}", "identity:delete_domain_config",
                e -> delete(e, Optional.of(e.path("group")), Optional.of(e.path("option"))));

        // the password rules of the default domain are readable by anyone, under their own rule
        String compliance = config + "/" + SECURITY_COMPLIANCE;
        Optional<String> group = Optional.of(SECURITY_COMPLIANCE);
        r.route("GET", compliance, "identity:get_security_compliance_domain_config", e -> showCompliance(e, Optional.empty()));
        r.route("PATCH", compliance, "identity:update_domain_config", e -> update(e, group, Optional.empty()));
        r.route("DELETE", compliance, "identity:delete_domain_config", e -> delete(e, group, Optional.empty()));
        r.route("GET", compliance + "/{option}", "identity:get_security_compliance_domain_config",
                e -> showCompliance(e, Optional.of(e.path("option"))));
        r.route("PATCH", compliance + "/{option}", "identity:update_domain_config", e -> update(e, group, Optional.of(e.path("option"))));
        r.route("DELETE", compliance + "/{option}", "identity:delete_domain_config", e -> delete(e, group, Optional.of(e.path("option"))));
    }

    // ---- requests and views

    /** A config is a non-empty object of groups, each a non-empty object of supported options. */
    private static List<DomainConfigOption> checkConfig(JsonNode config)
    {
        if (!config.isObject()) {
            throw IdentityApi.validation("Invalid input for field 'config': it must be an object.");
        }
        if (config.isEmpty()) {
            throw invalid("No options specified");
        }
        List<DomainConfigOption> result = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> groups = config.fields();
        while (groups.hasNext()) {
            Map.Entry<String, JsonNode> group = groups.next();
            if (!group.getValue().isObject() || group.getValue().isEmpty()) {
                throw invalid("The value of group " + group.getKey() + " specified in the config should be a dictionary of options");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = group.getValue().fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> option = fields.next();
                checkGroupAndOption(Optional.of(group.getKey()), Optional.of(option.getKey()));
                result.add(new DomainConfigOption(group.getKey(), option.getKey(), option.getValue()));
            }
        }
        return result;
    }

    /** The request's {@code config} object; Keystone treats a missing one as empty. */
    private static JsonNode requestConfig(Exchange exchange)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject()) {
            throw IdentityApi.validation("Invalid input for field '': the request body must be an object.");
        }
        return body.has("config") ? body.path("config") : Json.object();
    }

    /** The readable part of a config: whole, one group, or {@code {option: value}} for one option. */
    private static ObjectNode render(List<DomainConfigOption> options, Optional<String> group, Optional<String> option)
    {
        ObjectNode config = Json.object();
        for (DomainConfigOption o : options) {
            if (sensitive(o.group(), o.option()) || group.map(g -> !g.equals(o.group())).orElse(false)
                    || option.map(name -> !name.equals(o.option())).orElse(false)) {
                continue;
            }
            if (option.isPresent()) {
                config.set(o.option(), o.value());
            }
            else {
                ObjectNode groupNode = config.has(o.group()) ? (ObjectNode) config.get(o.group()) : config.putObject(o.group());
                groupNode.set(o.option(), o.value());
            }
        }
        return config;
    }

    // ---- handlers

    private void showDefault(Exchange exchange, Optional<String> group, Optional<String> option)
    {
        DomainConfigService.checkDefaultReadable(group, option);
        ObjectNode config = Json.object();
        for (Map.Entry<String, Map<String, Object>> entry : configs().defaultOptions().entrySet()) {
            if (group.isPresent() && !group.get().equals(entry.getKey())) {
                continue;
            }
            ObjectNode target = option.isPresent() ? config : config.putObject(entry.getKey());
            entry.getValue().forEach((name, value) -> {
                if (option.isEmpty() || option.get().equals(name)) {
                    target.set(name, Json.mapper().valueToTree(value));
                }
            });
        }
        exchange.json(200, Map.of("config", config));
    }

    /** PUT replaces the whole config: 201 when the domain had none, 200 when one was replaced. */
    private void create(Exchange exchange)
    {
        String domainId = exchange.path("domain_id");
        configs().requireDomain(domainId);
        List<DomainConfigOption> config = checkConfig(requestConfig(exchange));
        boolean replaced = configs().replace(domainId, config);
        ObjectNode body = render(configs().options(domainId), Optional.empty(), Optional.empty());
        exchange.json(replaced ? 200 : 201, Map.of("config", body));
    }

    private void show(Exchange exchange, Optional<String> group, Optional<String> option)
    {
        String domainId = exchange.path("domain_id");
        checkGroupAndOption(group, option);
        ObjectNode config = render(configs().options(domainId), group, option);
        if (config.isEmpty()) {
            throw notFound(describe(group, option), domainId);
        }
        exchange.json(200, Map.of("config", config));
    }

    /**
     * PATCH merges into the config. Aimed at a group (or option) it must name only that group (or option), which must
     * already be set; the response is always the whole readable config.
     */
    private void update(Exchange exchange, Optional<String> group, Optional<String> option)
    {
        String domainId = exchange.path("domain_id");
        configs().requireDomain(domainId);
        JsonNode requested = requestConfig(exchange);
        if (option.isPresent()) {
            ObjectNode wrapped = Json.object();
            wrapped.set(group.orElseThrow(), requested);
            requested = wrapped;
        }
        List<DomainConfigOption> options = checkConfig(requested);
        checkGroupAndOption(group, option);
        if (group.isPresent()) {
            Map<String, List<String>> config = new LinkedHashMap<>();
            options.forEach(o -> config.computeIfAbsent(o.group(), ignored -> new ArrayList<>()).add(o.option()));
            String name = group.get();
            if (config.size() != 1 || option.isPresent() && config.getOrDefault(name, List.of()).size() != 1) {
                throw invalid(option.isPresent()
                        ? "Trying to update option " + option.get() + " in group " + name + ", so that, and only that, option must be specified  in the config"
                        : "Trying to update group " + name + ", so that, and only that, group must be specified in the config");
            }
            if (!config.containsKey(name)) {
                throw invalid("request to update group " + name + ", but config provided contains group " + config.keySet().iterator().next()
                        + " instead");
            }
            if (option.isPresent() && !config.get(name).contains(option.get())) {
                throw invalid("Trying to update option " + option.get() + " in group " + name + ", but config provided contains option "
                        + config.get(name).getFirst() + " instead");
            }
        }
        ObjectNode body = render(configs().update(domainId, group, option, options), Optional.empty(), Optional.empty());
        if (body.isEmpty()) {
            throw notFound(describe(Optional.empty(), Optional.empty()), domainId);
        }
        exchange.json(200, Map.of("config", body));
    }

    private void delete(Exchange exchange, Optional<String> group, Optional<String> option)
    {
        configs().delete(exchange.path("domain_id"), group, option);
        exchange.noContent();
    }

    /** Only the default domain's password_regex and password_regex_description, read from the server's settings. */
    private void showCompliance(Exchange exchange, Optional<String> option)
    {
        String domainId = exchange.path("domain_id");
        configs().requireDomain(domainId);
        if (!domainId.equals("default")) {
            throw invalid("Reading security compliance information for any domain other than the default domain is not allowed or supported.");
        }
        List<String> readable = Arrays.asList("password_regex", "password_regex_description");
        if (option.isPresent() && !readable.contains(option.get())) {
            throw invalid("Reading security compliance values other than password_regex and password_regex_description is not allowed.");
        }
        ObjectNode values = Json.object();
        values.put("password_regex", api.settings().passwordRegex().orElse(null));
        values.put("password_regex_description", api.settings().passwordRegexDescription().orElse(null));
        ObjectNode config = Json.object();
        if (option.isPresent()) {
            config.set(option.get(), values.get(option.get()));
        }
        else {
            config.set(SECURITY_COMPLIANCE, values);
        }
        exchange.json(200, Map.of("config", config));
    }

    private DomainConfigService configs()
    {
        return api.domainConfigs();
    }
}
