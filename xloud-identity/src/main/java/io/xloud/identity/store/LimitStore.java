package io.xloud.identity.store;

import io.xloud.identity.service.Limit;
import io.xloud.identity.service.RegisteredLimit;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Unified limits: registered limits and the project or domain limits that override them. */
public final class LimitStore
{
    private LimitStore() {}

    private static RegisteredLimit registered(ResultSet rs)
            throws SQLException
    {
        return new RegisteredLimit(rs.getString("id"), rs.getString("service_id"), Optional.ofNullable(rs.getString("region_id")),
                rs.getString("resource_name"), rs.getLong("default_limit"), Optional.ofNullable(rs.getString("description")));
    }

    private static Limit limit(ResultSet rs)
            throws SQLException
    {
        return new Limit(rs.getString("id"), Optional.ofNullable(rs.getString("project_id")), Optional.ofNullable(rs.getString("domain_id")),
                rs.getString("service_id"), Optional.ofNullable(rs.getString("region_id")), rs.getString("resource_name"),
                rs.getLong("resource_limit"), Optional.ofNullable(rs.getString("description")));
    }

    public static List<RegisteredLimit> registeredLimits(Handle h)
    {
        return h.createQuery("SELECT * FROM registered_limits ORDER BY service_id, resource_name, id").map((rs, ctx) -> registered(rs)).list();
    }

    public static Optional<RegisteredLimit> registeredLimit(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM registered_limits WHERE id = :id").bind("id", id).map((rs, ctx) -> registered(rs)).findOne();
    }

    public static void insertRegisteredLimit(Handle h, RegisteredLimit l)
    {
        h.createUpdate("INSERT INTO registered_limits (id, service_id, region_id, resource_name, default_limit, description) "
                        + "VALUES (:id, :service, :region, :resource, :limit, :description)")
                .bind("id", l.id()).bind("service", l.serviceId()).bind("region", l.regionId().orElse(null))
                .bind("resource", l.resourceName()).bind("limit", l.defaultLimit()).bind("description", l.description().orElse(null)).execute();
    }

    public static void updateRegisteredLimit(Handle h, RegisteredLimit l)
    {
        h.createUpdate("UPDATE registered_limits SET service_id = :service, region_id = :region, resource_name = :resource, "
                        + "default_limit = :limit, description = :description WHERE id = :id")
                .bind("id", l.id()).bind("service", l.serviceId()).bind("region", l.regionId().orElse(null))
                .bind("resource", l.resourceName()).bind("limit", l.defaultLimit()).bind("description", l.description().orElse(null)).execute();
    }

    public static void deleteRegisteredLimit(Handle h, String id)
    {
        h.createUpdate("DELETE FROM registered_limits WHERE id = :id").bind("id", id).execute();
    }

    public static List<Limit> limits(Handle h)
    {
        return h.createQuery("SELECT * FROM limits ORDER BY service_id, resource_name, id").map((rs, ctx) -> limit(rs)).list();
    }

    public static Optional<Limit> limit(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM limits WHERE id = :id").bind("id", id).map((rs, ctx) -> limit(rs)).findOne();
    }

    public static void insertLimit(Handle h, Limit l)
    {
        h.createUpdate("INSERT INTO limits (id, project_id, domain_id, service_id, region_id, resource_name, resource_limit, description) "
                        + "VALUES (:id, :project, :domain, :service, :region, :resource, :limit, :description)")
                .bind("id", l.id()).bind("project", l.projectId().orElse(null)).bind("domain", l.domainId().orElse(null))
                .bind("service", l.serviceId()).bind("region", l.regionId().orElse(null)).bind("resource", l.resourceName())
                .bind("limit", l.resourceLimit()).bind("description", l.description().orElse(null)).execute();
    }

    /** Only the limit's value and description change; what it limits is fixed at creation. */
    public static void updateLimit(Handle h, Limit l)
    {
        h.createUpdate("UPDATE limits SET resource_limit = :limit, description = :description WHERE id = :id")
                .bind("id", l.id()).bind("limit", l.resourceLimit()).bind("description", l.description().orElse(null)).execute();
    }

    public static void deleteLimit(Handle h, String id)
    {
        h.createUpdate("DELETE FROM limits WHERE id = :id").bind("id", id).execute();
    }
}
