package io.xloud.network.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A port as stored, with its addresses (in the order they were given) and security groups. */
public record Port(
        String id,
        String networkId,
        String name,
        String macAddress,
        boolean adminStateUp,
        String deviceId,
        String deviceOwner,
        String bindingHostId,
        String bindingVnicType,
        Map<String, Object> bindingProfile,
        boolean portSecurityEnabled,
        List<AddressPair> allowedAddressPairs,
        List<DhcpOption> extraDhcpOpts,
        String dnsName,
        Optional<String> qosPolicyId,
        List<FixedIp> fixedIps,
        List<String> securityGroups,
        Standard standard)
{
    public record FixedIp(String subnetId, String ipAddress) {}

    public record AddressPair(String ipAddress, String macAddress) {}

    public record DhcpOption(String name, String value, int ipVersion) {}

    public Port
    {
        requireNonNull(id, "id is null");
        requireNonNull(networkId, "networkId is null");
        requireNonNull(name, "name is null");
        requireNonNull(macAddress, "macAddress is null");
        requireNonNull(deviceId, "deviceId is null");
        requireNonNull(deviceOwner, "deviceOwner is null");
        requireNonNull(bindingHostId, "bindingHostId is null");
        requireNonNull(bindingVnicType, "bindingVnicType is null");
        bindingProfile = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bindingProfile));
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
        extraDhcpOpts = List.copyOf(extraDhcpOpts);
        requireNonNull(dnsName, "dnsName is null");
        requireNonNull(qosPolicyId, "qosPolicyId is null");
        fixedIps = List.copyOf(fixedIps);
        securityGroups = List.copyOf(securityGroups);
        requireNonNull(standard, "standard is null");
    }

    public String projectId()
    {
        return standard.projectId();
    }

    public boolean bound()
    {
        return !bindingHostId.isEmpty();
    }

    /** DOWN until bound to a host (and administratively up), then ACTIVE. */
    public String status()
    {
        return bound() && adminStateUp ? "ACTIVE" : "DOWN";
    }

    public String vifType()
    {
        return bound() ? "ovs" : "unbound";
    }

    public Map<String, Object> vifDetails()
    {
        return bound() ? Map.of("port_filter", true, "connectivity", "l2", "bridge_name", "br-int", "datapath_type", "system") : Map.of();
    }

    /** Ports routers, DHCP and floating IPs own are changed through those resources, not deleted through the port API. */
    public boolean servicePort()
    {
        return deviceOwner.startsWith("network:router_interface") || deviceOwner.equals("network:router_gateway")
                || deviceOwner.equals("network:floatingip") || deviceOwner.equals("network:router_ha_interface");
    }
}
