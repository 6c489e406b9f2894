package io.xloud.network.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.json.Json;
import io.xloud.network.service.CidrBlock;
import io.xloud.network.service.IpAvailabilityService.NetworkRow;
import io.xloud.network.service.IpAvailabilityService.SubnetRow;
import io.xloud.network.service.NetworkErrorCode;
import org.jdbi.v3.core.Handle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Counts over the core's networks, subnets and IP allocations, for network-ip-availability. */
public final class IpAvailabilityStore
{
    private IpAvailabilityStore() {}

    public static final ListSpec NETWORKS = ListSpec.builder(ListDialect.NEUTRON, "networks")
            .select("networks.id, networks.name, networks.project_id")
            .id(Attribute.string("network_id", "networks.id").filter().sortable())
            .attribute(Attribute.string("network_name", "networks.name").filter().sortable().notNull())
            .attribute(Attribute.string("project_id", "networks.project_id").filter().sortable().notNull())
            .attribute(Attribute.string("tenant_id", "networks.project_id").filter().sortable().notNull())
            .ignore("ip_version")
            .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
            .strictFilters(true)
            .invalidInput(NetworkErrorCode.BAD_REQUEST)
            .defaultSort("network_id", SortDirection.ASC)
            .build();

    public static Page<NetworkRow> networks(Handle h, ListRequest request, List<SqlPredicate> scope)
    {
        return ListQuery.page(h, request, scope, (rs, ctx) -> new NetworkRow(rs.getString("id"), rs.getString("name"), rs.getString("project_id")));
    }

    public static Optional<NetworkRow> network(Handle h, String id)
    {
        return h.createQuery("SELECT id, name, project_id FROM networks WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new NetworkRow(rs.getString("id"), rs.getString("name"), rs.getString("project_id"))).findOne();
    }

    /** The subnets of these networks with their counts, in subnet id order. */
    public static List<SubnetRow> subnets(Handle h, List<String> networkIds)
    {
        if (networkIds.isEmpty()) {
            return List.of();
        }
        record Raw(String id, String networkId, String name, String cidr, int ipVersion, String pools) {}
        List<Raw> raws = h.createQuery("SELECT id, network_id, name, cidr, ip_version, allocation_pools FROM subnets WHERE network_id IN (<ids>) ORDER BY id")
                .bindList("ids", networkIds)
                .map((rs, ctx) -> new Raw(rs.getString("id"), rs.getString("network_id"), rs.getString("name"), rs.getString("cidr"),
                        rs.getInt("ip_version"), rs.getString("allocation_pools")))
                .list();
        if (raws.isEmpty()) {
            return List.of();
        }
        Map<String, Long> used = new HashMap<>();
        h.createQuery("SELECT subnet_id, COUNT(*) FROM ip_allocations WHERE subnet_id IN (<ids>) GROUP BY subnet_id")
                .bindList("ids", raws.stream().map(Raw::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(entry -> used.put(entry.getKey(), entry.getValue()));
        List<SubnetRow> rows = new ArrayList<>();
        for (Raw raw : raws) {
            rows.add(new SubnetRow(raw.id(), raw.networkId(), raw.name(), raw.cidr(), raw.ipVersion(), poolSize(raw.pools()), used.getOrDefault(raw.id(), 0L)));
        }
        return rows;
    }

    /** The number of addresses in a subnet's allocation pools ({@code [{"start": ..., "end": ...}]}). */
    static BigInteger poolSize(String pools)
    {
        BigInteger total = BigInteger.ZERO;
        if (pools == null || pools.isBlank()) {
            return total;
        }
        JsonNode list = Json.parse(pools);
        for (JsonNode pool : list) {
            Optional<CidrBlock.Address> start = CidrBlock.Address.parse(pool.path("start").asText());
            Optional<CidrBlock.Address> end = CidrBlock.Address.parse(pool.path("end").asText());
            if (start.isPresent() && end.isPresent() && end.get().value().compareTo(start.get().value()) >= 0) {
                total = total.add(end.get().value().subtract(start.get().value()).add(BigInteger.ONE));
            }
        }
        return total;
    }
}
