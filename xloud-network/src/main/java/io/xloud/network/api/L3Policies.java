package io.xloud.network.api;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.xloud.network.api.NetworkPolicies.ADMIN;
import static io.xloud.network.api.NetworkPolicies.ADMIN_OR_MEMBER;
import static io.xloud.network.api.NetworkPolicies.ADMIN_OR_READER;

/** Neutron's rules for routers, floating IPs, floating IP pools and port forwardings (its 2023 defaults). */
public final class L3Policies
{
    public static final String CREATE_ROUTER = "create_router";
    public static final String GET_ROUTER = "get_router";
    public static final String UPDATE_ROUTER = "update_router";
    public static final String DELETE_ROUTER = "delete_router";
    public static final String ADD_ROUTER_INTERFACE = "add_router_interface";
    public static final String REMOVE_ROUTER_INTERFACE = "remove_router_interface";
    public static final String ADD_EXTRAROUTES = "add_extraroutes";
    public static final String REMOVE_EXTRAROUTES = "remove_extraroutes";
    public static final String CREATE_FLOATINGIP = "create_floatingip";
    public static final String GET_FLOATINGIP = "get_floatingip";
    public static final String UPDATE_FLOATINGIP = "update_floatingip";
    public static final String DELETE_FLOATINGIP = "delete_floatingip";
    public static final String GET_FLOATINGIP_POOL = "get_floatingip_pool";
    public static final String CREATE_PORT_FORWARDING = "create_floatingip_port_forwarding";
    public static final String GET_PORT_FORWARDING = "get_floatingip_port_forwarding";
    public static final String UPDATE_PORT_FORWARDING = "update_floatingip_port_forwarding";
    public static final String DELETE_PORT_FORWARDING = "delete_floatingip_port_forwarding";
    public static final String GET_AUTO_ALLOCATED_TOPOLOGY = "get_auto_allocated_topology";
    public static final String DELETE_AUTO_ALLOCATED_TOPOLOGY = "delete_auto_allocated_topology";

    private L3Policies() {}

    public static Map<String, String> defaults()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put(CREATE_ROUTER, ADMIN_OR_MEMBER);
        rules.put("create_router:external_gateway_info", ADMIN_OR_MEMBER);
        rules.put("create_router:external_gateway_info:network_id", ADMIN_OR_MEMBER);
        rules.put("create_router:external_gateway_info:enable_snat", ADMIN);
        rules.put("create_router:external_gateway_info:external_fixed_ips", ADMIN);
        rules.put(GET_ROUTER, ADMIN_OR_READER);
        rules.put(UPDATE_ROUTER, ADMIN_OR_MEMBER);
        rules.put("update_router:external_gateway_info", ADMIN_OR_MEMBER);
        rules.put("update_router:external_gateway_info:network_id", ADMIN_OR_MEMBER);
        rules.put("update_router:external_gateway_info:enable_snat", ADMIN);
        rules.put("update_router:external_gateway_info:external_fixed_ips", ADMIN);
        rules.put(DELETE_ROUTER, ADMIN_OR_MEMBER);
        rules.put(ADD_ROUTER_INTERFACE, ADMIN_OR_MEMBER);
        rules.put(REMOVE_ROUTER_INTERFACE, ADMIN_OR_MEMBER);
        rules.put(ADD_EXTRAROUTES, ADMIN_OR_MEMBER);
        rules.put(REMOVE_EXTRAROUTES, ADMIN_OR_MEMBER);
        NetworkPolicies.tagRules(rules, "routers");

        rules.put(CREATE_FLOATINGIP, ADMIN_OR_MEMBER);
        rules.put("create_floatingip:floating_ip_address", ADMIN);
        rules.put(GET_FLOATINGIP, ADMIN_OR_READER);
        rules.put(UPDATE_FLOATINGIP, ADMIN_OR_MEMBER);
        rules.put(DELETE_FLOATINGIP, ADMIN_OR_MEMBER);
        NetworkPolicies.tagRules(rules, "floatingips");
        rules.put(GET_FLOATINGIP_POOL, "rule:context_is_admin or role:reader");

        rules.put(CREATE_PORT_FORWARDING, ADMIN_OR_MEMBER);
        rules.put(GET_PORT_FORWARDING, ADMIN_OR_READER);
        rules.put(UPDATE_PORT_FORWARDING, ADMIN_OR_MEMBER);
        rules.put(DELETE_PORT_FORWARDING, ADMIN_OR_MEMBER);

        rules.put(GET_AUTO_ALLOCATED_TOPOLOGY, ADMIN_OR_READER);
        rules.put(DELETE_AUTO_ALLOCATED_TOPOLOGY, ADMIN_OR_MEMBER);
        return rules;
    }
}
