package io.xloud.network.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes a create or update of a port gives. {@code macAddress}: inner empty (JSON null) asks for a new
 * one. {@code fixedIps}: the whole wanted list. {@code extraDhcpOpts}: options whose value is empty are removed.
 */
public record PortChange(
        Optional<String> networkId,
        Optional<String> name,
        Optional<String> description,
        Optional<Optional<String>> macAddress,
        Optional<Boolean> adminStateUp,
        Optional<String> deviceId,
        Optional<String> deviceOwner,
        Optional<String> bindingHostId,
        Optional<String> bindingVnicType,
        Optional<Map<String, Object>> bindingProfile,
        Optional<Boolean> portSecurityEnabled,
        Optional<List<Port.AddressPair>> allowedAddressPairs,
        Optional<List<DhcpOptionChange>> extraDhcpOpts,
        Optional<String> dnsName,
        Optional<Optional<String>> qosPolicyId,
        Optional<List<FixedIpRequest>> fixedIps,
        Optional<List<String>> securityGroups)
{
    /** One wanted address: a subnet, an address, or both. */
    public record FixedIpRequest(Optional<String> subnetId, Optional<String> ipAddress) {}

    /** An option to set, or with an empty value to remove. */
    public record DhcpOptionChange(String name, Optional<String> value, int ipVersion) {}
}
