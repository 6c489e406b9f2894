package io.xloud.identity.store;

import io.xloud.identity.service.Endpoint;
import io.xloud.identity.service.Region;
import io.xloud.identity.service.Service;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** Regions, services and endpoints: what the catalog is made of. */
public final class CatalogStore
{
    private CatalogStore() {}

    private static Region region(ResultSet rs)
            throws SQLException
    {
        return new Region(rs.getString("id"), Optional.ofNullable(rs.getString("description")),
                Optional.ofNullable(rs.getString("parent_region_id")), jsonMap(rs.getString("extra")));
    }

    public static Optional<Region> region(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM regions WHERE id = :id").bind("id", id).map((rs, ctx) -> region(rs)).findOne();
    }

    public static List<Region> regions(Handle h)
    {
        return h.createQuery("SELECT * FROM regions ORDER BY id").map((rs, ctx) -> region(rs)).list();
    }

    public static void insertRegion(Handle h, Region r)
    {
        h.createUpdate("INSERT INTO regions (id, description, parent_region_id, extra) VALUES (:id, :description, :parent, :extra)")
                .bind("id", r.id()).bind("description", r.description().orElse(null)).bind("parent", r.parentRegionId().orElse(null))
                .bind("extra", json(r.extra())).execute();
    }

    public static void updateRegion(Handle h, Region r)
    {
        h.createUpdate("UPDATE regions SET description = :description, parent_region_id = :parent, extra = :extra WHERE id = :id")
                .bind("id", r.id()).bind("description", r.description().orElse(null)).bind("parent", r.parentRegionId().orElse(null))
                .bind("extra", json(r.extra())).execute();
    }

    public static void deleteRegion(Handle h, String id)
    {
        h.createUpdate("DELETE FROM regions WHERE id = :id").bind("id", id).execute();
    }

    private static Service service(ResultSet rs)
            throws SQLException
    {
        return new Service(rs.getString("id"), rs.getString("type"), rs.getBoolean("enabled"), jsonMap(rs.getString("extra")));
    }

    public static Optional<Service> service(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM services WHERE id = :id").bind("id", id).map((rs, ctx) -> service(rs)).findOne();
    }

    public static List<Service> services(Handle h)
    {
        return h.createQuery("SELECT * FROM services ORDER BY type").map((rs, ctx) -> service(rs)).list();
    }

    public static void insertService(Handle h, Service s)
    {
        h.createUpdate("INSERT INTO services (id, type, enabled, extra) VALUES (:id, :type, :enabled, :extra)")
                .bind("id", s.id()).bind("type", s.type()).bind("enabled", s.enabled()).bind("extra", json(s.extra())).execute();
    }

    public static void updateService(Handle h, Service s)
    {
        h.createUpdate("UPDATE services SET type = :type, enabled = :enabled, extra = :extra WHERE id = :id")
                .bind("id", s.id()).bind("type", s.type()).bind("enabled", s.enabled()).bind("extra", json(s.extra())).execute();
    }

    public static void deleteService(Handle h, String id)
    {
        h.createUpdate("DELETE FROM endpoints WHERE service_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM services WHERE id = :id").bind("id", id).execute();
    }

    private static Endpoint endpoint(ResultSet rs)
            throws SQLException
    {
        return new Endpoint(rs.getString("id"), rs.getString("service_id"), rs.getString("interface"), rs.getString("url"),
                Optional.ofNullable(rs.getString("region_id")), rs.getBoolean("enabled"), jsonMap(rs.getString("extra")));
    }

    public static Optional<Endpoint> endpoint(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM endpoints WHERE id = :id").bind("id", id).map((rs, ctx) -> endpoint(rs)).findOne();
    }

    public static List<Endpoint> endpoints(Handle h)
    {
        return h.createQuery("SELECT * FROM endpoints ORDER BY service_id, interface").map((rs, ctx) -> endpoint(rs)).list();
    }

    public static void insertEndpoint(Handle h, Endpoint e)
    {
        h.createUpdate("INSERT INTO endpoints (id, service_id, interface, url, region_id, enabled, extra) "
                        + "VALUES (:id, :service, :interface, :url, :region, :enabled, :extra)")
                .bind("id", e.id()).bind("service", e.serviceId()).bind("interface", e.interfaceName()).bind("url", e.url())
                .bind("region", e.regionId().orElse(null)).bind("enabled", e.enabled()).bind("extra", json(e.extra())).execute();
    }

    public static void updateEndpoint(Handle h, Endpoint e)
    {
        h.createUpdate("UPDATE endpoints SET service_id = :service, interface = :interface, url = :url, region_id = :region, "
                        + "enabled = :enabled, extra = :extra WHERE id = :id")
                .bind("id", e.id()).bind("service", e.serviceId()).bind("interface", e.interfaceName()).bind("url", e.url())
                .bind("region", e.regionId().orElse(null)).bind("enabled", e.enabled()).bind("extra", json(e.extra())).execute();
    }

    public static void deleteEndpoint(Handle h, String id)
    {
        h.createUpdate("DELETE FROM project_endpoints WHERE endpoint_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM endpoints WHERE id = :id").bind("id", id).execute();
    }
}
