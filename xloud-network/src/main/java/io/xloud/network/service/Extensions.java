package io.xloud.network.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The API extensions this service implements, as {@code GET /v2.0/extensions} lists them: clients (and Tempest)
 * decide what to use from these aliases, so an alias is listed only when it behaves as Neutron's does.
 * One line per alias; each resource adds its own.
 */
public final class Extensions
{
    public record Extension(String alias, String name, String description, String updated)
    {
        public Extension
        {
            requireNonNull(alias, "alias is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(updated, "updated is null");
        }
    }

    private static final String UPDATED = "2024-01-01T00:00:00-00:00";

    private static final List<Extension> ALL;
    private static final Map<String, Extension> BY_ALIAS;

    static {
        List<Extension> all = new ArrayList<>();
        // the list machinery and standard attributes (net-core)
        all.add(of("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."));
        all.add(of("pagination", "Pagination support", "Extension that indicates that pagination is enabled."));
        all.add(of("sorting", "Sorting support", "Extension that indicates that sorting is enabled."));
        all.add(of("filter-validation", "Filter parameters validation", "Provides validation on filter parameters."));
        all.add(of("empty-string-filtering", "Empty String Filtering Extension", "Allow filtering by attributes with empty string value"));
        all.add(of("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"));
        all.add(of("standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip",
                "Enables to set tag on resources with standard attribute."));
        all.add(of("tag", "Tag support", "Enables to set tag on resources."));
        all.add(of("tag-creation", "Tag creation extension", "Enables to set tags on resources during their creation."));
        all.add(of("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."));
        all.add(of("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."));
        all.add(of("revision-if-match", "If-Match constraints based on revision_number", "Extension indicating that If-Match based on revision_number is supported."));
        // quotas (net-core)
        all.add(of("quotas", "Quota management support", "Expose functions for quotas management per project"));
        all.add(of("quota_details", "Quota details management support", "Expose functions for quotas usage statistics per project"));
        // networks, subnets, ports (net-core)
        all.add(of("external-net", "Neutron external network", "Adds external network attribute to network resource."));
        all.add(of("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."));
        all.add(of("net-mtu-writable", "Network MTU (writable)", "Provides a writable MTU attribute for a network resource."));
        all.add(of("provider", "Provider Network", "Expose mapping of virtual networks to physical networks"));
        all.add(of("port-security", "Port Security", "Provides port security"));
        all.add(of("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"));
        all.add(of("extra_dhcp_opt", "Neutron Extra DHCP options", "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)"));
        all.add(of("binding", "Port Binding", "Expose port bindings of a virtual port to external application"));
        all.add(of("port-mac-address-regenerate", "Neutron Port MAC address regenerate", "Network port MAC address regenerate"));
        all.add(of("availability_zone", "Availability Zone", "The availability zone extension."));
        all.add(of("network_availability_zone", "Network Availability Zone", "Availability zone support for network."));
        all.add(of("network-ip-availability", "Network IP Availability", "Provides IP availability data for each network and subnet."));
        all.add(of("dns-integration", "DNS Integration", "Provides integration with DNS."));
        all.add(of("service-type", "Neutron Service Type Management", "API for retrieving service providers for Neutron advanced services"));
        all.add(of("ip-substring-filtering", "IP address substring filtering", "Provides IP address substring filtering when listing ports"));
        // security groups, address groups, QoS (net-sec)
        all.add(of("security-group", "security-group", "The security groups extension."));
        all.add(of("stateful-security-group", "Stateful security group", "Indicates if the security group is stateful or not"));
        all.add(of("security-groups-remote-address-group", "Remote address group id field for security group rules",
                "Add new field of remote address group id in security group rules"));
        all.add(of("security-groups-normalized-cidr", "Normalized CIDR field for security group rules",
                "Add new field with normalized remote_ip_prefix cidr in SG rule"));
        all.add(of("address-group", "Address group", "Support address group"));
        all.add(of("qos", "Quality of Service", "The Quality of Service extension."));
        all.add(of("qos-bw-limit-direction", "Direction for QoS bandwidth limit rule", "Allow to configure QoS bandwidth limit rule with specific direction: ingress or egress"));
        all.add(of("qos-bw-minimum-ingress", "Ingress direction for QoS minimum bandwidth rule", "Allow to configure QoS minumum bandwidth rule with ingress direction."));
        all.add(of("qos-default", "QoS default policy", "Expose the QoS default policy per project"));
        all.add(of("qos-rule-type-details", "Details of QoS rule types", "Expose details about QoS rule types supported by loaded backend drivers"));
        all.add(of("qos-pps", "QoS packet rate limit rule", "Adds support for the QoS packet rate limit rule"));
        all.add(of("qos-fip", "Floating IP QoS", "The floating IP Quality of Service extension"));
        all.add(of("qos-pps-minimum", "QoS minimum packet rate rule", "Adds support for the QoS minimum packet rate rule"));
        // routers and floating IPs (net-l3)
        all.add(of("router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."));
        all.add(of("ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway"));
        all.add(of("extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"));
        all.add(of("extraroute-atomic", "Atomically add/remove extra routes", "Edit extra routes of a router on server side by atomically adding/removing extra routes"));
        all.add(of("router_availability_zone", "Router Availability Zone", "Availability zone support for router."));
        all.add(of("fip-port-details", "Floating IP Port Details Extension", "Add port_details attribute to Floating IP resource"));
        all.add(of("floatingip-pools", "Floating IP Pools Extension", "Provides a floating IP pools API."));
        all.add(of("floating-ip-port-forwarding", "Floating IP Port Forwarding", "Extension of floating IP to support port forwarding"));
        all.add(of("floating-ip-port-forwarding-description", "Floating IP Port Forwarding new attribute description", "Add a description field to Port Forwarding rules"));
        all.add(of("floating-ip-port-forwarding-port-ranges", "Floating IP Port Forwarding support port ranges", "Add suport to port ranges on Floating IP port forwarding"));
        all.add(of("auto-allocated-topology", "Auto Allocated Topology Services", "Auto Allocated Topology Services."));
        all.add(of("expose-port-forwarding-in-fip", "Expose Port Forwarding in Floating IP", "Expose the port forwarding rules in floating IP"));
        // trunks (net-trunk)
        all.add(of("trunk", "Trunk Extension", "Provides support for trunk ports"));
        all.add(of("trunk-details", "Trunk port details", "Expose trunk port details"));
        // subnet pools, address scopes, RBAC, IP availability, metering (net-pools)
        all.addAll(PoolExtensions.all());
        ALL = Collections.unmodifiableList(all);
        Map<String, Extension> byAlias = new HashMap<>();
        all.forEach(extension -> byAlias.putIfAbsent(extension.alias(), extension));
        BY_ALIAS = Map.copyOf(byAlias);
    }

    private Extensions() {}

    private static Extension of(String alias, String name, String description)
    {
        return new Extension(alias, name, description, UPDATED);
    }

    public static List<Extension> all()
    {
        return ALL;
    }

    public static Optional<Extension> find(String alias)
    {
        // asked for every item of every list view: a map lookup, not a scan
        return Optional.ofNullable(BY_ALIAS.get(alias));
    }

    public static boolean has(String alias)
    {
        return find(alias).isPresent();
    }

    public static Map<String, Object> view(Extension extension)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", extension.name());
        view.put("alias", extension.alias());
        view.put("description", extension.description());
        view.put("updated", extension.updated());
        view.put("links", List.of());
        return view;
    }
}
