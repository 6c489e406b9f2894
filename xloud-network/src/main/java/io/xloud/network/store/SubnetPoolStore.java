package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.network.service.AddressScope;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.CidrBlock;
import io.xloud.network.service.SubnetPool;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Subnet pools, their prefixes and the prefixes they handed out to subnets; address scopes. */
public final class SubnetPoolStore
{
    /** A prefix a pool handed to a subnet. */
    public record Allocation(String subnetId, String subnetPoolId, String networkId, String projectId, CidrBlock cidr) {}

    private SubnetPoolStore() {}

    /** Subnet pools as Neutron lists them; {@code shared} is a policy, so the service filters it as a scope. */
    public static final ListSpec POOLS = NeutronListQuery.spec("subnet_pools")
            .attribute(Attribute.string("name", "subnet_pools.name").filter().sortable().notNull())
            .attribute(Attribute.integer("ip_version", "subnet_pools.ip_version").filter().sortable().notNull())
            .attribute(Attribute.integer("default_prefixlen", "subnet_pools.default_prefixlen").filter().sortable().notNull())
            .attribute(Attribute.integer("min_prefixlen", "subnet_pools.min_prefixlen").filter().sortable().notNull())
            .attribute(Attribute.integer("max_prefixlen", "subnet_pools.max_prefixlen").filter().sortable().notNull())
            .attribute(Attribute.integer("default_quota", "subnet_pools.default_quota").filter().sortable())
            .attribute(Attribute.bool("is_default", "subnet_pools.is_default").filter().sortable().notNull())
            .attribute(Attribute.string("address_scope_id", "subnet_pools.address_scope_id").filter().sortable())
            .ignore("shared")
            .defaultSort("id", SortDirection.ASC)
            .build();

    /** Address scopes as Neutron lists them (no standard attributes but the project). */
    public static final ListSpec SCOPES = ListSpec.builder(ListDialect.NEUTRON, "address_scopes")
            .select("address_scopes.*")
            .id(Attribute.string("id", "address_scopes.id").filter().sortable())
            .attribute(Attribute.string("project_id", "address_scopes.project_id").filter().sortable().notNull())
            .attribute(Attribute.string("tenant_id", "address_scopes.project_id").filter().sortable().notNull())
            .attribute(Attribute.string("name", "address_scopes.name").filter().sortable().notNull())
            .attribute(Attribute.integer("ip_version", "address_scopes.ip_version").filter().sortable().notNull())
            .ignore("shared")
            .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
            .strictFilters(true)
            .invalidInput(NetworkErrorCode.BAD_REQUEST)
            .defaultSort("id", SortDirection.ASC)
            .build();

    public static Page<SubnetPool> pools(Handle h, ListRequest request, List<SqlPredicate> scope)
    {
        Page<SubnetPool> page = NeutronListQuery.page(h, request, scope, (rs, ctx) -> pool(rs));
        List<SubnetPool> filled = withPrefixes(h, page.items());
        return new Page<>(filled, page.hasMore(), page.nextMarker(), page.previousMarker());
    }

    public static Page<AddressScope> scopes(Handle h, ListRequest request, List<SqlPredicate> scope)
    {
        return ListQuery.page(h, request, scope, (rs, ctx) -> scope(rs));
    }

    // ---- subnet pools

    /** A pool row without its prefixes (filled by {@link #withPrefixes}). */
    public static SubnetPool pool(ResultSet rs)
            throws SQLException
    {
        long quota = rs.getLong("default_quota");
        OptionalLong defaultQuota = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(quota);
        return new SubnetPool(rs.getString("id"), rs.getString("project_id"), rs.getString("name"), rs.getString("description"),
                rs.getInt("ip_version"), List.of(), rs.getInt("default_prefixlen"), rs.getInt("min_prefixlen"), rs.getInt("max_prefixlen"),
                defaultQuota, rs.getBoolean("is_default"), Optional.ofNullable(rs.getString("address_scope_id")),
                PoolTimestamps.read(rs, "created_at"), PoolTimestamps.read(rs, "updated_at"), rs.getLong("revision_number"));
    }

    public static List<SubnetPool> withPrefixes(Handle h, List<SubnetPool> pools)
    {
        if (pools.isEmpty()) {
            return pools;
        }
        Map<String, List<CidrBlock>> prefixes = new HashMap<>();
        h.createQuery("SELECT subnet_pool_id, cidr FROM subnet_pool_prefixes WHERE subnet_pool_id IN (<ids>)")
                .bindList("ids", pools.stream().map(SubnetPool::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getString(1), CidrBlock.of(rs.getString(2))))
                .forEach(entry -> prefixes.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        return pools.stream().map(pool -> withPrefixes(pool, prefixes.getOrDefault(pool.id(), List.of()))).toList();
    }

    public static SubnetPool withPrefixes(SubnetPool pool, List<CidrBlock> prefixes)
    {
        return new SubnetPool(pool.id(), pool.projectId(), pool.name(), pool.description(), pool.ipVersion(), CidrBlock.merge(prefixes),
                pool.defaultPrefixlen(), pool.minPrefixlen(), pool.maxPrefixlen(), pool.defaultQuota(), pool.isDefault(), pool.addressScopeId(),
                pool.createdAt(), pool.updatedAt(), pool.revisionNumber());
    }

    public static Optional<SubnetPool> find(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM subnet_pools WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> pool(rs)).findOne()
                .map(pool -> withPrefixes(h, List.of(pool)).getFirst());
    }

    /** The pool, its row locked until the transaction ends: allocations from one pool take turns. */
    public static Optional<SubnetPool> lock(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM subnet_pools WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> pool(rs)).findOne()
                .map(pool -> withPrefixes(h, List.of(pool)).getFirst());
    }

    public static List<SubnetPool> inScope(Handle h, String addressScopeId)
    {
        return withPrefixes(h, h.createQuery("SELECT * FROM subnet_pools WHERE address_scope_id = :scope ORDER BY id")
                .bind("scope", addressScopeId).map((rs, ctx) -> pool(rs)).list());
    }

    public static Optional<SubnetPool> defaultPool(Handle h, int ipVersion)
    {
        return h.createQuery("SELECT * FROM subnet_pools WHERE is_default = TRUE AND ip_version = :version ORDER BY id")
                .bind("version", ipVersion).map((rs, ctx) -> pool(rs)).findFirst()
                .map(pool -> withPrefixes(h, List.of(pool)).getFirst());
    }

    public static void insert(Handle h, SubnetPool pool)
    {
        h.createUpdate("INSERT INTO subnet_pools (id, project_id, name, description, ip_version, default_prefixlen, min_prefixlen, max_prefixlen, "
                        + "default_quota, is_default, address_scope_id, created_at, updated_at, revision_number) VALUES (:id, :project, :name, :description, "
                        + ":version, :defaultPrefixlen, :minPrefixlen, :maxPrefixlen, :quota, :isDefault, :scope, :created, :updated, :revision)")
                .bind("id", pool.id()).bind("project", pool.projectId()).bind("name", pool.name()).bind("description", pool.description())
                .bind("version", pool.ipVersion()).bind("defaultPrefixlen", pool.defaultPrefixlen()).bind("minPrefixlen", pool.minPrefixlen())
                .bind("maxPrefixlen", pool.maxPrefixlen())
                .bind("quota", pool.defaultQuota().isPresent() ? Long.valueOf(pool.defaultQuota().getAsLong()) : null)
                .bind("isDefault", pool.isDefault()).bind("scope", pool.addressScopeId().orElse(null))
                .bind("created", PoolTimestamps.write(pool.createdAt())).bind("updated", PoolTimestamps.write(pool.updatedAt())).bind("revision", pool.revisionNumber())
                .execute();
        replacePrefixes(h, pool.id(), pool.prefixes());
    }

    public static void update(Handle h, SubnetPool pool)
    {
        h.createUpdate("UPDATE subnet_pools SET name = :name, description = :description, default_prefixlen = :defaultPrefixlen, "
                        + "min_prefixlen = :minPrefixlen, max_prefixlen = :maxPrefixlen, default_quota = :quota, is_default = :isDefault, "
                        + "address_scope_id = :scope, updated_at = :updated, revision_number = :revision WHERE id = :id")
                .bind("id", pool.id()).bind("name", pool.name()).bind("description", pool.description())
                .bind("defaultPrefixlen", pool.defaultPrefixlen()).bind("minPrefixlen", pool.minPrefixlen()).bind("maxPrefixlen", pool.maxPrefixlen())
                .bind("quota", pool.defaultQuota().isPresent() ? Long.valueOf(pool.defaultQuota().getAsLong()) : null)
                .bind("isDefault", pool.isDefault()).bind("scope", pool.addressScopeId().orElse(null))
                .bind("updated", PoolTimestamps.write(pool.updatedAt())).bind("revision", pool.revisionNumber())
                .execute();
        replacePrefixes(h, pool.id(), pool.prefixes());
    }

    private static void replacePrefixes(Handle h, String poolId, Collection<CidrBlock> prefixes)
    {
        h.createUpdate("DELETE FROM subnet_pool_prefixes WHERE subnet_pool_id = :id").bind("id", poolId).execute();
        for (CidrBlock prefix : prefixes) {
            h.createUpdate("INSERT INTO subnet_pool_prefixes (subnet_pool_id, cidr) VALUES (:id, :cidr)")
                    .bind("id", poolId).bind("cidr", prefix.toString()).execute();
        }
    }

    public static void delete(Handle h, String id)
    {
        h.createUpdate("DELETE FROM subnet_pool_prefixes WHERE subnet_pool_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM subnet_pools WHERE id = :id").bind("id", id).execute();
    }

    // ---- allocations: the subnets taken from a pool

    private static final String ALLOCATIONS = "SELECT id, subnetpool_id, network_id, project_id, cidr FROM subnets";

    private static Allocation allocation(ResultSet rs)
            throws SQLException
    {
        return new Allocation(rs.getString("id"), rs.getString("subnetpool_id"), rs.getString("network_id"), rs.getString("project_id"),
                CidrBlock.of(rs.getString("cidr")));
    }

    public static List<Allocation> allocations(Handle h, String poolId)
    {
        return h.createQuery(ALLOCATIONS + " WHERE subnetpool_id = :pool").bind("pool", poolId).map((rs, ctx) -> allocation(rs)).list();
    }

    public static List<Allocation> allocationsOfNetwork(Handle h, String networkId)
    {
        return h.createQuery(ALLOCATIONS + " WHERE network_id = :network AND subnetpool_id IS NOT NULL ORDER BY id").bind("network", networkId)
                .map((rs, ctx) -> allocation(rs)).list();
    }

    public static boolean hasAllocations(Handle h, String poolId)
    {
        return h.createQuery("SELECT COUNT(*) FROM subnets WHERE subnetpool_id = :pool").bind("pool", poolId).mapTo(Long.class).one() > 0;
    }

    // ---- address scopes

    public static AddressScope scope(ResultSet rs)
            throws SQLException
    {
        return new AddressScope(rs.getString("id"), rs.getString("project_id"), rs.getString("name"), rs.getInt("ip_version"),
                PoolTimestamps.read(rs, "created_at"), PoolTimestamps.read(rs, "updated_at"), rs.getLong("revision_number"));
    }

    public static Optional<AddressScope> findScope(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM address_scopes WHERE id = :id").bind("id", id).map((rs, ctx) -> scope(rs)).findOne();
    }

    /** The scope, its row locked until the transaction ends: pools joining one scope take turns checking for overlaps. */
    public static Optional<AddressScope> lockScope(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM address_scopes WHERE id = :id FOR UPDATE").bind("id", id).map((rs, ctx) -> scope(rs)).findOne();
    }

    public static void insertScope(Handle h, AddressScope scope)
    {
        h.createUpdate("INSERT INTO address_scopes (id, project_id, name, ip_version, created_at, updated_at, revision_number) "
                        + "VALUES (:id, :project, :name, :version, :created, :updated, :revision)")
                .bind("id", scope.id()).bind("project", scope.projectId()).bind("name", scope.name()).bind("version", scope.ipVersion())
                .bind("created", PoolTimestamps.write(scope.createdAt())).bind("updated", PoolTimestamps.write(scope.updatedAt())).bind("revision", scope.revisionNumber())
                .execute();
    }

    public static void updateScope(Handle h, AddressScope scope)
    {
        h.createUpdate("UPDATE address_scopes SET name = :name, updated_at = :updated, revision_number = :revision WHERE id = :id")
                .bind("id", scope.id()).bind("name", scope.name()).bind("updated", PoolTimestamps.write(scope.updatedAt()))
                .bind("revision", scope.revisionNumber()).execute();
    }

    public static void deleteScope(Handle h, String id)
    {
        h.createUpdate("DELETE FROM address_scopes WHERE id = :id").bind("id", id).execute();
    }
}
