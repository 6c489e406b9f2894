package io.xloud.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xloud.core.policy.ServicePolicies;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective rules in oslopolicy-policy-generator's form, one {@code "rule": "check"} line per rule, sorted; a
 * YAML document per service, headed by a comment naming it, so each document can be saved as that service's file.
 */
final class PolicyListing
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyListing() {}

    static String render(ServicePolicies policies, Optional<String> service)
    {
        List<String> namespaces = service.map(List::of).orElseGet(() -> List.copyOf(policies.namespaces()));
        StringBuilder out = new StringBuilder();
        for (String namespace : namespaces) {
            if (!out.isEmpty()) {
                out.append("---\n");
            }
            out.append("# ").append(namespace).append('\n');
            for (Map.Entry<String, String> rule : policies.engine(namespace).checkStrings().entrySet()) {
                // a JSON string is a YAML double-quoted scalar, escapes included
                out.append(quote(rule.getKey())).append(": ").append(quote(rule.getValue())).append('\n');
            }
        }
        return out.toString();
    }

    private static String quote(String value)
    {
        try {
            return JSON.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
