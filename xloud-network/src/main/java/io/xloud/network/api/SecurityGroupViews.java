package io.xloud.network.api;

import io.xloud.network.service.SecurityGroup;
import io.xloud.network.service.SecurityGroupRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Security groups and rules on the wire, as Neutron shows them. */
final class SecurityGroupViews
{
    private SecurityGroupViews() {}

    /** {@code shared}: whether an RBAC policy shares the group with the viewer's project (or with all). */
    static Map<String, Object> group(SecurityGroup group, boolean shared)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("stateful", group.stateful());
        view.put("shared", shared);
        StandardViews.put(view, group.standard());
        List<Map<String, Object>> rules = group.rules().stream().map(SecurityGroupViews::rule).toList();
        view.put("security_group_rules", rules);
        return view;
    }

    static Map<String, Object> rule(SecurityGroupRule rule)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.put("security_group_id", rule.securityGroupId());
        view.put("direction", rule.direction());
        view.put("ethertype", rule.ethertype());
        view.put("protocol", rule.protocol().orElse(null));
        view.put("port_range_min", rule.portRangeMin().orElse(null));
        view.put("port_range_max", rule.portRangeMax().orElse(null));
        view.put("remote_ip_prefix", rule.remoteIpPrefix().orElse(null));
        view.put("normalized_cidr", rule.normalizedCidr().orElse(null));
        view.put("remote_group_id", rule.remoteGroupId().orElse(null));
        view.put("remote_address_group_id", rule.remoteAddressGroupId().orElse(null));
        view.put("belongs_to_default_sg", rule.belongsToDefaultGroup());
        StandardViews.put(view, rule.standard());
        // rules have standard attributes but take no tags
        view.remove("tags");
        return view;
    }
}
