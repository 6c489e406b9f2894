package io.xloud.objectstore.s3;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An S3 key pair and whom it stands for: the user, the project the key was made for, and the
 * user's roles on that project now (so that a revoked role takes effect without a new key).
 */
public record S3Secret(String access, String secret, String userId, String projectId, List<String> roles)
{
    public S3Secret
    {
        requireNonNull(access, "access is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(projectId, "projectId is null");
        roles = List.copyOf(roles);
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString()
    {
        return "S3Secret[access=" + access + ", secret=<redacted>, userId=" + userId + ", projectId=" + projectId + ", roles=" + roles + "]";
    }
}
