package io.xloud.network.service;

import java.util.Map;

/** Where pool, scope, RBAC and metering changes are announced ({@code subnetpool.create.end}), in the change's unit of work. */
@FunctionalInterface
public interface PoolEvents
{
    void publish(String type, String projectId, String resourceType, String resourceId, Map<String, Object> payload);

    static PoolEvents none()
    {
        return (type, projectId, resourceType, resourceId, payload) -> {};
    }
}
