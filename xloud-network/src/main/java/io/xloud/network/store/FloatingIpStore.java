package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.network.service.FloatingIp;
import io.xloud.network.service.L3ErrorCode;
import io.xloud.network.service.SecurityErrorCode;
import io.xloud.network.service.Standard;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.network.store.RouterStore.instant;
import static io.xloud.network.store.RouterStore.utc;
import static java.util.Objects.requireNonNull;

/** Floating IPs and their associations. */
public final class FloatingIpStore
{
    /** Neutron's floating IP list: the standard attributes and the addresses, network, router and port. */
    public static final ListSpec SPEC = NeutronListQuery.spec("floatingips")
            .attribute(Attribute.string("floating_ip_address", "floatingips.floating_ip_address").filter().sortable().notNull())
            .attribute(Attribute.string("floating_network_id", "floatingips.floating_network_id").filter().sortable().notNull())
            .attribute(Attribute.string("fixed_ip_address", "floatingips.fixed_ip_address").filter().sortable())
            .attribute(Attribute.string("port_id", "floatingips.fixed_port_id").filter().sortable())
            .attribute(Attribute.string("router_id", "floatingips.router_id").filter().sortable())
            .attribute(Attribute.string("status", "floatingips.status").filter().sortable().notNull())
            .attribute(Attribute.string("qos_policy_id", "floatingips.qos_policy_id").filter())
            .defaultSort("id", SortDirection.ASC)
            .build();

    private final UnitOfWork work;

    public FloatingIpStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    /** The row without tags, which {@link #complete} adds. */
    public static FloatingIp row(ResultSet rs)
            throws SQLException
    {
        Standard standard = new Standard(rs.getString("project_id"), rs.getString("description"), List.of(),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")), rs.getLong("revision_number"));
        String fixedPort = rs.getString("fixed_port_id");
        Optional<FloatingIp.Association> association = fixedPort == null ? Optional.empty()
                : Optional.of(new FloatingIp.Association(fixedPort, rs.getString("fixed_ip_address")));
        return new FloatingIp(rs.getString("id"), standard, rs.getString("floating_ip_address"), rs.getString("floating_network_id"),
                rs.getString("floating_port_id"), association, Optional.ofNullable(rs.getString("router_id")), Optional.ofNullable(rs.getString("qos_policy_id")));
    }

    public static List<FloatingIp> complete(Handle h, List<FloatingIp> floatingIps)
    {
        if (floatingIps.isEmpty()) {
            return floatingIps;
        }
        Map<String, List<String>> tags = TagStore.tagsOf(h, floatingIps.stream().map(FloatingIp::id).toList());
        List<FloatingIp> complete = new ArrayList<>(floatingIps.size());
        for (FloatingIp fip : floatingIps) {
            complete.add(new FloatingIp(fip.id(), fip.standard().withTags(tags.getOrDefault(fip.id(), List.of())), fip.floatingIpAddress(),
                    fip.floatingNetworkId(), fip.floatingPortId(), fip.association(), fip.routerId(), fip.qosPolicyId()));
        }
        return complete;
    }

    public Page<FloatingIp> page(ListRequest request, List<SqlPredicate> scope)
    {
        return work.handle(h -> {
            Page<FloatingIp> page = NeutronListQuery.page(h, request, scope, (rs, ctx) -> row(rs));
            return new Page<>(complete(h, page.items()), page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    public Optional<FloatingIp> find(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM floatingips WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne().map(fip -> complete(h, List.of(fip)).getFirst()));
    }

    /** The floating IP, its row locked until the unit of work ends. */
    public Optional<FloatingIp> lock(String id)
    {
        return work.transaction(h -> h.createQuery("SELECT * FROM floatingips WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne().map(fip -> complete(h, List.of(fip)).getFirst()));
    }

    public void insert(FloatingIp fip)
    {
        uniqueAssociation(fip, () -> work.transaction(h -> h.createUpdate("INSERT INTO floatingips (id, project_id, description, floating_ip_address, floating_network_id, "
                        + "floating_port_id, fixed_port_id, fixed_ip_address, router_id, status, qos_policy_id, created_at, updated_at, revision_number) "
                        + "VALUES (:id, :project, :description, :address, :network, :port, :fixedPort, :fixedIp, :router, :status, :qos, :created, :updated, "
                        + ":revision)")
                .bind("id", fip.id()).bind("project", fip.projectId()).bind("description", fip.standard().description())
                .bind("address", fip.floatingIpAddress()).bind("network", fip.floatingNetworkId()).bind("port", fip.floatingPortId())
                .bind("fixedPort", fip.association().map(FloatingIp.Association::portId).orElse(null))
                .bind("fixedIp", fip.association().map(FloatingIp.Association::fixedIpAddress).orElse(null))
                .bind("router", fip.routerId().orElse(null)).bind("status", fip.status()).bind("qos", fip.qosPolicyId().orElse(null))
                .bind("created", utc(fip.standard().createdAt())).bind("updated", utc(fip.standard().updatedAt()))
                .bind("revision", fip.standard().revisionNumber())
                .execute()));
    }

    public void update(FloatingIp fip, Instant now)
    {
        uniqueAssociation(fip, () -> work.transaction(h -> h.createUpdate("UPDATE floatingips SET description = :description, fixed_port_id = :fixedPort, "
                        + "fixed_ip_address = :fixedIp, router_id = :router, status = :status, qos_policy_id = :qos, updated_at = :updated, "
                        + "revision_number = revision_number + 1 "
                        + "WHERE id = :id")
                .bind("id", fip.id()).bind("description", fip.standard().description())
                .bind("fixedPort", fip.association().map(FloatingIp.Association::portId).orElse(null))
                .bind("fixedIp", fip.association().map(FloatingIp.Association::fixedIpAddress).orElse(null))
                .bind("router", fip.routerId().orElse(null)).bind("status", fip.status()).bind("qos", fip.qosPolicyId().orElse(null))
                .bind("updated", utc(now))
                .execute()));
    }

    /**
     * Two floating IPs racing for one fixed address: the unique key lets one through, the other gets Neutron's 409. A QoS
     * policy deleted while it was being attached: the foreign key refuses the write, the policy is not found.
     */
    private static void uniqueAssociation(FloatingIp fip, Runnable write)
    {
        try {
            write.run();
        }
        catch (RuntimeException e) {
            if (Rows.foreignKeyViolation(e) && fip.qosPolicyId().isPresent()) {
                throw new ApiException(SecurityErrorCode.QOS_POLICY_NOT_FOUND, "QoS policy " + fip.qosPolicyId().get() + " could not be found.");
            }
            if (!Rows.uniqueViolation(e) || fip.association().isEmpty()) {
                throw e;
            }
            FloatingIp.Association association = fip.association().get();
            throw new ApiException(L3ErrorCode.FLOATING_IP_PORT_ALREADY_ASSOCIATED, "Cannot associate floating IP " + fip.floatingIpAddress() + " ("
                    + fip.id() + ") with port " + association.portId() + " using fixed IP " + association.fixedIpAddress()
                    + ", as that fixed IP already has a floating IP on external network " + fip.floatingNetworkId() + ".");
        }
    }

    public boolean delete(String id)
    {
        return work.transaction(h -> {
            h.createUpdate("DELETE FROM network_tags WHERE resource_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM floatingips WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    /** The floating IP of one fixed address on one external network, if any. */
    public Optional<FloatingIp> associatedWith(String networkId, String portId, String fixedIpAddress)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM floatingips WHERE floating_network_id = :network AND fixed_port_id = :port "
                        + "AND fixed_ip_address = :address")
                .bind("network", networkId).bind("port", portId).bind("address", fixedIpAddress)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    public List<FloatingIp> ofFixedPort(String portId)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM floatingips WHERE fixed_port_id = :port ORDER BY id").bind("port", portId)
                .map((rs, ctx) -> row(rs)).list());
    }

    public List<FloatingIp> ofRouter(String routerId)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM floatingips WHERE router_id = :router ORDER BY id").bind("router", routerId)
                .map((rs, ctx) -> row(rs)).list());
    }

    public List<FloatingIp> onNetwork(String networkId)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM floatingips WHERE floating_network_id = :network ORDER BY id")
                .bind("network", networkId).map((rs, ctx) -> row(rs)).list());
    }
}
