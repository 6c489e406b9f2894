package io.xloud.core.http;

import io.xloud.core.microversion.MicroversionRange;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One method on one path template, e.g. {@code GET /identity/v3/users/{user_id}}.
 * A route is either public (no token, no policy) or carries the policy rule that guards it.
 * A route with {@code tokenOptional} also takes requests without a token (or with one that does not
 * validate): the kernel evaluates its rule when there is a caller and leaves the decision to the handler
 * ({@link Exchange#policyPassed()}), for APIs where a grant can come from elsewhere, such as Swift's
 * container ACLs, public containers and signed URLs.
 * A route of a module with microversions may exist only for a range of them ({@code versions}); outside it
 * the kernel answers 404, as Nova does for an API that does not exist at the requested version.
 */
public record Route(
        String service,
        String method,
        String template,
        Optional<String> policy,
        TargetResolver target,
        Handler handler,
        boolean tokenOptional,
        MicroversionRange versions)
{
    public Route(String service, String method, String template, Optional<String> policy, TargetResolver target, Handler handler)
    {
        this(service, method, template, policy, target, handler, false);
    }

    public Route(String service, String method, String template, Optional<String> policy, TargetResolver target, Handler handler,
            boolean tokenOptional)
    {
        this(service, method, template, policy, target, handler, tokenOptional, MicroversionRange.ANY);
    }

    public Route
    {
        requireNonNull(service, "service is null");
        requireNonNull(method, "method is null");
        requireNonNull(template, "template is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(target, "target is null");
        requireNonNull(handler, "handler is null");
        requireNonNull(versions, "versions is null");
        if (tokenOptional && policy.isEmpty()) {
            throw new IllegalArgumentException("a route with an optional token needs a policy rule: " + method + " " + template);
        }
    }

    public boolean isPublic()
    {
        return policy.isEmpty();
    }
}
