package io.xloud.network.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.network.service.PoolErrorCode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.network.api.NetworkPolicies.ADMIN;
import static io.xloud.network.api.NetworkPolicies.ADMIN_OR_MEMBER;

/** Neutron's default rules for subnet pools, address scopes, RBAC policies, and metering. */
public final class PoolPolicies
{
    public static final String CREATE_SUBNETPOOL = "create_subnetpool";
    public static final String GET_SUBNETPOOL = "get_subnetpool";
    public static final String UPDATE_SUBNETPOOL = "update_subnetpool";
    public static final String DELETE_SUBNETPOOL = "delete_subnetpool";
    public static final String ADD_PREFIXES = "add_prefixes";
    public static final String REMOVE_PREFIXES = "remove_prefixes";
    public static final String CREATE_ADDRESS_SCOPE = "create_address_scope";
    public static final String GET_ADDRESS_SCOPE = "get_address_scope";
    public static final String UPDATE_ADDRESS_SCOPE = "update_address_scope";
    public static final String DELETE_ADDRESS_SCOPE = "delete_address_scope";
    public static final String CREATE_RBAC_POLICY = "create_rbac_policy";
    public static final String GET_RBAC_POLICY = "get_rbac_policy";
    public static final String UPDATE_RBAC_POLICY = "update_rbac_policy";
    public static final String DELETE_RBAC_POLICY = "delete_rbac_policy";
    public static final String CREATE_METERING_LABEL = "create_metering_label";
    public static final String GET_METERING_LABEL = "get_metering_label";
    public static final String DELETE_METERING_LABEL = "delete_metering_label";
    public static final String CREATE_METERING_LABEL_RULE = "create_metering_label_rule";
    public static final String GET_METERING_LABEL_RULE = "get_metering_label_rule";
    public static final String DELETE_METERING_LABEL_RULE = "delete_metering_label_rule";

    private static final String READER_OR_SHARED = "rule:admin_or_project_reader or rule:shared";

    private PoolPolicies() {}

    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new java.util.LinkedHashMap<>();
        rules.put(CREATE_SUBNETPOOL, ADMIN_OR_MEMBER);
        rules.put(CREATE_SUBNETPOOL + ":shared", ADMIN);
        rules.put(CREATE_SUBNETPOOL + ":is_default", ADMIN);
        rules.put(GET_SUBNETPOOL, READER_OR_SHARED);
        rules.put(UPDATE_SUBNETPOOL, ADMIN_OR_MEMBER);
        rules.put(UPDATE_SUBNETPOOL + ":is_default", ADMIN);
        rules.put(DELETE_SUBNETPOOL, ADMIN_OR_MEMBER);
        rules.put(ADD_PREFIXES, ADMIN_OR_MEMBER);
        rules.put(REMOVE_PREFIXES, ADMIN_OR_MEMBER);
        NetworkPolicies.tagRules(rules, SubnetPoolResource.COLLECTION);
        rules.put("get_subnetpools_tags", READER_OR_SHARED);

        rules.put(CREATE_ADDRESS_SCOPE, ADMIN_OR_MEMBER);
        rules.put(CREATE_ADDRESS_SCOPE + ":shared", ADMIN);
        rules.put(GET_ADDRESS_SCOPE, READER_OR_SHARED);
        rules.put(UPDATE_ADDRESS_SCOPE, ADMIN_OR_MEMBER);
        rules.put(UPDATE_ADDRESS_SCOPE + ":shared", ADMIN);
        rules.put(DELETE_ADDRESS_SCOPE, ADMIN_OR_MEMBER);

        rules.put("restrict_wildcard", "rule:context_is_admin or not '*':%(target_tenant)s");
        rules.put(CREATE_RBAC_POLICY, ADMIN_OR_MEMBER);
        rules.put(CREATE_RBAC_POLICY + ":target_tenant", "rule:restrict_wildcard");
        rules.put(GET_RBAC_POLICY, "rule:admin_or_project_reader");
        rules.put(UPDATE_RBAC_POLICY, ADMIN_OR_MEMBER);
        rules.put(UPDATE_RBAC_POLICY + ":target_tenant", "rule:restrict_wildcard");
        rules.put(DELETE_RBAC_POLICY, ADMIN_OR_MEMBER);

        rules.put(CREATE_METERING_LABEL, ADMIN);
        rules.put(GET_METERING_LABEL, ADMIN);
        rules.put(DELETE_METERING_LABEL, ADMIN);
        rules.put(CREATE_METERING_LABEL_RULE, ADMIN);
        rules.put(GET_METERING_LABEL_RULE, ADMIN);
        rules.put(DELETE_METERING_LABEL_RULE, ADMIN);

        return rules;
    }

    /** The target of a list or a create: the caller's own project, so reader and member rules apply to it. */
    static Map<String, Object> callerTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>(exchange.pathTarget());
        String project = exchange.auth().projectId().orElse("");
        target.put("project_id", project);
        target.put("tenant_id", project);
        target.put("shared", false);
        return target;
    }

    /** A boolean list filter the service applies itself (Neutron's convert_to_boolean); several values must agree. */
    static Optional<Boolean> booleanFilter(Exchange exchange, String name)
    {
        List<String> values = exchange.queryAll(name);
        Optional<Boolean> result = Optional.empty();
        for (String value : values) {
            boolean parsed = switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw new ApiException(PoolErrorCode.HTTPBadRequest, "Invalid input for " + name + ". Reason: '"
                        + PoolBodies.shorten(value) + "' cannot be converted to boolean.");
            };
            if (result.isPresent() && result.get() != parsed) {
                return Optional.empty();
            }
            result = Optional.of(parsed);
        }
        return result;
    }
}
