package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.store.DomainConfigStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Domain-specific configuration, as Keystone's DomainConfigManager: per-domain values for the identity and ldap
 * option groups, and Keystone's defaults for them. Sensitive options (the LDAP bind password) are stored but never
 * shown (see {@link #sensitive}).
 */
public final class DomainConfigService
{
    public static final String IDENTITY = "identity";
    public static final String LDAP = "ldap";

    /** The options a domain may set and read, with Keystone's defaults, in Keystone's order. */
    private static final Map<String, Map<String, Object>> DEFAULTS = defaults();
    private static final Map<String, List<String>> SENSITIVE = Map.of(IDENTITY, List.of(), LDAP, List.of("password"));

    private final IdentityStore store;

    public DomainConfigService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
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

    /** Keystone's defaults, group by group in its order; values may be null. */
    public Map<String, Map<String, Object>> defaultOptions()
    {
        return DEFAULTS;
    }

    // ---- rules

    public static ApiException invalid(String reason)
    {
        return new ApiException(IdentityErrorCode.FORBIDDEN, "Invalid domain specific configuration: " + reason + ".");
    }

    public static ApiException notFound(String what, String domainId)
    {
        return new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find " + what + " in domain configuration for domain " + domainId + ".");
    }

    public static String describe(Optional<String> group, Optional<String> option)
    {
        if (option.isPresent()) {
            return "option " + option.get() + " in group " + group.orElseThrow();
        }
        return group.map(name -> "group " + name).orElse("any options");
    }

    public static boolean sensitive(String group, String option)
    {
        return SENSITIVE.getOrDefault(group, List.of()).contains(option);
    }

    /** A group must be one of those a domain may configure, and an option one of the group's. */
    public static void checkGroupAndOption(Optional<String> group, Optional<String> option)
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

    /** Only options with a default have one to read. */
    public static void checkDefaultReadable(Optional<String> group, Optional<String> option)
    {
        checkGroupAndOption(group, option);
        if (option.isPresent() && !DEFAULTS.get(group.orElseThrow()).containsKey(option.get())) {
            throw invalid("Reading the default for option " + option.get() + " in group " + group.get() + " is not supported");
        }
    }

    // ---- operations

    /** @throws ApiException NOT_FOUND when there is no such domain */
    public void requireDomain(String domainId)
    {
        store.read(h -> {
            requireDomain(h, domainId);
            return null;
        });
    }

    /** A domain's options, sensitive ones included, in Keystone's order. */
    public List<DomainConfigOption> options(String domainId)
    {
        return store.read(h -> {
            requireDomain(h, domainId);
            return options(h, domainId);
        });
    }

    /** Replaces the whole config; whether the domain had one before. */
    public boolean replace(String domainId, List<DomainConfigOption> config)
    {
        return store.write(h -> {
            requireDomain(h, domainId);
            boolean existed = !options(h, domainId).isEmpty();
            DomainConfigStore.delete(h, domainId, Optional.empty(), Optional.empty());
            config.forEach(option -> DomainConfigStore.put(h, domainId, option));
            return existed;
        });
    }

    /**
     * Merges options into the config; aimed at a group (or an option), that group (or option) must already be set.
     * Returns the whole config after the change.
     */
    public List<DomainConfigOption> update(String domainId, Optional<String> group, Optional<String> option, List<DomainConfigOption> config)
    {
        return store.write(h -> {
            requireDomain(h, domainId);
            if (group.isPresent()) {
                boolean exists = options(h, domainId).stream()
                        .anyMatch(o -> o.group().equals(group.get()) && option.map(name -> name.equals(o.option())).orElse(true));
                if (!exists) {
                    throw notFound(describe(group, option), domainId);
                }
            }
            config.forEach(value -> DomainConfigStore.put(h, domainId, value));
            return options(h, domainId);
        });
    }

    /** Deletes the whole config, a group or an option; a group or option that is not set is not found. */
    public void delete(String domainId, Optional<String> group, Optional<String> option)
    {
        store.writeVoid(h -> {
            requireDomain(h, domainId);
            checkGroupAndOption(group, option);
            if (group.isPresent()) {
                List<DomainConfigOption> current = options(h, domainId);
                if (current.stream().noneMatch(o -> o.group().equals(group.get()))) {
                    throw notFound(describe(group, Optional.empty()), domainId);
                }
                if (option.isPresent() && current.stream().noneMatch(o -> o.group().equals(group.get()) && o.option().equals(option.get()))) {
                    throw notFound(describe(group, option), domainId);
                }
            }
            DomainConfigStore.delete(h, domainId, group, option);
        });
    }

    private static void requireDomain(Handle h, String domainId)
    {
        ResourceStore.domain(h, domainId).orElseThrow(() -> IdentityErrors.notFound("domain", domainId));
    }

    private static List<DomainConfigOption> options(Handle h, String domainId)
    {
        List<DomainConfigOption> stored = DomainConfigStore.options(h, domainId);
        // Keystone's order: groups and options as its whitelist lists them, sensitive options last
        List<DomainConfigOption> ordered = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> group : DEFAULTS.entrySet()) {
            List<String> names = new ArrayList<>(group.getValue().keySet());
            names.addAll(SENSITIVE.get(group.getKey()));
            for (String name : names) {
                stored.stream().filter(o -> o.group().equals(group.getKey()) && o.option().equals(name)).forEach(ordered::add);
            }
        }
        return ordered;
    }
}
