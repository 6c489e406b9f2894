package io.xloud.core.http;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One method on one path template, e.g. {@code GET /identity/v3/users/{user_id}}.
 * A route is either public (no token, no policy) or carries the policy rule that guards it.
 */
public record Route(
        String service,
        String method,
        String template,
        Optional<String> policy,
        TargetResolver target,
        Handler handler)
{
    public Route
    {
        requireNonNull(service, "service is null");
        requireNonNull(method, "method is null");
        requireNonNull(template, "template is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(target, "target is null");
        requireNonNull(handler, "handler is null");
    }

    public boolean isPublic()
    {
        return policy.isEmpty();
    }
}
