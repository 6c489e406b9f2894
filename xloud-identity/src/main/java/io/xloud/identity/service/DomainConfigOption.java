package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/** One option of a domain's specific configuration; the value keeps its JSON type. */
public record DomainConfigOption(String group, String option, JsonNode value)
{
    public DomainConfigOption
    {
        requireNonNull(group, "group is null");
        requireNonNull(option, "option is null");
        requireNonNull(value, "value is null");
    }
}
