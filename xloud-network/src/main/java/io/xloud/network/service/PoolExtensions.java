package io.xloud.network.service;

import java.util.List;

/** The extension aliases of subnet pools, address scopes, RBAC policies, network IP availability and metering. */
final class PoolExtensions
{
    private static final String UPDATED = "2024-01-01T00:00:00-00:00";

    private PoolExtensions() {}

    static List<Extensions.Extension> all()
    {
        return List.of(
                of("subnet_allocation", "Subnet Allocation", "Enables allocation of subnets from a subnet pool"),
                of("default-subnetpools", "Default Subnetpools", "Provides ability to mark and use a subnetpool as the default."),
                of("subnetpool-prefix-ops", "Subnet Pool Prefix Operations", "Provides support for adjusting the prefix list of subnet pools"),
                of("address-scope", "Address scope", "Address scopes extension."),
                of("rbac-policies", "RBAC Policies", "Allows creation and modification of policies that control tenant access to resources."),
                of("rbac-address-scope", "Add address_scope type to RBAC", "Add address_scope type to RBAC"),
                of("rbac-subnetpool", "Add subnetpool type to RBAC", "Add subnetpool type to RBAC"),
                of("rbac-security-groups", "Add security_group type to network RBAC", "Add security_group type to network RBAC"),
                of("rbac-address-group", "Add address_group type to RBAC", "Add address_group type to RBAC"),
                of("metering", "Neutron Metering", "Neutron Metering extension."),
                of("metering_source_and_destination_fields", "Neutron Metering with source and destination filtering",
                        "Neutron Metering extension that enables the use of source and destination IP prefixes."));
    }

    private static Extensions.Extension of(String alias, String name, String description)
    {
        return new Extensions.Extension(alias, name, description, UPDATED);
    }
}
