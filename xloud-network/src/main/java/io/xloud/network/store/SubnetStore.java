package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.network.service.Caller;
import io.xloud.network.service.Subnet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Subnets in the database. */
public final class SubnetStore
{
    public static final String TABLE = "subnets";

    public static final ListSpec SPEC = NeutronListQuery.spec(TABLE)
            .attribute(Attribute.string("name", "subnets.name").filter().sortable().notNull())
            .attribute(Attribute.string("network_id", "subnets.network_id").filter().sortable().notNull())
            .attribute(Attribute.integer("ip_version", "subnets.ip_version").filter().sortable().notNull())
            .attribute(Attribute.string("cidr", "subnets.cidr").filter().sortable().notNull())
            .attribute(Attribute.string("gateway_ip", "subnets.gateway_ip").filter().sortable())
            .attribute(Attribute.bool("enable_dhcp", "subnets.enable_dhcp").filter().sortable().notNull())
            .attribute(Attribute.string("ipv6_ra_mode", "subnets.ipv6_ra_mode").filter().sortable())
            .attribute(Attribute.string("ipv6_address_mode", "subnets.ipv6_address_mode").filter().sortable())
            .attribute(Attribute.string("subnetpool_id", "subnets.subnetpool_id").filter().sortable())
            .attribute(Attribute.string("segment_id", "subnets.segment_id").filter().sortable())
            .attribute(Attribute.bool("dns_publish_fixed_ip", "subnets.dns_publish_fixed_ip").filter().sortable().notNull())
            .defaultSort("id", SortDirection.ASC)
            .build();

    private final UnitOfWork work;

    public SubnetStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    /** A caller sees its own subnets and those of networks it owns or that are shared, with all or with its project by a policy. */
    public static List<SqlPredicate> visibility(Caller caller)
    {
        if (caller.admin()) {
            return List.of();
        }
        return List.of(new SqlPredicate("subnets.project_id = :scope_project OR EXISTS (SELECT 1 FROM networks sn WHERE sn.id = subnets.network_id "
                + "AND (sn.shared = TRUE OR sn.project_id = :scope_project)) OR "
                + RbacPolicyStore.grantedSql("network", "access_as_shared", "subnets.network_id", "scope_project"), Map.of("scope_project", caller.projectId())));
    }

    public void insert(Subnet subnet)
    {
        work.transaction(h -> bind(h.createUpdate("INSERT INTO subnets (id, project_id, network_id, name, description, ip_version, cidr, "
                + "gateway_ip, enable_dhcp, ipv6_ra_mode, ipv6_address_mode, subnetpool_id, segment_id, allocation_pools, dns_nameservers, "
                + "host_routes, service_types, dns_publish_fixed_ip, created_at, updated_at, revision_number) VALUES (:id, :project_id, "
                + ":network_id, :name, :description, :ip_version, :cidr, :gateway_ip, :enable_dhcp, :ipv6_ra_mode, :ipv6_address_mode, "
                + ":subnetpool_id, :segment_id, :allocation_pools, :dns_nameservers, :host_routes, :service_types, :dns_publish_fixed_ip, "
                + ":created_at, :updated_at, :revision_number)"), subnet).execute());
    }

    public void update(Subnet subnet)
    {
        work.transaction(h -> bind(h.createUpdate("UPDATE subnets SET name = :name, description = :description, gateway_ip = :gateway_ip, "
                + "enable_dhcp = :enable_dhcp, segment_id = :segment_id, allocation_pools = :allocation_pools, dns_nameservers = :dns_nameservers, "
                + "host_routes = :host_routes, service_types = :service_types, dns_publish_fixed_ip = :dns_publish_fixed_ip, "
                + "updated_at = :updated_at, revision_number = :revision_number WHERE id = :id"), subnet).execute());
    }

    private static Update bind(Update update, Subnet subnet)
    {
        return Rows.bindStandard(update, subnet.standard())
                .bind("id", subnet.id())
                .bind("network_id", subnet.networkId())
                .bind("name", subnet.name())
                .bind("ip_version", subnet.ipVersion())
                .bind("cidr", subnet.cidr())
                .bind("gateway_ip", subnet.gatewayIp().orElse(null))
                .bind("enable_dhcp", subnet.enableDhcp())
                .bind("ipv6_ra_mode", subnet.ipv6RaMode().orElse(null))
                .bind("ipv6_address_mode", subnet.ipv6AddressMode().orElse(null))
                .bind("subnetpool_id", subnet.subnetpoolId().orElse(null))
                .bind("segment_id", subnet.segmentId().orElse(null))
                .bind("allocation_pools", Rows.json(subnet.allocationPools().stream().map(pool -> Map.of("start", pool.start(), "end", pool.end())).toList()))
                .bind("dns_nameservers", Rows.json(subnet.dnsNameservers()))
                .bind("host_routes", Rows.json(subnet.hostRoutes().stream()
                        .map(route -> Map.of("destination", route.destination(), "nexthop", route.nexthop())).toList()))
                .bind("service_types", Rows.json(subnet.serviceTypes()))
                .bind("dns_publish_fixed_ip", subnet.dnsPublishFixedIp());
    }

    public Optional<Subnet> find(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM subnets WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> subnet(rs, List.of())).findOne().map(subnet -> withTags(h, List.of(subnet)).getFirst()));
    }

    /** The subnet, its row locked until the unit of work ends: address allocations on it queue behind each other. */
    public Optional<Subnet> lock(String id)
    {
        return work.transaction(h -> h.createQuery("SELECT * FROM subnets WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> subnet(rs, List.of())).findOne());
    }

    public List<Subnet> onNetwork(String networkId)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM subnets WHERE network_id = :id ORDER BY created_at, id").bind("id", networkId)
                .map((rs, ctx) -> subnet(rs, List.of())).list());
    }

    public Page<Subnet> page(ListRequest request, Caller caller)
    {
        return work.handle(h -> {
            Page<Subnet> page = NeutronListQuery.page(h, request, visibility(caller), (rs, ctx) -> subnet(rs, List.of()));
            return new Page<>(withTags(h, page.items()), page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    public void delete(String id)
    {
        work.transaction(h -> {
            h.createUpdate("DELETE FROM ip_allocations WHERE subnet_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM subnets WHERE id = :id").bind("id", id).execute();
        });
    }

    private static List<Subnet> withTags(Handle h, List<Subnet> subnets)
    {
        if (subnets.isEmpty()) {
            return subnets;
        }
        Map<String, List<String>> tags = TagStore.tagsOf(h, subnets.stream().map(Subnet::id).toList());
        List<Subnet> complete = new ArrayList<>(subnets.size());
        for (Subnet s : subnets) {
            complete.add(new Subnet(s.id(), s.networkId(), s.name(), s.ipVersion(), s.cidr(), s.gatewayIp(), s.enableDhcp(), s.ipv6RaMode(),
                    s.ipv6AddressMode(), s.subnetpoolId(), s.segmentId(), s.allocationPools(), s.dnsNameservers(), s.hostRoutes(), s.serviceTypes(),
                    s.dnsPublishFixedIp(), s.standard().withTags(tags.getOrDefault(s.id(), List.of()))));
        }
        return complete;
    }

    private static Subnet subnet(ResultSet rs, List<String> tags)
            throws SQLException
    {
        List<Subnet.Pool> pools = Rows.mapList(rs.getString("allocation_pools")).stream()
                .map(pool -> new Subnet.Pool(String.valueOf(pool.get("start")), String.valueOf(pool.get("end")))).toList();
        List<Subnet.HostRoute> routes = Rows.mapList(rs.getString("host_routes")).stream()
                .map(route -> new Subnet.HostRoute(String.valueOf(route.get("destination")), String.valueOf(route.get("nexthop")))).toList();
        return new Subnet(rs.getString("id"), rs.getString("network_id"), rs.getString("name"), rs.getInt("ip_version"), rs.getString("cidr"),
                Rows.optional(rs, "gateway_ip"), rs.getBoolean("enable_dhcp"), Rows.optional(rs, "ipv6_ra_mode"), Rows.optional(rs, "ipv6_address_mode"),
                Rows.optional(rs, "subnetpool_id"), Rows.optional(rs, "segment_id"), pools, Rows.stringList(rs.getString("dns_nameservers")), routes,
                Rows.stringList(rs.getString("service_types")), rs.getBoolean("dns_publish_fixed_ip"), Rows.standard(rs, tags));
    }
}
