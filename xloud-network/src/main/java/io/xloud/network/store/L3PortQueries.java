package io.xloud.network.store;

import io.xloud.core.db.UnitOfWork;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The questions routers and floating IPs ask of the core's ports and subnets, answered with ids. */
public final class L3PortQueries
{
    private final UnitOfWork work;

    public L3PortQueries(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public List<String> portsOfDevice(String deviceId, String deviceOwner)
    {
        return work.handle(h -> h.createQuery("SELECT id FROM ports WHERE device_id = :device AND device_owner = :owner ORDER BY id")
                .bind("device", deviceId).bind("owner", deviceOwner).mapTo(String.class).list());
    }

    /** Ports of one owner holding an address on the subnet. */
    public List<String> portsOfSubnet(String subnetId, String deviceOwner)
    {
        return work.handle(h -> h.createQuery("SELECT DISTINCT p.id FROM ports p JOIN ip_allocations a ON a.port_id = p.id "
                        + "WHERE a.subnet_id = :subnet AND p.device_owner = :owner ORDER BY p.id")
                .bind("subnet", subnetId).bind("owner", deviceOwner).mapTo(String.class).list());
    }

    /** The subnets of the external networks, oldest first. */
    public List<String> externalSubnets()
    {
        return work.handle(h -> h.createQuery("SELECT s.id FROM subnets s JOIN networks n ON n.id = s.network_id WHERE n.router_external = TRUE "
                        + "ORDER BY s.created_at, s.id")
                .mapTo(String.class).list());
    }
}
