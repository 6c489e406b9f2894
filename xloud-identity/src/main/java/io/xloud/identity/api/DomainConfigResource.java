package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.store.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * Domain-specific configuration: per-domain values for the identity and ldap option groups, and Keystone's defaults
 * for them. Sensitive options (the LDAP bind password) are stored but never returned. Values keep their JSON type.
 */
public final class DomainConfigResource
{
    private static final String IDENTITY = "identity";
    private static final String LDAP = "ldap";
    private static final String SECURITY_COMPLIANCE = "security_compliance";

    /** The options a domain may set and read, with Keystone's defaults, in Keystone's order. */
    private static final Map<String, Map<String, Object>> DEFAULTS = defaults();
    private static final Map<String, List<String>> SENSITIVE = Map.of(IDENTITY, List.of(), LDAP, List.of("password"));

    private final IdentityApi api;

    public DomainConfigResource(IdentityApi api)
    {
        this.api = api;
    }

    private static Map<String, Map<String, Object>> defaults()
    {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("driver", "sql");
        identity.put("list_limit", null);
        Map<String, Object> ldap = new LinkedHashMap<>();
        Object[] values = {
                "url", "ldap://localhost", "user", null, "suffix", "cn=example,cn=com", "query_scope", "one", "page_size", 0,
                "alias_dereferencing", "default", "debug_level", null, "chase_referrals", null, "user_tree_dn", null, "user_filter", null,
                "user_objectclass", "inetOrgPerson", "user_id_attribute", "cn", "user_name_attribute", "sn",
                "user_mail_attribute", "mail", "user_description_attribute", "description", "user_pass_attribute", "userPassword",
                "user_enabled_attribute", "enabled", "user_enabled_invert", false, "user_enabled_mask", 0, "user_enabled_default", "True",
                "user_attribute_ignore", List.of("default_project_id"), "user_default_project_id_attribute", null,
                "user_enabled_emulation", false, "user_enabled_emulation_dn", null, "user_enabled_emulation_use_group_config", false,
                "user_additional_attribute_mapping", List.of(), "group_tree_dn", null, "group_filter", null,
                "group_objectclass", "groupOfNames", "group_id_attribute", "cn", "group_name_attribute", "ou",
                "group_members_are_ids", false, "group_member_attribute", "member", "group_desc_attribute", "description",
                "group_attribute_ignore", List.of(), "group_additional_attribute_mapping", List.of(), "tls_cacertfile", null,
                "tls_cacertdir", null, "use_tls", false, "tls_req_cert", "demand", "use_pool", true, "pool_size", 10,
                "pool_retry_max", 3, "pool_retry_delay", 0.1, "pool_connection_timeout", -1, "pool_connection_lifetime", 600,
                "use_auth_pool", true, "auth_pool_size", 100, "auth_pool_connection_lifetime", 60};
        for (int i = 0; i < values.length; i += 2) {
            ldap.put((String) values[i], values[i + 1]);
        }
        Map<String, Map<String, Object>> defaults = new LinkedHashMap<>();
        defaults.put(IDENTITY, identity);
        defaults.put(LDAP, ldap);
        return defaults;
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

    // ---- validation, as Keystone's DomainConfigManager

    private static ApiException invalid(String reason)
    {
        return new ApiException(IdentityErrorCode.FORBIDDEN, "Invalid domain specific configuration: " + reason + ".");
    }

    private static ApiException notFound(String what, String domainId)
    {
        return new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find " + what + " in domain configuration for domain " + domainId + ".");
    }

    private static String describe(Optional<String> group, Optional<String> option)
    {
        if (option.isPresent()) {
            return "option " + option.get() + " in group " + group.orElseThrow();
        }
        return group.map(name -> "group " + name).orElse("any options");
    }

    private static boolean sensitive(String group, String option)
    {
        return SENSITIVE.getOrDefault(group, List.of()).contains(option);
    }

    private static void checkGroupAndOption(Optional<String> group, Optional<String> option)
    {
        if (group.isEmpty()) {
            return;
        }
        if (!DEFAULTS.containsKey(group.get())) {
            throw invalid("Group " + group.get() + " is not supported for domain specific configurations");
        }
        if (option.isPresent() && !DEFAULTS.get(group.get()).containsKey(option.get()) && !sensitive(group.get(), option.get())) {
            throw invalid("Option " + option.get() + " in group " + group.get() + " is not supported for domain specific configurations");
        }
    }

    /** A config is a non-empty object of groups, each a non-empty object of supported options. */
    private static Map<String, Map<String, JsonNode>> checkConfig(JsonNode config)
    {
        if (!config.isObject()) {
            throw IdentityApi.validation("Invalid input for field 'config': it must be an object.");
        }
        if (config.isEmpty()) {
            throw invalid("No options specified");
        }
        Map<String, Map<String, JsonNode>> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> groups = config.fields();
        while (groups.hasNext()) {
            Map.Entry<String, JsonNode> group = groups.next();
            if (!group.getValue().isObject() || group.getValue().isEmpty()) {
                throw invalid("The value of group " + group.getKey() + " specified in the config should be a dictionary of options");
            }
            Map<String, JsonNode> options = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = group.getValue().fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> option = fields.next();
                checkGroupAndOption(Optional.of(group.getKey()), Optional.of(option.getKey()));
                options.put(option.getKey(), option.getValue());
            }
            result.put(group.getKey(), options);
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

    private static void requireDomain(Handle h, String domainId)
    {
        ResourceStore.domain(h, domainId).orElseThrow(() -> IdentityApi.notFound("domain", domainId));
    }

    // ---- rows

    private record Option(String group, String option, JsonNode value) {}

    private static List<Option> options(Handle h, String domainId)
    {
        List<Option> stored = h.createQuery("SELECT config_group, config_option, config_value FROM domain_configs WHERE domain_id = :d")
                .bind("d", domainId)
                .map((rs, ctx) -> new Option(rs.getString("config_group"), rs.getString("config_option"), Json.parse(rs.getString("config_value"))))
                .list();
        // Keystone's order: groups and options as its whitelist lists them, sensitive options last
        List<Option> ordered = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> group : DEFAULTS.entrySet()) {
            List<String> names = new ArrayList<>(group.getValue().keySet());
            names.addAll(SENSITIVE.get(group.getKey()));
            for (String name : names) {
                stored.stream().filter(o -> o.group().equals(group.getKey()) && o.option().equals(name)).forEach(ordered::add);
            }
        }
        return ordered;
    }

    private static void put(Handle h, String domainId, String group, String option, JsonNode value)
    {
        h.createUpdate("DELETE FROM domain_configs WHERE domain_id = :d AND config_group = :g AND config_option = :o")
                .bind("d", domainId).bind("g", group).bind("o", option).execute();
        h.createUpdate("INSERT INTO domain_configs (domain_id, config_group, config_option, config_value) VALUES (:d, :g, :o, :v)")
                .bind("d", domainId).bind("g", group).bind("o", option).bind("v", Json.string(value)).execute();
    }

    /** The readable part of a config: whole, one group, or {@code {option: value}} for one option. */
    private static ObjectNode render(List<Option> options, Optional<String> group, Optional<String> option)
    {
        ObjectNode config = Json.object();
        for (Option o : options) {
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
        checkGroupAndOption(group, option);
        if (option.isPresent() && !DEFAULTS.get(group.orElseThrow()).containsKey(option.get())) {
            throw invalid("Reading the default for option " + option.get() + " in group " + group.get() + " is not supported");
        }
        ObjectNode config = Json.object();
        for (Map.Entry<String, Map<String, Object>> entry : DEFAULTS.entrySet()) {
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
        api.store().read(h -> {
            requireDomain(h, domainId);
            return null;
        });
        Map<String, Map<String, JsonNode>> config = checkConfig(requestConfig(exchange));
        boolean replaced = api.store().write(h -> {
            requireDomain(h, domainId);
            boolean existed = !options(h, domainId).isEmpty();
            h.createUpdate("DELETE FROM domain_configs WHERE domain_id = :d").bind("d", domainId).execute();
            config.forEach((group, options) -> options.forEach((option, value) -> put(h, domainId, group, option, value)));
            return existed;
        });
        ObjectNode body = api.store().read(h -> render(options(h, domainId), Optional.empty(), Optional.empty()));
        exchange.json(replaced ? 200 : 201, Map.of("config", body));
    }

    private void show(Exchange exchange, Optional<String> group, Optional<String> option)
    {
        String domainId = exchange.path("domain_id");
        checkGroupAndOption(group, option);
        ObjectNode config = api.store().read(h -> {
            requireDomain(h, domainId);
            return render(options(h, domainId), group, option);
        });
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
        api.store().read(h -> {
            requireDomain(h, domainId);
            return null;
        });
        JsonNode requested = requestConfig(exchange);
        if (option.isPresent()) {
            ObjectNode wrapped = Json.object();
            wrapped.set(group.orElseThrow(), requested);
            requested = wrapped;
        }
        Map<String, Map<String, JsonNode>> config = checkConfig(requested);
        checkGroupAndOption(group, option);
        if (group.isPresent()) {
            String name = group.get();
            if (config.size() != 1 || option.isPresent() && config.getOrDefault(name, Map.of()).size() != 1) {
                throw invalid(option.isPresent()
                        ? "Trying to update option " + option.get() + " in group " + name + ", so that, and only that, option must be specified  in the config"
                        : "Trying to update group " + name + ", so that, and only that, group must be specified in the config");
            }
            if (!config.containsKey(name)) {
                throw invalid("request to update group " + name + ", but config provided contains group " + config.keySet().iterator().next()
                        + " instead");
            }
            if (option.isPresent() && !config.get(name).containsKey(option.get())) {
                throw invalid("Trying to update option " + option.get() + " in group " + name + ", but config provided contains option "
                        + config.get(name).keySet().iterator().next() + " instead");
            }
        }
        ObjectNode body = api.store().write(h -> {
            requireDomain(h, domainId);
            if (group.isPresent()) {
                boolean exists = options(h, domainId).stream()
                        .anyMatch(o -> o.group().equals(group.get()) && option.map(name -> name.equals(o.option())).orElse(true));
                if (!exists) {
                    throw notFound(describe(group, option), domainId);
                }
            }
            config.forEach((name, options) -> options.forEach((key, value) -> put(h, domainId, name, key, value)));
            return render(options(h, domainId), Optional.empty(), Optional.empty());
        });
        if (body.isEmpty()) {
            throw notFound(describe(Optional.empty(), Optional.empty()), domainId);
        }
        exchange.json(200, Map.of("config", body));
    }

    private void delete(Exchange exchange, Optional<String> group, Optional<String> option)
    {
        String domainId = exchange.path("domain_id");
        api.store().writeVoid(h -> {
            requireDomain(h, domainId);
            checkGroupAndOption(group, option);
            if (group.isPresent()) {
                List<Option> current = options(h, domainId);
                if (current.stream().noneMatch(o -> o.group().equals(group.get()))) {
                    throw notFound(describe(group, Optional.empty()), domainId);
                }
                if (option.isPresent() && current.stream().noneMatch(o -> o.group().equals(group.get()) && o.option().equals(option.get()))) {
                    throw notFound(describe(group, option), domainId);
                }
            }
            StringBuilder sql = new StringBuilder("DELETE FROM domain_configs WHERE domain_id = :d");
            group.ifPresent(ignored -> sql.append(" AND config_group = :g"));
            option.ifPresent(ignored -> sql.append(" AND config_option = :o"));
            var update = h.createUpdate(sql.toString()).bind("d", domainId);
            group.ifPresent(value -> update.bind("g", value));
            option.ifPresent(value -> update.bind("o", value));
            update.execute();
        });
        exchange.noContent();
    }

    /** Only the default domain's password_regex and password_regex_description, read from the server's settings. */
    private void showCompliance(Exchange exchange, Optional<String> option)
    {
        String domainId = exchange.path("domain_id");
        api.store().read(h -> {
            requireDomain(h, domainId);
            return null;
        });
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
}
