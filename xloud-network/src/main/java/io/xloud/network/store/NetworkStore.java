package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.network.service.Caller;
import io.xloud.network.service.Network;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** Networks in the database. */
public final class NetworkStore
{
    public static final String TABLE = "networks";

    public static final ListSpec SPEC = NeutronListQuery.spec(TABLE)
            .attribute(Attribute.string("name", "networks.name").filter().sortable().notNull())
            .attribute(Attribute.string("status", "networks.status").filter().sortable().notNull())
            .attribute(Attribute.bool("admin_state_up", "networks.admin_state_up").filter().sortable().notNull())
            // shared is per project (a policy may share a network with one), so the list filters it as a scope
            .attribute(Attribute.bool("shared", "networks.shared").sortable().notNull())
            .attribute(Attribute.bool("router:external", "networks.router_external").filter().sortable().notNull())
            .attribute(Attribute.bool("is_default", "networks.is_default").filter().sortable().notNull())
            .attribute(Attribute.integer("mtu", "networks.mtu").filter().sortable().notNull())
            .attribute(Attribute.bool("port_security_enabled", "networks.port_security_enabled").filter().sortable().notNull())
            .attribute(Attribute.string("provider:network_type", "networks.provider_network_type").filter().sortable())
            .attribute(Attribute.string("provider:physical_network", "networks.provider_physical_network").filter().sortable())
            .attribute(Attribute.integer("provider:segmentation_id", "networks.provider_segmentation_id").filter().sortable())
            .attribute(Attribute.string("dns_domain", "networks.dns_domain").filter().sortable())
            .attribute(Attribute.string("qos_policy_id", "networks.qos_policy_id").filter())
            .defaultSort("id", SortDirection.ASC)
            .ignore("shared")
            .build();

    private final UnitOfWork work;

    public NetworkStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    /**
     * What a caller may list: its own, shared and external networks, and those an RBAC policy grants its project; an
     * admin everything. {@code shared}, when given, keeps the networks shared with the caller's project (with all, or
     * by a policy naming it), or those that are not, as Neutron's {@code shared} filter does.
     */
    public static List<SqlPredicate> visibility(Caller caller, String alias, Optional<Boolean> shared)
    {
        List<SqlPredicate> scope = new ArrayList<>();
        if (!caller.admin()) {
            scope.add(new SqlPredicate(alias + ".project_id = :scope_project OR " + alias + ".shared = TRUE OR " + alias + ".router_external = TRUE OR "
                    + RbacPolicyStore.anyGrantSql("network", alias + ".id", "scope_project"), Map.of("scope_project", caller.projectId())));
        }
        shared.ifPresent(wanted -> {
            String sharedSql = "(" + alias + ".shared = TRUE OR " + RbacPolicyStore.grantedSql("network", "access_as_shared", alias + ".id", "shared_project")
                    + ")";
            scope.add(new SqlPredicate(wanted ? sharedSql : "NOT " + sharedSql, Map.of("shared_project", caller.projectId())));
        });
        return scope;
    }

    public void insert(Network network)
    {
        work.transaction(h -> bind(h.createUpdate("INSERT INTO networks (id, project_id, name, description, admin_state_up, status, shared, "
                + "router_external, is_default, mtu, port_security_enabled, provider_network_type, provider_physical_network, "
                + "provider_segmentation_id, availability_zone_hints, dns_domain, qos_policy_id, created_at, updated_at, revision_number) "
                + "VALUES (:id, :project_id, :name, :description, :admin_state_up, :status, :shared, :router_external, :is_default, :mtu, "
                + ":port_security_enabled, :provider_network_type, :provider_physical_network, :provider_segmentation_id, "
                + ":availability_zone_hints, :dns_domain, :qos_policy_id, :created_at, :updated_at, :revision_number)"), network).execute());
    }

    public void update(Network network)
    {
        work.transaction(h -> bind(h.createUpdate("UPDATE networks SET name = :name, description = :description, admin_state_up = :admin_state_up, "
                + "status = :status, shared = :shared, router_external = :router_external, is_default = :is_default, mtu = :mtu, "
                + "port_security_enabled = :port_security_enabled, provider_network_type = :provider_network_type, "
                + "provider_physical_network = :provider_physical_network, provider_segmentation_id = :provider_segmentation_id, "
                + "availability_zone_hints = :availability_zone_hints, dns_domain = :dns_domain, qos_policy_id = :qos_policy_id, "
                + "updated_at = :updated_at, revision_number = :revision_number WHERE id = :id"), network).execute());
    }

    private static Update bind(Update update, Network network)
    {
        return Rows.bindStandard(update, network.standard())
                .bind("id", network.id())
                .bind("name", network.name())
                .bind("admin_state_up", network.adminStateUp())
                .bind("status", network.status())
                .bind("shared", network.shared())
                .bind("router_external", network.external())
                .bind("is_default", network.isDefault())
                .bind("mtu", network.mtu())
                .bind("port_security_enabled", network.portSecurityEnabled())
                .bind("provider_network_type", network.networkType().orElse(null))
                .bind("provider_physical_network", network.physicalNetwork().orElse(null))
                .bind("provider_segmentation_id", network.segmentationId().orElse(null))
                .bind("availability_zone_hints", Rows.json(network.availabilityZoneHints()))
                .bind("dns_domain", network.dnsDomain())
                .bind("qos_policy_id", network.qosPolicyId().orElse(null));
    }

    public Optional<Network> find(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM networks WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> network(rs, List.of(), List.of())).findOne()
                .map(network -> complete(h, List.of(network)).getFirst()));
    }

    /** The network, its row locked until the unit of work ends: subnet and port changes on it queue behind each other. */
    public Optional<Network> lock(String id)
    {
        return work.transaction(h -> h.createQuery("SELECT * FROM networks WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> network(rs, List.of(), List.of())).findOne()
                .map(network -> complete(h, List.of(network)).getFirst()));
    }

    public Page<Network> page(ListRequest request, Caller caller, Optional<Boolean> shared)
    {
        return work.handle(h -> {
            Page<Network> page = NeutronListQuery.page(h, request, visibility(caller, TABLE, shared), (rs, ctx) -> network(rs, List.of(), List.of()));
            List<Network> complete = complete(h, page.items());
            return new Page<>(complete, page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    /** Every network, for an admin's views across projects. */
    public List<Network> all()
    {
        return work.handle(h -> complete(h, h.createQuery("SELECT * FROM networks ORDER BY created_at, id")
                .map((rs, ctx) -> network(rs, List.of(), List.of())).list()));
    }

    public long count(String projectId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM networks WHERE project_id = :p").bind("p", projectId).mapTo(Long.class).one());
    }

    public Optional<String> findByName(String name, boolean external)
    {
        return work.handle(h -> h.createQuery("SELECT id FROM networks WHERE name = :name AND router_external = :external ORDER BY created_at")
                .bind("name", name).bind("external", external).mapTo(String.class).findFirst());
    }

    public void delete(String id)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM networks WHERE id = :id").bind("id", id).execute());
    }

    public int nextSegmentationId()
    {
        return work.handle(h -> h.createQuery("SELECT COALESCE(MAX(provider_segmentation_id), 0) + 1 FROM networks WHERE provider_network_type = 'geneve'")
                .mapTo(Integer.class).one());
    }

    private static List<Network> complete(Handle h, List<Network> networks)
    {
        if (networks.isEmpty()) {
            return networks;
        }
        List<String> ids = networks.stream().map(Network::id).toList();
        Map<String, List<String>> tags = TagStore.tagsOf(h, ids);
        Map<String, List<String>> subnets = new HashMap<>();
        h.createQuery("SELECT s.network_id, s.id FROM UNNEST(:ids) AS wanted(id) JOIN subnets s ON s.network_id = wanted.id ORDER BY s.created_at, s.id")
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(entry -> subnets.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        Map<String, Set<String>> sharedWith = new HashMap<>();
        Map<String, Set<String>> externalFor = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            h.createQuery("SELECT object_id, action, target_tenant FROM rbac_policies WHERE object_type = 'network' AND target_tenant <> '*' "
                            + "AND object_id IN (<ids>)")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .map((rs, ctx) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .forEach(grant -> (grant.get(1).equals("access_as_external") ? externalFor : sharedWith)
                            .computeIfAbsent(grant.get(0), ignored -> new HashSet<>()).add(grant.get(2)));
        }
        List<Network> complete = new ArrayList<>(networks.size());
        for (Network n : networks) {
            complete.add(n.with(subnets.getOrDefault(n.id(), List.of()), sharedWith.getOrDefault(n.id(), Set.of()),
                    externalFor.getOrDefault(n.id(), Set.of()), n.standard().withTags(tags.getOrDefault(n.id(), List.of()))));
        }
        return complete;
    }

    private static Network network(ResultSet rs, List<String> subnets, List<String> tags)
            throws SQLException
    {
        return new Network(rs.getString("id"), rs.getString("name"), rs.getBoolean("admin_state_up"), rs.getString("status"),
                rs.getBoolean("shared"), rs.getBoolean("router_external"), rs.getBoolean("is_default"), rs.getInt("mtu"),
                rs.getBoolean("port_security_enabled"), Rows.optional(rs, "provider_network_type"), Rows.optional(rs, "provider_physical_network"),
                Rows.optionalInt(rs, "provider_segmentation_id"), Rows.stringList(rs.getString("availability_zone_hints")), rs.getString("dns_domain"),
                Rows.optional(rs, "qos_policy_id"), subnets, Set.of(), Set.of(), Rows.standard(rs, tags));
    }
}
