package io.xloud.network.service;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A named set of CIDRs (address-group) that security group rules name with {@code remote_address_group_id}. */
public record AddressGroup(String id, String name, List<String> addresses, Standard standard)
{
    public AddressGroup
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        addresses = List.copyOf(addresses);
        requireNonNull(standard, "standard is null");
    }

    public String projectId()
    {
        return standard.projectId();
    }
}
