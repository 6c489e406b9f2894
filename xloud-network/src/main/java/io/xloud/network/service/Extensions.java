package io.xloud.network.service;

import java.util.ArrayList;
import java.util.Collections;
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
        all.add(of("dns-integration", "DNS Integration", "Provides integration with DNS."));
        all.add(of("network-ip-availability", "Network IP Availability", "Provides IP availability data for each network and subnet."));
        all.add(of("ip-substring-filtering", "IP address substring filtering", "Provides IP address substring filtering when listing ports"));
        ALL = Collections.unmodifiableList(all);
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
        return ALL.stream().filter(extension -> extension.alias().equals(alias)).findFirst();
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
