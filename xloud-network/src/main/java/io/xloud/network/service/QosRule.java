package io.xloud.network.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One rule of a QoS policy: its type and the values of the type's parameters (integers as Long, choices as given). */
public record QosRule(String id, String policyId, QosRuleType type, Map<String, Object> values)
{
    public QosRule
    {
        requireNonNull(id, "id is null");
        requireNonNull(policyId, "policyId is null");
        requireNonNull(type, "type is null");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Optional<String> direction()
    {
        return Optional.ofNullable(values.get("direction")).map(String::valueOf);
    }

    /** One rule of each type per direction in a policy: this is what may not repeat. */
    public String key()
    {
        return type.wireName() + "|" + direction().orElse("");
    }
}
