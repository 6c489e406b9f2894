package io.xloud.network.store;

import io.xloud.core.db.UnitOfWork;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The topology auto-allocated for each project: its network and router. */
public final class AutoAllocatedTopologyStore
{
    public record Topology(String projectId, String networkId, String routerId) {}

    private final UnitOfWork work;

    public AutoAllocatedTopologyStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public Optional<Topology> find(String projectId)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM auto_allocated_topologies WHERE project_id = :project").bind("project", projectId)
                .map((rs, ctx) -> new Topology(rs.getString("project_id"), rs.getString("network_id"), rs.getString("router_id"))).findOne());
    }

    /** False when another request recorded the project's topology first. */
    public boolean insert(Topology topology)
    {
        try {
            work.transaction(h -> h.createUpdate("INSERT INTO auto_allocated_topologies (project_id, network_id, router_id) VALUES (:project, :network, :router)")
                    .bind("project", topology.projectId()).bind("network", topology.networkId()).bind("router", topology.routerId()).execute());
            return true;
        }
        catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    public void delete(String projectId)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM auto_allocated_topologies WHERE project_id = :project").bind("project", projectId).execute());
    }

    /** The default external network (router:external and is_default), if there is one. */
    public Optional<String> defaultExternalNetwork()
    {
        return work.handle(h -> h.createQuery("SELECT id FROM networks WHERE router_external = TRUE AND is_default = TRUE ORDER BY created_at, id")
                .mapTo(String.class).findFirst());
    }
}
