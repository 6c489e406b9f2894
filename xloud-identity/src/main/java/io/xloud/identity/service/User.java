package io.xloud.identity.service;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public record User(String id, String name, String domainId, boolean enabled, Optional<String> defaultProjectId,
        Optional<String> passwordHash, Optional<Long> passwordCreatedAt, Optional<Long> passwordExpiresAt,
        int failedAuthCount, Optional<Long> failedAuthAt, Map<String, Object> options, Map<String, Object> extra, long createdAt)
{
    public User
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(domainId, "domainId is null");
        options = Map.copyOf(options);
        extra = Map.copyOf(extra);
    }

    public boolean option(String name)
    {
        return Boolean.TRUE.equals(options.get(name));
    }
}
