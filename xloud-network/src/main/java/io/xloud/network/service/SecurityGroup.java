package io.xloud.network.service;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A security group with its rules, as {@code GET /v2.0/security-groups/{id}} shows it. */
public record SecurityGroup(String id, String name, boolean stateful, boolean isDefault, Standard standard, List<SecurityGroupRule> rules)
{
    public static final String DEFAULT_NAME = "default";

    public SecurityGroup
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

    public SecurityGroup withRules(List<SecurityGroupRule> newRules)
    {
        return new SecurityGroup(id, name, stateful, isDefault, standard, newRules);
    }

    public SecurityGroup withStandard(Standard newStandard)
    {
        return new SecurityGroup(id, name, stateful, isDefault, newStandard, rules);
    }
}
