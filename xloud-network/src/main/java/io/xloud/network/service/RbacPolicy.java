package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/** A grant of one object ({@code network}, {@code subnetpool}, ...) to one project or to all ({@code *}). */
public record RbacPolicy(String id, String projectId, String objectType, String objectId, String action, String targetTenant)
{
    public static final String WILDCARD = "*";
    public static final String ACCESS_AS_SHARED = "access_as_shared";
    public static final String ACCESS_AS_EXTERNAL = "access_as_external";

    public RbacPolicy
    {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(objectType, "objectType is null");
        requireNonNull(objectId, "objectId is null");
        requireNonNull(action, "action is null");
        requireNonNull(targetTenant, "targetTenant is null");
    }
}
