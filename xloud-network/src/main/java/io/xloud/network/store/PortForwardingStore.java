package io.xloud.network.store;

import io.xloud.core.db.UnitOfWork;
import io.xloud.network.service.PortForwarding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The port forwardings of floating IPs. */
public final class PortForwardingStore
{
    private final UnitOfWork work;

    public PortForwardingStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    /** A row of {@code port_forwardings pf JOIN floatingips f}, the project being the floating IP's. */
    public static PortForwarding row(ResultSet rs)
            throws SQLException
    {
        return new PortForwarding(rs.getString("id"), rs.getString("floatingip_id"), rs.getString("project_id"),
                rs.getString("internal_port_id"), rs.getString("internal_ip_address"), rs.getString("protocol"),
                new PortForwarding.PortRange(rs.getInt("internal_port_start"), rs.getInt("internal_port_end")),
                new PortForwarding.PortRange(rs.getInt("external_port_start"), rs.getInt("external_port_end")),
                rs.getString("description"));
    }

    public static final String SOURCE = "port_forwardings JOIN floatingips ON floatingips.id = port_forwardings.floatingip_id";
    public static final String SELECT = "port_forwardings.*, floatingips.project_id";

    public Optional<PortForwarding> find(String floatingIpId, String id)
    {
        return work.handle(h -> h.createQuery("SELECT " + SELECT + " FROM " + SOURCE
                        + " WHERE port_forwardings.id = :id AND port_forwardings.floatingip_id = :fip")
                .bind("id", id).bind("fip", floatingIpId).map((rs, ctx) -> row(rs)).findOne());
    }

    public List<PortForwarding> ofFloatingIp(String floatingIpId)
    {
        return work.handle(h -> h.createQuery("SELECT " + SELECT + " FROM " + SOURCE
                        + " WHERE port_forwardings.floatingip_id = :fip ORDER BY port_forwardings.id")
                .bind("fip", floatingIpId).map((rs, ctx) -> row(rs)).list());
    }

    public List<PortForwarding> ofInternalPort(String portId)
    {
        return work.handle(h -> h.createQuery("SELECT " + SELECT + " FROM " + SOURCE
                        + " WHERE port_forwardings.internal_port_id = :port ORDER BY port_forwardings.id")
                .bind("port", portId).map((rs, ctx) -> row(rs)).list());
    }

    public void insert(PortForwarding forwarding)
    {
        work.transaction(h -> h.createUpdate("INSERT INTO port_forwardings (id, floatingip_id, internal_port_id, internal_ip_address, protocol, "
                        + "internal_port_start, internal_port_end, external_port_start, external_port_end, description) VALUES (:id, :fip, "
                        + ":port, :address, :protocol, :inStart, :inEnd, :exStart, :exEnd, :description)")
                .bind("id", forwarding.id()).bind("fip", forwarding.floatingIpId()).bind("port", forwarding.internalPortId())
                .bind("address", forwarding.internalIpAddress()).bind("protocol", forwarding.protocol())
                .bind("inStart", forwarding.internalPorts().first()).bind("inEnd", forwarding.internalPorts().last())
                .bind("exStart", forwarding.externalPorts().first()).bind("exEnd", forwarding.externalPorts().last())
                .bind("description", forwarding.description())
                .execute());
    }

    public void update(PortForwarding forwarding)
    {
        work.transaction(h -> h.createUpdate("UPDATE port_forwardings SET internal_port_id = :port, internal_ip_address = :address, "
                        + "protocol = :protocol, internal_port_start = :inStart, internal_port_end = :inEnd, external_port_start = :exStart, "
                        + "external_port_end = :exEnd, description = :description WHERE id = :id")
                .bind("id", forwarding.id()).bind("port", forwarding.internalPortId())
                .bind("address", forwarding.internalIpAddress()).bind("protocol", forwarding.protocol())
                .bind("inStart", forwarding.internalPorts().first()).bind("inEnd", forwarding.internalPorts().last())
                .bind("exStart", forwarding.externalPorts().first()).bind("exEnd", forwarding.externalPorts().last())
                .bind("description", forwarding.description())
                .execute());
    }

    public boolean delete(String id)
    {
        return work.transaction(h -> h.createUpdate("DELETE FROM port_forwardings WHERE id = :id").bind("id", id).execute() > 0);
    }

    public void deleteOfInternalPort(String portId)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM port_forwardings WHERE internal_port_id = :port").bind("port", portId).execute());
    }
}
