package io.xloud.identity.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** An application credential: a secret that authenticates as its user, on one project, with a subset of roles. */
public record ApplicationCredential(String id, String name, String userId, Optional<String> projectId, String secretHash,
        Optional<String> description, Optional<Long> expiresAt, boolean unrestricted, List<String> roleIds,
        List<Map<String, Object>> accessRules)
{
    public ApplicationCredential
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(secretHash, "secretHash is null");
        roleIds = List.copyOf(roleIds);
        accessRules = List.copyOf(accessRules);
    }

    public boolean expired(long nowMillis)
    {
        return expiresAt.isPresent() && expiresAt.get() <= nowMillis;
    }
}
