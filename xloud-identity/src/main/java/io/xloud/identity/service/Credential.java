package io.xloud.identity.service;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A credential of the /v3/credentials API: an opaque blob (JSON text) of a type, owned by a user, maybe for a project. */
public record Credential(String id, String userId, Optional<String> projectId, String type, String blob, Map<String, Object> extra)
{
    public static final String EC2 = "ec2";

    public Credential
    {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(type, "type is null");
        requireNonNull(blob, "blob is null");
        extra = Map.copyOf(extra);
    }

    /** Keystone compares the type without regard to case when it decides whether a credential is an EC2 one. */
    public boolean isEc2()
    {
        return type.equalsIgnoreCase(EC2);
    }
}
