package io.xloud.core.http;

import java.util.Map;

/** Builds the policy target of a request, loading the resource it names where the rule needs it. */
@FunctionalInterface
public interface TargetResolver
{
    Map<String, Object> resolve(Exchange exchange);
}
