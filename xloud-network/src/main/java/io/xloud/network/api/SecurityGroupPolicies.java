package io.xloud.network.api;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.xloud.network.api.NetworkPolicies.ADMIN;
import static io.xloud.network.api.NetworkPolicies.ADMIN_OR_MEMBER;
import static io.xloud.network.api.NetworkPolicies.ADMIN_OR_READER;

/** Neutron's rules for security groups and their rules, address groups and QoS, by Neutron's names. */
public final class SecurityGroupPolicies
{
    public static final String CREATE_SECURITY_GROUP = "create_security_group";
    public static final String GET_SECURITY_GROUP = "get_security_group";
    public static final String UPDATE_SECURITY_GROUP = "update_security_group";
    public static final String DELETE_SECURITY_GROUP = "delete_security_group";
    public static final String CREATE_SECURITY_GROUP_RULE = "create_security_group_rule";
    public static final String GET_SECURITY_GROUP_RULE = "get_security_group_rule";
    public static final String DELETE_SECURITY_GROUP_RULE = "delete_security_group_rule";

    public static final String CREATE_ADDRESS_GROUP = "create_address_group";
    public static final String GET_ADDRESS_GROUP = "get_address_group";
    public static final String UPDATE_ADDRESS_GROUP = "update_address_group";
    public static final String DELETE_ADDRESS_GROUP = "delete_address_group";
    public static final String ADD_ADDRESSES = "add_addresses";
    public static final String REMOVE_ADDRESSES = "remove_addresses";

    public static final String CREATE_POLICY = "create_policy";
    public static final String GET_POLICY = "get_policy";
    public static final String UPDATE_POLICY = "update_policy";
    public static final String DELETE_POLICY = "delete_policy";
    public static final String GET_RULE_TYPE = "get_rule_type";

    private SecurityGroupPolicies() {}

    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put(CREATE_SECURITY_GROUP, ADMIN_OR_MEMBER);
        // a group or address group an RBAC policy shares with the caller's project is readable by it (rbac-security-groups, rbac-address-group)
        rules.put("shared_security_groups", "'True':%(shared)s");
        rules.put("shared_address_groups", "'True':%(shared)s");
        rules.put(GET_SECURITY_GROUP, "rule:admin_or_project_reader or rule:shared_security_groups");
        rules.put(UPDATE_SECURITY_GROUP, ADMIN_OR_MEMBER);
        rules.put(DELETE_SECURITY_GROUP, ADMIN_OR_MEMBER);
        rules.put(CREATE_SECURITY_GROUP_RULE, ADMIN_OR_MEMBER);
        rules.put(GET_SECURITY_GROUP_RULE, ADMIN_OR_READER);
        rules.put(DELETE_SECURITY_GROUP_RULE, ADMIN_OR_MEMBER);
        NetworkPolicies.tagRules(rules, "security-groups");

        rules.put(CREATE_ADDRESS_GROUP, ADMIN_OR_MEMBER);
        NetworkPolicies.tagRules(rules, "address-groups");
        rules.put(GET_ADDRESS_GROUP, "rule:admin_or_project_reader or rule:shared_address_groups");
        rules.put(UPDATE_ADDRESS_GROUP, ADMIN_OR_MEMBER);
        rules.put(DELETE_ADDRESS_GROUP, ADMIN_OR_MEMBER);
        rules.put(ADD_ADDRESSES, ADMIN_OR_MEMBER);
        rules.put(REMOVE_ADDRESSES, ADMIN_OR_MEMBER);

        // QoS: policies and their rules are the operator's; projects read their own and shared ones
        rules.put(CREATE_POLICY, ADMIN);
        rules.put(GET_POLICY, "rule:admin_or_project_reader or rule:shared");
        rules.put(UPDATE_POLICY, ADMIN);
        rules.put(DELETE_POLICY, ADMIN);
        rules.put(GET_RULE_TYPE, ADMIN);
        for (String type : new String[] {"bandwidth_limit_rule", "dscp_marking_rule", "minimum_bandwidth_rule", "packet_rate_limit_rule",
                "minimum_packet_rate_rule"}) {
            rules.put("create_policy_" + type, ADMIN);
            rules.put("get_policy_" + type, "rule:admin_or_project_reader or rule:shared");
            rules.put("update_policy_" + type, ADMIN);
            rules.put("delete_policy_" + type, ADMIN);
        }
        NetworkPolicies.tagRules(rules, QosPolicyResource.COLLECTION);
        return rules;
    }
}
