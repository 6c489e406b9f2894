package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.network.service.Router;
import io.xloud.network.service.Standard;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Routers, the ports they hold (gateway and interfaces) and their static routes. */
public final class RouterStore
{
    /** A port a router holds, and whether it is the gateway or an interface. */
    public record RouterPort(String routerId, String portId, String portType) {}

    /** Neutron's router list: the standard attributes, name, status and admin_state_up. */
    public static final ListSpec SPEC = NeutronListQuery.spec("routers")
            .attribute(Attribute.string("name", "routers.name").filter().sortable().notNull())
            .attribute(Attribute.string("status", "routers.status").filter().sortable().notNull())
            .attribute(Attribute.bool("admin_state_up", "routers.admin_state_up").filter().sortable().notNull())
            .defaultSort("id", SortDirection.ASC)
            .build();

    private final UnitOfWork work;

    public RouterStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    static LocalDateTime utc(Instant instant)
    {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(Timestamp timestamp)
    {
        return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    /** The row without tags and routes, which {@link #complete} adds. */
    public static Router row(ResultSet rs)
            throws SQLException
    {
        Standard standard = new Standard(rs.getString("project_id"), rs.getString("description"), List.of(),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")), rs.getLong("revision_number"));
        String gatewayNetwork = rs.getString("gw_network_id");
        Optional<Router.Gateway> gateway = gatewayNetwork == null ? Optional.empty()
                : Optional.of(new Router.Gateway(gatewayNetwork, rs.getBoolean("enable_snat"), rs.getString("gw_port_id")));
        String hints = rs.getString("availability_zone_hints");
        return new Router(rs.getString("id"), rs.getString("name"), standard, rs.getBoolean("admin_state_up"), rs.getString("status"),
                gateway, List.of(), hints.isEmpty() ? List.of() : Arrays.asList(hints.split(",")));
    }

    /** Routers with their tags and routes, in the order given. */
    public static List<Router> complete(Handle h, List<Router> routers)
    {
        if (routers.isEmpty()) {
            return routers;
        }
        List<String> ids = routers.stream().map(Router::id).toList();
        Map<String, List<String>> tags = TagStore.tagsOf(h, ids);
        Map<String, List<Router.Route>> routes = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            h.createQuery("SELECT router_id, destination, nexthop FROM router_routes WHERE router_id IN (<ids>) ORDER BY destination, nexthop")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), new Router.Route(rs.getString(2), rs.getString(3))))
                    .forEach(entry -> routes.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        }
        List<Router> complete = new ArrayList<>(routers.size());
        for (Router router : routers) {
            complete.add(new Router(router.id(), router.name(), router.standard().withTags(tags.getOrDefault(router.id(), List.of())),
                    router.adminStateUp(), router.status(), router.gateway(), routes.getOrDefault(router.id(), List.of()),
                    router.availabilityZoneHints()));
        }
        return complete;
    }

    /** A page of routers in the caller's scope, complete with tags and routes. */
    public Page<Router> page(ListRequest request, List<SqlPredicate> scope)
    {
        return work.handle(h -> {
            Page<Router> page = NeutronListQuery.page(h, request, scope, (rs, ctx) -> row(rs));
            return new Page<>(complete(h, page.items()), page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    public Optional<Router> find(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM routers WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne()
                .map(router -> complete(h, List.of(router)).getFirst()));
    }

    /** The router, its row locked until the unit of work ends, so interface and route changes of one router queue. */
    public Optional<Router> lock(String id)
    {
        return work.transaction(h -> h.createQuery("SELECT * FROM routers WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne()
                .map(router -> complete(h, List.of(router)).getFirst()));
    }

    public void insert(Router router)
    {
        work.transaction(h -> {
            Standard standard = router.standard();
            h.createUpdate("INSERT INTO routers (id, project_id, name, description, admin_state_up, status, gw_network_id, gw_port_id, "
                            + "enable_snat, availability_zone_hints, created_at, updated_at, revision_number) VALUES (:id, :project, :name, "
                            + ":description, :up, :status, :gwNetwork, :gwPort, :snat, :hints, :created, :updated, :revision)")
                    .bind("id", router.id()).bind("project", standard.projectId()).bind("name", router.name())
                    .bind("description", standard.description()).bind("up", router.adminStateUp()).bind("status", router.status())
                    .bind("gwNetwork", router.gateway().map(Router.Gateway::networkId).orElse(null))
                    .bind("gwPort", router.gateway().map(Router.Gateway::portId).orElse(null))
                    .bind("snat", router.gateway().map(Router.Gateway::enableSnat).orElse(false))
                    .bind("hints", String.join(",", router.availabilityZoneHints()))
                    .bind("created", utc(standard.createdAt())).bind("updated", utc(standard.updatedAt()))
                    .bind("revision", standard.revisionNumber())
                    .execute();
            insertRoutes(h, router.id(), router.routes());
            return null;
        });
    }

    /** Writes the changeable attributes and bumps the revision. */
    public void update(Router router, Instant now)
    {
        work.transaction(h -> {
            h.createUpdate("UPDATE routers SET name = :name, description = :description, admin_state_up = :up, gw_network_id = :gwNetwork, "
                            + "gw_port_id = :gwPort, enable_snat = :snat, updated_at = :updated, revision_number = revision_number + 1 WHERE id = :id")
                    .bind("id", router.id()).bind("name", router.name()).bind("description", router.standard().description())
                    .bind("up", router.adminStateUp())
                    .bind("gwNetwork", router.gateway().map(Router.Gateway::networkId).orElse(null))
                    .bind("gwPort", router.gateway().map(Router.Gateway::portId).orElse(null))
                    .bind("snat", router.gateway().map(Router.Gateway::enableSnat).orElse(false))
                    .bind("updated", utc(now))
                    .execute();
            h.createUpdate("DELETE FROM router_routes WHERE router_id = :id").bind("id", router.id()).execute();
            insertRoutes(h, router.id(), router.routes());
            return null;
        });
    }

    private static void insertRoutes(Handle h, String routerId, Collection<Router.Route> routes)
    {
        for (Router.Route route : routes) {
            h.createUpdate("INSERT INTO router_routes (router_id, destination, nexthop) VALUES (:router, :destination, :nexthop)")
                    .bind("router", routerId).bind("destination", route.destination()).bind("nexthop", route.nexthop()).execute();
        }
    }

    public boolean delete(String id)
    {
        return work.transaction(h -> {
            h.createUpdate("DELETE FROM router_ports WHERE router_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM network_tags WHERE resource_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM routers WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    public void addPort(String routerId, String portId, String portType)
    {
        work.transaction(h -> h.createUpdate("INSERT INTO router_ports (port_id, router_id, port_type) VALUES (:port, :router, :type)")
                .bind("port", portId).bind("router", routerId).bind("type", portType).execute());
    }

    public void removePort(String portId)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM router_ports WHERE port_id = :port").bind("port", portId).execute());
    }

    public List<RouterPort> ports(String routerId, String portType)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM router_ports WHERE router_id = :router AND port_type = :type ORDER BY port_id")
                .bind("router", routerId).bind("type", portType)
                .map((rs, ctx) -> new RouterPort(rs.getString("router_id"), rs.getString("port_id"), rs.getString("port_type"))).list());
    }

    public Optional<RouterPort> portHolder(String portId)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM router_ports WHERE port_id = :port").bind("port", portId)
                .map((rs, ctx) -> new RouterPort(rs.getString("router_id"), rs.getString("port_id"), rs.getString("port_type"))).findOne());
    }

    /** Routers with a gateway on the network, and an interface port among {@code portIds}. */
    public List<String> routersWithGatewayAndInterface(String gatewayNetworkId, Collection<String> portIds)
    {
        if (portIds.isEmpty()) {
            return List.of();
        }
        return work.handle(h -> h.createQuery("SELECT DISTINCT r.id FROM routers r JOIN router_ports rp ON rp.router_id = r.id "
                        + "WHERE r.gw_network_id = :network AND rp.port_type = :type AND rp.port_id IN (<ports>) ORDER BY r.id")
                .bind("network", gatewayNetworkId).bind("type", Router.INTERFACE_OWNER).bindList("ports", List.copyOf(portIds))
                .mapTo(String.class).list());
    }

    public long countInProject(String projectId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM routers WHERE project_id = :project").bind("project", projectId)
                .mapTo(Long.class).one());
    }
}
