package io.xloud.core.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One {@link PolicyEngine} per service namespace, so that two services may both define a rule named
 * {@code admin_required} or {@code owner}, each with its own check. A route is enforced in its service's
 * namespace; rules of one namespace never see another's.
 */
public final class ServicePolicies
{
    private final Map<String, PolicyEngine> engines;

    private ServicePolicies(Map<String, PolicyEngine> engines)
    {
        this.engines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(engines));
    }

    /**
     * @param defaults rules per namespace, name to check string
     * @param overrides the operator's rules per namespace; a namespace without defaults is an error (a file for a service that does not exist)
     * @throws IllegalArgumentException naming the namespace and rule, if any rule is malformed, undefined or part of a cycle
     */
    public static ServicePolicies of(Map<String, Map<String, String>> defaults, Map<String, Map<String, String>> overrides)
    {
        requireNonNull(defaults, "defaults is null");
        requireNonNull(overrides, "overrides is null");
        for (String namespace : overrides.keySet()) {
            if (!defaults.containsKey(namespace)) {
                throw new IllegalArgumentException("policy overrides for unknown service '" + namespace + "'");
            }
        }
        Map<String, PolicyEngine> engines = new LinkedHashMap<>();
        defaults.forEach((namespace, rules) -> {
            try {
                engines.put(namespace, new PolicyEngine(rules, overrides.getOrDefault(namespace, Map.of())));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(namespace + ": " + e.getMessage(), e);
            }
        });
        return new ServicePolicies(engines);
    }

    /** The engine of a service's namespace, if the service has rules. */
    public Optional<PolicyEngine> find(String namespace)
    {
        return Optional.ofNullable(engines.get(namespace));
    }

    /** @throws IllegalArgumentException if the namespace has no rules */
    public PolicyEngine engine(String namespace)
    {
        PolicyEngine engine = engines.get(namespace);
        if (engine == null) {
            throw new IllegalArgumentException("no policy rules for service '" + namespace + "'");
        }
        return engine;
    }

    public Set<String> namespaces()
    {
        return engines.keySet();
    }
}
