package io.xloud.network.api;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.xloud.network.api.NetworkPolicies.ADMIN_OR_MEMBER;
import static io.xloud.network.api.NetworkPolicies.ADMIN_OR_READER;

/** Neutron's rules for trunks and their subports, by Neutron's names. */
public final class TrunkPolicies
{
    public static final String CREATE_TRUNK = "create_trunk";
    public static final String GET_TRUNK = "get_trunk";
    public static final String UPDATE_TRUNK = "update_trunk";
    public static final String DELETE_TRUNK = "delete_trunk";
    public static final String GET_SUBPORTS = "get_subports";
    public static final String ADD_SUBPORTS = "add_subports";
    public static final String REMOVE_SUBPORTS = "remove_subports";

    private TrunkPolicies() {}

    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put(CREATE_TRUNK, ADMIN_OR_MEMBER);
        rules.put(GET_TRUNK, ADMIN_OR_READER);
        rules.put(UPDATE_TRUNK, ADMIN_OR_MEMBER);
        rules.put(DELETE_TRUNK, ADMIN_OR_MEMBER);
        rules.put(GET_SUBPORTS, ADMIN_OR_READER);
        rules.put(ADD_SUBPORTS, ADMIN_OR_MEMBER);
        rules.put(REMOVE_SUBPORTS, ADMIN_OR_MEMBER);
        NetworkPolicies.tagRules(rules, "trunks");
        return rules;
    }
}
