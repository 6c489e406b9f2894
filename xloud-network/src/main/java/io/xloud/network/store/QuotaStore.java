package io.xloud.network.store;

import io.xloud.core.db.UnitOfWork;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What the kernel's quota tables hold for this service beyond one project's limits: which projects have their own. */
public final class QuotaStore
{
    private final UnitOfWork work;
    private final String prefix;

    /** @param service the quota namespace, whose resources are stored as {@code <service>.<resource>} */
    public QuotaStore(UnitOfWork work, String service)
    {
        this.work = requireNonNull(work, "work is null");
        this.prefix = requireNonNull(service, "service is null") + ".";
    }

    public List<String> projectsWithLimits()
    {
        return work.handle(h -> h.createQuery("SELECT DISTINCT project_id FROM quota_limits WHERE resource LIKE :prefix ORDER BY project_id")
                .bind("prefix", prefix + "%").mapTo(String.class).list());
    }

    public void deleteLimits(String projectId)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM quota_limits WHERE project_id = :project AND resource LIKE :prefix")
                .bind("project", projectId).bind("prefix", prefix + "%").execute());
    }
}
