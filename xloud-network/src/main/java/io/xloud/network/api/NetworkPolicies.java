package io.xloud.network.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Neutron's default rules (its 2023 defaults: admin, member and reader in a project scope), by Neutron's own rule
 * names, in the {@code network} namespace. Targets carry {@code project_id} (and {@code tenant_id}) of the resource,
 * {@code shared} and {@code external} as booleans, and {@code network_project_id} for resources on a network.
 * Each resource's rules are added by its own class; this holds the shared base rules and those of networks, subnets,
 * ports, tags, quotas and extensions.
 */
public final class NetworkPolicies
{
    public static final String ADMIN = "rule:context_is_admin";
    public static final String ADMIN_OR_MEMBER = "rule:admin_or_project_member";
    public static final String ADMIN_OR_READER = "rule:admin_or_project_reader";

    public static final String GET_EXTENSION = "get_extension";
    public static final String GET_QUOTA = "get_quota";
    public static final String UPDATE_QUOTA = "update_quota";
    public static final String DELETE_QUOTA = "delete_quota";

    public static final String CREATE_NETWORK = "create_network";
    public static final String GET_NETWORK = "get_network";
    public static final String UPDATE_NETWORK = "update_network";
    public static final String DELETE_NETWORK = "delete_network";
    public static final String CREATE_SUBNET = "create_subnet";
    public static final String GET_SUBNET = "get_subnet";
    public static final String UPDATE_SUBNET = "update_subnet";
    public static final String DELETE_SUBNET = "delete_subnet";
    public static final String CREATE_PORT = "create_port";
    public static final String GET_PORT = "get_port";
    public static final String UPDATE_PORT = "update_port";
    public static final String DELETE_PORT = "delete_port";

    private NetworkPolicies() {}

    /** The base rules every resource's rules build on. */
    public static Map<String, String> base()
    {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("context_is_admin", "role:admin");
        rules.put("admin_only", "rule:context_is_admin");
        rules.put("regular_user", "");
        rules.put("project_member", "role:member and project_id:%(project_id)s");
        rules.put("project_reader", "role:reader and project_id:%(project_id)s");
        rules.put("admin_or_project_member", "rule:context_is_admin or rule:project_member");
        rules.put("admin_or_project_reader", "rule:context_is_admin or rule:project_reader");
        rules.put("admin_or_owner", "rule:context_is_admin or project_id:%(project_id)s");
        rules.put("network_owner", "project_id:%(network_project_id)s");
        rules.put("admin_or_network_owner", "rule:context_is_admin or rule:network_owner");
        rules.put("shared", "'True':%(shared)s");
        rules.put("external", "'True':%(external)s");
        return rules;
    }

    /** Every rule of the core resources. */
    public static Map<String, String> defaults()
    {
        Map<String, String> rules = base();
        rules.put(GET_EXTENSION, "");
        rules.put(GET_QUOTA, "rule:context_is_admin or rule:project_reader");
        rules.put(UPDATE_QUOTA, ADMIN);
        rules.put(DELETE_QUOTA, ADMIN);

        rules.put(CREATE_NETWORK, ADMIN_OR_MEMBER);
        rules.put("create_network:shared", ADMIN);
        rules.put("create_network:router:external", ADMIN);
        rules.put("create_network:is_default", ADMIN);
        rules.put("create_network:port_security_enabled", ADMIN_OR_MEMBER);
        rules.put("create_network:segments", ADMIN);
        rules.put("create_network:provider:network_type", ADMIN);
        rules.put("create_network:provider:physical_network", ADMIN);
        rules.put("create_network:provider:segmentation_id", ADMIN);
        rules.put(GET_NETWORK, "rule:admin_or_project_reader or rule:shared or rule:external");
        rules.put("get_network:router:external", "");
        rules.put("get_network:segments", ADMIN);
        rules.put("get_network:provider:network_type", ADMIN);
        rules.put("get_network:provider:physical_network", ADMIN);
        rules.put("get_network:provider:segmentation_id", ADMIN);
        rules.put(UPDATE_NETWORK, ADMIN_OR_MEMBER);
        rules.put("update_network:shared", ADMIN);
        rules.put("update_network:port_security_enabled", ADMIN_OR_MEMBER);
        rules.put("update_network:router:external", ADMIN);
        rules.put("update_network:is_default", ADMIN);
        rules.put("update_network:segments", ADMIN);
        rules.put("update_network:provider:network_type", ADMIN);
        rules.put("update_network:provider:physical_network", ADMIN);
        rules.put("update_network:provider:segmentation_id", ADMIN);
        rules.put(DELETE_NETWORK, ADMIN_OR_MEMBER);

        rules.put(CREATE_SUBNET, "rule:context_is_admin or (rule:project_member and rule:network_owner)");
        rules.put("create_subnet:segment_id", ADMIN);
        rules.put("create_subnet:service_types", ADMIN);
        rules.put(GET_SUBNET, "rule:admin_or_project_reader or rule:shared");
        rules.put("get_subnet:segment_id", ADMIN);
        rules.put(UPDATE_SUBNET, "rule:context_is_admin or (rule:project_member and rule:network_owner)");
        rules.put("update_subnet:segment_id", ADMIN);
        rules.put("update_subnet:service_types", ADMIN);
        rules.put(DELETE_SUBNET, "rule:context_is_admin or (rule:project_member and rule:network_owner)");

        rules.put(CREATE_PORT, ADMIN_OR_MEMBER);
        rules.put("create_port:device_owner", "not rule:network_device or rule:context_is_advsvc or rule:admin_or_network_owner");
        rules.put("network_device", "field:port:device_owner=~^network:");
        rules.put("context_is_advsvc", "role:advsvc");
        rules.put("create_port:mac_address", "rule:context_is_advsvc or rule:admin_or_network_owner");
        rules.put("create_port:fixed_ips:ip_address", "rule:context_is_advsvc or rule:admin_or_network_owner");
        rules.put("create_port:fixed_ips:subnet_id", "rule:context_is_advsvc or rule:admin_or_network_owner or rule:shared");
        rules.put("create_port:port_security_enabled", "rule:context_is_advsvc or rule:admin_or_network_owner");
        rules.put("create_port:binding:host_id", ADMIN);
        rules.put("create_port:binding:profile", ADMIN);
        rules.put("create_port:mac_learning_enabled", "rule:context_is_advsvc or rule:admin_or_network_owner");
        rules.put("create_port:allowed_address_pairs", ADMIN_OR_MEMBER);
        rules.put(GET_PORT, "rule:context_is_advsvc or rule:admin_or_project_reader");
        rules.put("get_port:binding:vif_type", ADMIN);
        rules.put("get_port:binding:vif_details", ADMIN);
        rules.put("get_port:binding:host_id", ADMIN);
        rules.put("get_port:binding:profile", ADMIN);
        rules.put(UPDATE_PORT, "rule:context_is_advsvc or rule:admin_or_project_member");
        rules.put("update_port:device_owner", "not rule:network_device or rule:context_is_advsvc or rule:admin_or_network_owner");
        rules.put("update_port:mac_address", "rule:context_is_advsvc or rule:context_is_admin");
        rules.put("update_port:fixed_ips:ip_address", "rule:context_is_advsvc or rule:admin_or_network_owner");
        rules.put("update_port:fixed_ips:subnet_id", "rule:context_is_advsvc or rule:admin_or_network_owner or rule:shared");
        rules.put("update_port:port_security_enabled", "rule:context_is_advsvc or rule:admin_or_network_owner");
        rules.put("update_port:binding:host_id", ADMIN);
        rules.put("update_port:binding:profile", ADMIN);
        rules.put("update_port:allowed_address_pairs", ADMIN_OR_MEMBER);
        rules.put(DELETE_PORT, "rule:context_is_advsvc or rule:admin_or_project_member");

        rules.put("get_network_ip_availability", ADMIN);
        rules.put("get_availability_zone", "");
        rules.put("get_agent", "rule:admin_only");
        rules.put("get_agent:list", "rule:regular_user");
        rules.put(ServiceProviderResource.GET_SERVICE_PROVIDER, ADMIN_OR_READER);

        for (String collection : new String[] {"networks", "subnets", "ports"}) {
            tagRules(rules, collection);
        }
        return rules;
    }

    /** Neutron's tag rules of a collection: {@code get_networks_tags}, {@code create_}, {@code update_}, {@code delete_}. */
    public static void tagRules(Map<String, String> rules, String collection)
    {
        rules.put("get_" + collection + "_tags", "rule:admin_or_project_reader or rule:shared or rule:external");
        rules.put("create_" + collection + "_tags", ADMIN_OR_MEMBER);
        rules.put("update_" + collection + "_tags", ADMIN_OR_MEMBER);
        rules.put("delete_" + collection + "_tags", ADMIN_OR_MEMBER);
    }
}
