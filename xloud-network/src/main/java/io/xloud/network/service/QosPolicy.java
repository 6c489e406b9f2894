package io.xloud.network.service;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A QoS policy with its rules: shared policies are visible to every project; a project has at most one default policy. */
public record QosPolicy(String id, String name, boolean shared, boolean isDefault, Standard standard, List<QosRule> rules)
{
    public QosPolicy
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(standard, "standard is null");
        rules = List.copyOf(rules);
    }

    public String projectId()
    {
        return standard.projectId();
    }
}
