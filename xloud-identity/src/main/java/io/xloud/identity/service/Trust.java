package io.xloud.identity.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** OS-TRUST: a trustor delegates some of its roles on a project to a trustee. */
public record Trust(String id, String trustorUserId, String trusteeUserId, Optional<String> projectId, boolean impersonation,
        Optional<Long> expiresAt, Optional<Integer> remainingUses, Optional<String> redelegatedTrustId, Optional<Integer> redelegationCount,
        List<String> roleIds, Map<String, Object> extra)
{
    public Trust
    {
        requireNonNull(id, "id is null");
        requireNonNull(trustorUserId, "trustorUserId is null");
        requireNonNull(trusteeUserId, "trusteeUserId is null");
        roleIds = List.copyOf(roleIds);
        extra = Map.copyOf(extra);
    }

    public boolean expired(long nowMillis)
    {
        return expiresAt.isPresent() && expiresAt.get() <= nowMillis;
    }
}
