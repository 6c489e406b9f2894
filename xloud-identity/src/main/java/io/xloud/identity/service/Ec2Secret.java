package io.xloud.identity.service;

import static java.util.Objects.requireNonNull;

/** An EC2 (S3) key pair and whom it stands for: the user, on the project the credential was made for. */
public record Ec2Secret(String access, String secret, String userId, String projectId)
{
    public Ec2Secret
    {
        requireNonNull(access, "access is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(projectId, "projectId is null");
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString()
    {
        return "Ec2Secret[access=" + access + ", secret=<redacted>, userId=" + userId + ", projectId=" + projectId + "]";
    }
}
