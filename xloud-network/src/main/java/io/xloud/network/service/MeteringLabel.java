package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/** A metering label: a named set of rules whose traffic is counted. */
public record MeteringLabel(String id, String projectId, String name, String description, boolean shared)
{
    public MeteringLabel
    {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
    }
}
