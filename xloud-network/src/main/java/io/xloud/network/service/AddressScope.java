package io.xloud.network.service;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A Neutron address scope: subnet pools in one scope never overlap, so addresses in it route without NAT. */
public record AddressScope(String id, String projectId, String name, int ipVersion, Instant createdAt, Instant updatedAt, long revisionNumber)
{
    public AddressScope
    {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
