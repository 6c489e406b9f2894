package io.xloud.core.limits;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.ErrorCode;
import org.jdbi.v3.core.Handle;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Race-free quota: the check and the reservation are one conditional UPDATE inside the caller's
 * transaction, so two concurrent creates can never both pass the last free unit, and a create that
 * rolls back gives its reservation back with it.
 */
public final class QuotaService
{
    public static final long UNLIMITED = -1;

    private final Optional<String> service;
    private final Map<String, Long> defaults;
    private final ErrorCode exceeded;

    /** @param defaults limit per resource when a project has none of its own; -1 is unlimited */
    public QuotaService(Map<String, Long> defaults, ErrorCode exceeded)
    {
        this.service = Optional.empty();
        this.defaults = Map.copyOf(defaults);
        this.exceeded = requireNonNull(exceeded, "exceeded is null");
    }

    /**
     * The quotas of one service: its resources are stored as {@code <service>.<resource>}, so two services may
     * both count {@code volumes}; a resource the service did not declare is a programming error.
     */
    public QuotaService(String service, Map<String, Long> defaults, ErrorCode exceeded)
    {
        requireNonNull(service, "service is null");
        this.service = Optional.of(service);
        this.defaults = Map.copyOf(defaults);
        this.exceeded = requireNonNull(exceeded, "exceeded is null");
    }

    /** The resources declared with defaults. */
    public java.util.Set<String> resources()
    {
        return defaults.keySet();
    }

    private String key(String resource)
    {
        requireNonNull(resource, "resource is null");
        if (service.isEmpty()) {
            return resource;
        }
        if (!defaults.containsKey(resource)) {
            throw new IllegalArgumentException("service " + service.get() + " declares no quota resource '" + resource + "'");
        }
        return service.get() + "." + resource;
    }

    public long limit(Handle handle, String projectId, String resource)
    {
        Optional<Long> own = handle.createQuery("SELECT hard_limit FROM quota_limits WHERE project_id = :project AND resource = :resource")
                .bind("project", projectId)
                .bind("resource", key(resource))
                .mapTo(Long.class)
                .findOne();
        return own.orElseGet(() -> defaults.getOrDefault(resource, UNLIMITED));
    }

    public void setLimit(Handle handle, String projectId, String resource, long limit)
    {
        int updated = handle.createUpdate("UPDATE quota_limits SET hard_limit = :limit WHERE project_id = :project AND resource = :resource")
                .bind("project", projectId).bind("resource", key(resource)).bind("limit", limit)
                .execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO quota_limits (project_id, resource, hard_limit) VALUES (:project, :resource, :limit)")
                    .bind("project", projectId).bind("resource", key(resource)).bind("limit", limit)
                    .execute();
        }
    }

    public long inUse(Handle handle, String projectId, String resource)
    {
        return handle.createQuery("SELECT in_use FROM quota_usages WHERE project_id = :project AND resource = :resource")
                .bind("project", projectId)
                .bind("resource", key(resource))
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    /**
     * Counts {@code amount} more units in use without checking the limit, for objects the service makes on its own
     * (not by a request for that resource) that still count against the project's quota when it next asks for more.
     */
    public void count(Handle handle, String projectId, String resource, long amount)
    {
        ensureUsageRow(handle, projectId, key(resource));
        handle.createUpdate("UPDATE quota_usages SET in_use = CASE WHEN in_use + :amount < 0 THEN 0 ELSE in_use + :amount END "
                        + "WHERE project_id = :project AND resource = :resource")
                .bind("amount", amount).bind("project", projectId).bind("resource", key(resource))
                .execute();
    }

    /** Reserves {@code amount} units (negative to release) or throws the service's over-quota error. */
    public void reserve(Handle handle, String projectId, String resource, long amount)
    {
        ensureUsageRow(handle, projectId, key(resource));
        long limit = limit(handle, projectId, resource);
        int updated;
        if (limit < 0 || amount <= 0) {
            updated = handle.createUpdate("UPDATE quota_usages SET in_use = CASE WHEN in_use + :amount < 0 THEN 0 ELSE in_use + :amount END "
                            + "WHERE project_id = :project AND resource = :resource")
                    .bind("amount", amount).bind("project", projectId).bind("resource", key(resource))
                    .execute();
        }
        else {
            updated = handle.createUpdate("UPDATE quota_usages SET in_use = in_use + :amount "
                            + "WHERE project_id = :project AND resource = :resource AND in_use + :amount <= :limit")
                    .bind("amount", amount).bind("project", projectId).bind("resource", key(resource)).bind("limit", limit)
                    .execute();
        }
        if (updated == 0) {
            throw new ApiException(exceeded, "Quota exceeded for " + resource + ": requested " + amount + ", limit " + limit + ".");
        }
    }

    private static void ensureUsageRow(Handle handle, String projectId, String resource)
    {
        // ON CONFLICT DO NOTHING is understood by PostgreSQL and by H2 in PostgreSQL mode
        handle.createUpdate("INSERT INTO quota_usages (project_id, resource, in_use) VALUES (:project, :resource, 0) ON CONFLICT DO NOTHING")
                .bind("project", projectId).bind("resource", resource)
                .execute();
    }
}
