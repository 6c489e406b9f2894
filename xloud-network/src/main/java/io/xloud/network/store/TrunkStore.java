package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.network.service.Standard;
import io.xloud.network.service.SubPort;
import io.xloud.network.service.Trunk;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.network.store.SecurityGroupStore.integer;
import static io.xloud.network.store.SecurityGroupStore.standard;
import static io.xloud.network.store.SecurityGroupStore.time;
import static java.util.Objects.requireNonNull;

/** Trunks and their subports. */
public final class TrunkStore
{
    public static final String TABLE = "network_trunks";
    private static final String SUBPORTS = "network_trunk_subports";
    /** A trunk is ACTIVE while its parent port is bound to a host. */
    private static final String BOUND = "EXISTS (SELECT 1 FROM ports tp WHERE tp.id = " + TABLE + ".port_id AND tp.binding_host_id <> '')";
    private static final String STATUS = "CASE WHEN " + BOUND + " THEN 'ACTIVE' ELSE 'DOWN' END";

    public static final ListSpec LIST = NeutronListQuery.spec(TABLE)
            .select(TABLE + ".*, " + STATUS + " AS status")
            .attribute(Attribute.string("name", TABLE + ".name").filter().sortable().notNull())
            .attribute(Attribute.string("port_id", TABLE + ".port_id").filter().sortable().notNull())
            .attribute(Attribute.bool("admin_state_up", TABLE + ".admin_state_up").filter().sortable().notNull())
            // status is derived from the parent port's binding: filtered by statusFilter, not by a column
            .ignore("status")
            .defaultSort("id", SortDirection.ASC)
            .build();

    private final UnitOfWork work;

    public TrunkStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public void insert(Trunk trunk)
    {
        work.transaction(h -> {
            h.createUpdate("INSERT INTO " + TABLE + " (id, project_id, name, description, port_id, admin_state_up, created_at, updated_at, revision_number) "
                            + "VALUES (:id, :project, :name, :description, :port, :admin, :created, :updated, :revision)")
                    .bind("id", trunk.id())
                    .bind("project", trunk.projectId())
                    .bind("name", trunk.name())
                    .bind("description", trunk.standard().description())
                    .bind("port", trunk.portId())
                    .bind("admin", trunk.adminStateUp())
                    .bind("created", time(trunk.standard().createdAt()))
                    .bind("updated", time(trunk.standard().updatedAt()))
                    .bind("revision", trunk.standard().revisionNumber())
                    .execute();
            addSubPorts(h, trunk.id(), trunk.subPorts());
            return null;
        });
    }

    public Optional<Trunk> trunk(String id)
    {
        return work.handle(h -> h.createQuery("SELECT " + TABLE + ".*, " + STATUS + " AS status FROM " + TABLE + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> trunk(rs)).findOne()
                .map(trunk -> complete(h, List.of(trunk)).getFirst()));
    }

    public Page<Trunk> page(ListRequest request, List<SqlPredicate> scope)
    {
        return work.handle(h -> {
            List<SqlPredicate> all = new ArrayList<>(scope);
            statusFilter(request).ifPresent(all::add);
            Page<Trunk> page = NeutronListQuery.page(h, request, all, (rs, ctx) -> trunk(rs));
            return new Page<>(complete(h, page.items()), page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    /** {@code ?status=ACTIVE&status=DOWN}: repeated values are alternatives, as for every Neutron filter. */
    private static Optional<SqlPredicate> statusFilter(ListRequest request)
    {
        List<String> values = request.query().getOrDefault("status", List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        boolean active = values.contains(Trunk.ACTIVE);
        boolean down = values.contains(Trunk.DOWN);
        String sql = active && down ? "1 = 1" : active ? BOUND : down ? "NOT " + BOUND : "1 = 0";
        return Optional.of(new SqlPredicate(sql, Map.of()));
    }

    public boolean update(String id, String name, String description, boolean adminStateUp, Instant now)
    {
        return work.transaction(h -> h.createUpdate("UPDATE " + TABLE + " SET name = :name, description = :description, admin_state_up = :admin, "
                        + "updated_at = :now, revision_number = revision_number + 1 WHERE id = :id")
                .bind("id", id).bind("name", name).bind("description", description).bind("admin", adminStateUp).bind("now", time(now))
                .execute() == 1);
    }

    public void addSubPorts(String id, Collection<SubPort> subPorts, Instant now)
    {
        work.transaction(h -> {
            addSubPorts(h, id, subPorts);
            return bump(h, id, now);
        });
    }

    public void removeSubPorts(String id, Collection<String> portIds, Instant now)
    {
        work.transaction(h -> {
            for (String portId : portIds) {
                h.createUpdate("DELETE FROM " + SUBPORTS + " WHERE trunk_id = :id AND port_id = :port").bind("id", id).bind("port", portId).execute();
            }
            return bump(h, id, now);
        });
    }

    public boolean delete(String id)
    {
        return work.transaction(h -> {
            h.createUpdate("DELETE FROM " + SUBPORTS + " WHERE trunk_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM " + TABLE + " WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    /** Locks the trunk's row until the unit of work ends, so concurrent subport changes of one trunk apply one after the other. */
    public boolean lock(String id)
    {
        return work.transaction(h -> h.createQuery("SELECT id FROM " + TABLE + " WHERE id = :id FOR UPDATE").bind("id", id)
                .mapTo(String.class).findOne().isPresent());
    }

    /**
     * Locks the rows of these ports (in id order, so two changes never wait on each other in a circle) until the unit
     * of work ends: whether a port is free for a trunk and its taking are then one step.
     */
    public void lockPorts(Collection<String> portIds)
    {
        List<String> sorted = portIds.stream().distinct().sorted().toList();
        work.transaction(h -> {
            for (String portId : sorted) {
                h.createQuery("SELECT id FROM ports WHERE id = :id FOR UPDATE").bind("id", portId).mapTo(String.class).findOne();
            }
            return null;
        });
    }

    /** The trunk whose parent this port is. */
    public Optional<String> trunkOfParent(String portId)
    {
        return work.handle(h -> h.createQuery("SELECT id FROM " + TABLE + " WHERE port_id = :port").bind("port", portId).mapTo(String.class).findOne());
    }

    /** The trunk this port is a subport of. */
    public Optional<String> trunkOfSubPort(String portId)
    {
        return work.handle(h -> h.createQuery("SELECT trunk_id FROM " + SUBPORTS + " WHERE port_id = :port").bind("port", portId)
                .mapTo(String.class).findOne());
    }

    /** The trunk_details of those of these ports that are trunk parents, in one query. */
    public Map<String, Trunk.Details> details(List<String> portIds)
    {
        if (portIds.isEmpty()) {
            return Map.of();
        }
        return work.handle(h -> {
            Map<String, String> trunkOfParent = new HashMap<>();
            Map<String, List<Trunk.Detail>> subPorts = new LinkedHashMap<>();
            h.createQuery("SELECT t.port_id AS parent, t.id AS trunk_id, s.port_id, s.segmentation_type, s.segmentation_id, p.mac_address "
                            + "FROM UNNEST(:ids) AS wanted(id) JOIN " + TABLE + " t ON t.port_id = wanted.id "
                            + "LEFT JOIN " + SUBPORTS + " s ON s.trunk_id = t.id LEFT JOIN ports p ON p.id = s.port_id "
                            + "ORDER BY t.port_id, s.segmentation_type, s.segmentation_id, s.port_id")
                    .bindArray("ids", String.class, portIds)
                    .map((rs, ctx) -> {
                        String parent = rs.getString("parent");
                        trunkOfParent.put(parent, rs.getString("trunk_id"));
                        List<Trunk.Detail> details = subPorts.computeIfAbsent(parent, ignored -> new ArrayList<>());
                        if (rs.getString("port_id") != null) {
                            details.add(new Trunk.Detail(subPort(rs), rs.getString("mac_address")));
                        }
                        return parent;
                    })
                    .list();
            Map<String, Trunk.Details> details = new HashMap<>();
            trunkOfParent.forEach((parent, trunk) -> details.put(parent, new Trunk.Details(trunk, subPorts.getOrDefault(parent, List.of()))));
            return details;
        });
    }

    private static int bump(Handle h, String id, Instant now)
    {
        return h.createUpdate("UPDATE " + TABLE + " SET updated_at = :now, revision_number = revision_number + 1 WHERE id = :id")
                .bind("id", id).bind("now", time(now)).execute();
    }

    private static void addSubPorts(Handle h, String id, Collection<SubPort> subPorts)
    {
        for (SubPort subPort : subPorts) {
            h.createUpdate("INSERT INTO " + SUBPORTS + " (port_id, trunk_id, segmentation_type, segmentation_id) VALUES (:port, :id, :type, :segmentation)")
                    .bind("port", subPort.portId()).bind("id", id).bind("type", subPort.segmentationType())
                    .bind("segmentation", subPort.segmentationId().orElse(null))
                    .execute();
        }
    }

    private static List<Trunk> complete(Handle h, List<Trunk> trunks)
    {
        if (trunks.isEmpty()) {
            return trunks;
        }
        List<String> ids = trunks.stream().map(Trunk::id).toList();
        Map<String, List<String>> tags = TagStore.tagsOf(h, ids);
        Map<String, List<SubPort>> subPorts = new HashMap<>();
        h.createQuery("SELECT s.trunk_id, s.port_id, s.segmentation_type, s.segmentation_id FROM UNNEST(:ids) AS wanted(id) "
                        + "JOIN " + SUBPORTS + " s ON s.trunk_id = wanted.id ORDER BY s.segmentation_type, s.segmentation_id, s.port_id")
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> Map.entry(rs.getString("trunk_id"), subPort(rs)))
                .forEach(entry -> subPorts.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        return trunks.stream()
                .map(trunk -> new Trunk(trunk.id(), trunk.name(), trunk.portId(), trunk.adminStateUp(), trunk.status(),
                        subPorts.getOrDefault(trunk.id(), List.of()), trunk.standard().withTags(tags.getOrDefault(trunk.id(), List.of()))))
                .toList();
    }

    private static SubPort subPort(ResultSet rs)
            throws SQLException
    {
        return new SubPort(rs.getString("port_id"), rs.getString("segmentation_type"), integer(rs, "segmentation_id"));
    }

    private static Trunk trunk(ResultSet rs)
            throws SQLException
    {
        Standard standard = standard(rs);
        return new Trunk(rs.getString("id"), rs.getString("name"), rs.getString("port_id"), rs.getBoolean("admin_state_up"), rs.getString("status"),
                List.of(), standard);
    }
}
