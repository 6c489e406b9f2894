package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.network.service.Caller;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.Port;
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

/** Ports, their addresses and their security groups in the database. */
public final class PortStore
{
    public static final String TABLE = "ports";

    public static final ListSpec SPEC = NeutronListQuery.spec(TABLE)
            .attribute(Attribute.string("name", "ports.name").filter().sortable().notNull())
            .attribute(Attribute.string("network_id", "ports.network_id").filter().sortable().notNull())
            .attribute(Attribute.string("mac_address", "ports.mac_address").filter().sortable().notNull())
            .attribute(Attribute.bool("admin_state_up", "ports.admin_state_up").filter().sortable().notNull())
            .attribute(Attribute.string("status", "ports.status").filter().sortable().notNull())
            .attribute(Attribute.string("device_id", "ports.device_id").filter().sortable().notNull())
            .attribute(Attribute.string("device_owner", "ports.device_owner").filter().sortable().notNull())
            .attribute(Attribute.string("binding:host_id", "ports.binding_host_id").filter().sortable().notNull())
            .attribute(Attribute.string("binding:vnic_type", "ports.binding_vnic_type").filter().sortable().notNull())
            .attribute(Attribute.bool("port_security_enabled", "ports.port_security_enabled").filter().sortable().notNull())
            .attribute(Attribute.string("dns_name", "ports.dns_name").filter().sortable().notNull())
            .attribute(Attribute.string("qos_policy_id", "ports.qos_policy_id").filter())
            .ignore("fixed_ips", "security_groups")
            .defaultSort("id", SortDirection.ASC)
            .build();

    private final UnitOfWork work;

    public PortStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    /** A caller sees its own ports and every port on a network it owns. */
    public static List<SqlPredicate> visibility(Caller caller)
    {
        if (caller.admin()) {
            return List.of();
        }
        return List.of(new SqlPredicate("ports.project_id = :scope_project OR EXISTS (SELECT 1 FROM networks pn WHERE pn.id = ports.network_id "
                + "AND pn.project_id = :scope_project)", Map.of("scope_project", caller.projectId())));
    }

    public void insert(Port port)
    {
        work.transaction(h -> {
            try {
                bind(h.createUpdate("INSERT INTO ports (id, project_id, network_id, name, description, mac_address, admin_state_up, status, "
                        + "device_id, device_owner, binding_host_id, binding_vnic_type, binding_profile, port_security_enabled, "
                        + "allowed_address_pairs, extra_dhcp_opts, dns_name, qos_policy_id, created_at, updated_at, revision_number) VALUES "
                        + "(:id, :project_id, :network_id, :name, :description, :mac_address, :admin_state_up, :status, :device_id, :device_owner, "
                        + ":binding_host_id, :binding_vnic_type, :binding_profile, :port_security_enabled, :allowed_address_pairs, "
                        + ":extra_dhcp_opts, :dns_name, :qos_policy_id, :created_at, :updated_at, :revision_number)"), port).execute();
            }
            catch (RuntimeException e) {
                if (Rows.uniqueViolation(e)) {
                    throw macInUse(port);
                }
                throw e;
            }
            replaceSecurityGroups(h, port.id(), port.securityGroups());
            return null;
        });
    }

    public void update(Port port)
    {
        work.transaction(h -> {
            try {
                bind(h.createUpdate("UPDATE ports SET name = :name, description = :description, mac_address = :mac_address, "
                        + "admin_state_up = :admin_state_up, status = :status, device_id = :device_id, device_owner = :device_owner, "
                        + "binding_host_id = :binding_host_id, binding_vnic_type = :binding_vnic_type, binding_profile = :binding_profile, "
                        + "port_security_enabled = :port_security_enabled, allowed_address_pairs = :allowed_address_pairs, "
                        + "extra_dhcp_opts = :extra_dhcp_opts, dns_name = :dns_name, qos_policy_id = :qos_policy_id, updated_at = :updated_at, "
                        + "revision_number = :revision_number WHERE id = :id"), port).execute();
            }
            catch (RuntimeException e) {
                if (Rows.uniqueViolation(e)) {
                    throw macInUse(port);
                }
                throw e;
            }
            replaceSecurityGroups(h, port.id(), port.securityGroups());
            return null;
        });
    }

    private static ApiException macInUse(Port port)
    {
        return new ApiException(NetworkErrorCode.MAC_ADDRESS_IN_USE, "Unable to complete operation for network " + port.networkId()
                + ". The mac address " + port.macAddress() + " is in use.");
    }

    private static void replaceSecurityGroups(Handle h, String portId, List<String> groups)
    {
        h.createUpdate("DELETE FROM port_security_groups WHERE port_id = :id").bind("id", portId).execute();
        for (String group : new java.util.LinkedHashSet<>(groups)) {
            h.createUpdate("INSERT INTO port_security_groups (port_id, security_group_id) VALUES (:id, :group)").bind("id", portId).bind("group", group).execute();
        }
    }

    private static Update bind(Update update, Port port)
    {
        return Rows.bindStandard(update, port.standard())
                .bind("id", port.id())
                .bind("network_id", port.networkId())
                .bind("name", port.name())
                .bind("mac_address", port.macAddress())
                .bind("admin_state_up", port.adminStateUp())
                .bind("status", port.status())
                .bind("device_id", port.deviceId())
                .bind("device_owner", port.deviceOwner())
                .bind("binding_host_id", port.bindingHostId())
                .bind("binding_vnic_type", port.bindingVnicType())
                .bind("binding_profile", Rows.json(port.bindingProfile()))
                .bind("port_security_enabled", port.portSecurityEnabled())
                .bind("allowed_address_pairs", Rows.json(port.allowedAddressPairs().stream()
                        .map(pair -> Map.of("ip_address", pair.ipAddress(), "mac_address", pair.macAddress())).toList()))
                .bind("extra_dhcp_opts", Rows.json(port.extraDhcpOpts().stream()
                        .map(option -> Map.of("opt_name", option.name(), "opt_value", option.value(), "ip_version", option.ipVersion())).toList()))
                .bind("dns_name", port.dnsName())
                .bind("qos_policy_id", port.qosPolicyId().orElse(null));
    }

    public Optional<Port> find(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM ports WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> port(rs)).findOne().map(port -> complete(h, List.of(port)).getFirst()));
    }

    public Optional<Port> lock(String id)
    {
        return work.transaction(h -> h.createQuery("SELECT * FROM ports WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> port(rs)).findOne().map(port -> complete(h, List.of(port)).getFirst()));
    }

    public Page<Port> page(ListRequest request, Caller caller)
    {
        List<SqlPredicate> scope = new ArrayList<>(visibility(caller));
        fixedIpFilter(request).ifPresent(scope::add);
        securityGroupFilter(request).ifPresent(scope::add);
        return work.handle(h -> {
            Page<Port> page = NeutronListQuery.page(h, request, scope, (rs, ctx) -> port(rs));
            return new Page<>(complete(h, page.items()), page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    /** {@code fixed_ips=ip_address=10.0.0.3}, {@code subnet_id=...}, {@code ip_address_substr=10.0}: one address matching all. */
    private static Optional<SqlPredicate> fixedIpFilter(ListRequest request)
    {
        List<String> values = request.query().getOrDefault("fixed_ips", List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> wanted = new HashMap<>();
        for (String value : values) {
            int equals = value.indexOf('=');
            String key = equals < 0 ? "" : value.substring(0, equals);
            if (!Set.of("ip_address", "subnet_id", "ip_address_substr").contains(key) || values.size() > 100) {
                throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid fixed_ips filter '" + (value.length() > 64 ? value.substring(0, 64) : value)
                        + "': use ip_address=, subnet_id= or ip_address_substr=.");
            }
            wanted.computeIfAbsent(key, ignored -> new ArrayList<>()).add(value.substring(equals + 1));
        }
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        int index = 0;
        for (Map.Entry<String, List<String>> entry : wanted.entrySet()) {
            List<String> alternatives = new ArrayList<>();
            for (String value : entry.getValue()) {
                String name = "fip" + index++;
                switch (entry.getKey()) {
                    case "ip_address" -> {
                        alternatives.add("fa.ip_address = :" + name);
                        parameters.put(name, io.xloud.network.service.Ip.parse(value).map(io.xloud.network.service.Ip::format).orElse(value));
                    }
                    case "subnet_id" -> {
                        alternatives.add("fa.subnet_id = :" + name);
                        parameters.put(name, value);
                    }
                    default -> {
                        alternatives.add("fa.ip_address LIKE :" + name + " ESCAPE '!'");
                        parameters.put(name, "%" + value.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                    }
                }
            }
            conditions.add("(" + String.join(" OR ", alternatives) + ")");
        }
        return Optional.of(new SqlPredicate("EXISTS (SELECT 1 FROM ip_allocations fa WHERE fa.port_id = ports.id AND "
                + String.join(" AND ", conditions) + ")", parameters));
    }

    private static Optional<SqlPredicate> securityGroupFilter(ListRequest request)
    {
        List<String> values = request.query().getOrDefault("security_groups", List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> parameters = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(values.size(), 100); i++) {
            parameters.put("psg" + i, values.get(i));
            names.add(":psg" + i);
        }
        return Optional.of(new SqlPredicate("EXISTS (SELECT 1 FROM port_security_groups fs WHERE fs.port_id = ports.id AND fs.security_group_id IN ("
                + String.join(", ", names) + "))", parameters));
    }

    /** Removes the port with its addresses and security-group links. */
    public void delete(String id)
    {
        work.transaction(h -> {
            h.createUpdate("DELETE FROM ip_allocations WHERE port_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM port_security_groups WHERE port_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM ports WHERE id = :id").bind("id", id).execute();
        });
    }

    // ---- addresses

    /** The addresses already taken on a subnet. */
    public Set<String> allocated(String subnetId)
    {
        return work.handle(h -> new HashSet<>(h.createQuery("SELECT ip_address FROM ip_allocations WHERE subnet_id = :id").bind("id", subnetId)
                .mapTo(String.class).list()));
    }

    public boolean addressInUse(String subnetId, String ipAddress)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM ip_allocations WHERE subnet_id = :id AND ip_address = :ip")
                .bind("id", subnetId).bind("ip", ipAddress).mapTo(Integer.class).one() > 0);
    }

    /** Records an address; a unique key makes a second holder impossible (409 IpAddressInUse). */
    public void allocate(String portId, String subnetId, String networkId, String ipAddress, int position)
    {
        work.transaction(h -> {
            try {
                return h.createUpdate("INSERT INTO ip_allocations (port_id, subnet_id, network_id, ip_address, position) "
                                + "VALUES (:port, :subnet, :network, :ip, :position)")
                        .bind("port", portId).bind("subnet", subnetId).bind("network", networkId).bind("ip", ipAddress).bind("position", position)
                        .execute();
            }
            catch (RuntimeException e) {
                if (Rows.uniqueViolation(e)) {
                    throw new ApiException(NetworkErrorCode.IP_ADDRESS_IN_USE, "Unable to complete operation for network " + networkId
                            + ". The IP address " + ipAddress + " is in use.");
                }
                throw e;
            }
        });
    }

    public void release(String portId, String subnetId, String ipAddress)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM ip_allocations WHERE port_id = :port AND subnet_id = :subnet AND ip_address = :ip")
                .bind("port", portId).bind("subnet", subnetId).bind("ip", ipAddress).execute());
    }

    public void reorder(String portId, List<Port.FixedIp> fixedIps)
    {
        work.transaction(h -> {
            for (int i = 0; i < fixedIps.size(); i++) {
                h.createUpdate("UPDATE ip_allocations SET position = :position WHERE port_id = :port AND subnet_id = :subnet AND ip_address = :ip")
                        .bind("position", i).bind("port", portId).bind("subnet", fixedIps.get(i).subnetId()).bind("ip", fixedIps.get(i).ipAddress())
                        .execute();
            }
            return null;
        });
    }

    // ---- questions other resources ask

    public boolean macInUse(String networkId, String mac)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM ports WHERE network_id = :network AND mac_address = :mac")
                .bind("network", networkId).bind("mac", mac).mapTo(Integer.class).one() > 0);
    }

    /** Ports on the network other than DHCP's and floating IPs' (which go with the network). */
    public long countInUse(String networkId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM ports WHERE network_id = :id AND device_owner NOT IN ('network:dhcp', 'network:floatingip')")
                .bind("id", networkId).mapTo(Long.class).one());
    }

    public List<String> idsOnNetwork(String networkId)
    {
        return work.handle(h -> h.createQuery("SELECT id FROM ports WHERE network_id = :id").bind("id", networkId).mapTo(String.class).list());
    }

    public long countOfOtherProjects(String networkId, String ownerProjectId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM ports WHERE network_id = :id AND project_id <> :owner AND device_owner NOT LIKE 'network:%'")
                .bind("id", networkId).bind("owner", ownerProjectId).mapTo(Long.class).one());
    }

    /** Addresses on the subnet held by ports other than DHCP's. */
    public long countAllocationsInUse(String subnetId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM ip_allocations a JOIN ports p ON p.id = a.port_id "
                + "WHERE a.subnet_id = :id AND p.device_owner <> 'network:dhcp'").bind("id", subnetId).mapTo(Long.class).one());
    }

    /** Addresses held on the subnet, by anyone. */
    public long countAllocations(String subnetId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM ip_allocations WHERE subnet_id = :id").bind("id", subnetId).mapTo(Long.class).one());
    }

    /** Addresses on the subnet held by routers' interfaces. */
    public long countRouterAllocations(String subnetId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM ip_allocations a JOIN ports p ON p.id = a.port_id "
                + "WHERE a.subnet_id = :id AND p.device_owner LIKE 'network:router_interface%'").bind("id", subnetId).mapTo(Long.class).one());
    }

    private static List<Port> complete(Handle h, List<Port> ports)
    {
        if (ports.isEmpty()) {
            return ports;
        }
        List<String> ids = ports.stream().map(Port::id).toList();
        Map<String, List<String>> tags = TagStore.tagsOf(h, ids);
        Map<String, List<Port.FixedIp>> addresses = new HashMap<>();
        Map<String, List<String>> groups = new HashMap<>();
        h.createQuery("SELECT a.port_id, a.subnet_id, a.ip_address FROM UNNEST(:ids) AS wanted(id) JOIN ip_allocations a ON a.port_id = wanted.id "
                        + "ORDER BY a.position, a.ip_address")
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new Port.FixedIp(rs.getString(2), rs.getString(3))))
                .forEach(entry -> addresses.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        h.createQuery("SELECT g.port_id, g.security_group_id FROM UNNEST(:ids) AS wanted(id) JOIN port_security_groups g ON g.port_id = wanted.id "
                        + "ORDER BY g.security_group_id")
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(entry -> groups.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        List<Port> complete = new ArrayList<>(ports.size());
        for (Port p : ports) {
            complete.add(new Port(p.id(), p.networkId(), p.name(), p.macAddress(), p.adminStateUp(), p.deviceId(), p.deviceOwner(), p.bindingHostId(),
                    p.bindingVnicType(), p.bindingProfile(), p.portSecurityEnabled(), p.allowedAddressPairs(), p.extraDhcpOpts(), p.dnsName(),
                    p.qosPolicyId(), addresses.getOrDefault(p.id(), List.of()), groups.getOrDefault(p.id(), List.of()),
                    p.standard().withTags(tags.getOrDefault(p.id(), List.of()))));
        }
        return complete;
    }

    private static Port port(ResultSet rs)
            throws SQLException
    {
        List<Port.AddressPair> pairs = Rows.mapList(rs.getString("allowed_address_pairs")).stream()
                .map(pair -> new Port.AddressPair(String.valueOf(pair.get("ip_address")), String.valueOf(pair.get("mac_address")))).toList();
        List<Port.DhcpOption> options = Rows.mapList(rs.getString("extra_dhcp_opts")).stream()
                .map(option -> new Port.DhcpOption(String.valueOf(option.get("opt_name")), String.valueOf(option.get("opt_value")),
                        ((Number) option.get("ip_version")).intValue())).toList();
        return new Port(rs.getString("id"), rs.getString("network_id"), rs.getString("name"), rs.getString("mac_address"),
                rs.getBoolean("admin_state_up"), rs.getString("device_id"), rs.getString("device_owner"), rs.getString("binding_host_id"),
                rs.getString("binding_vnic_type"), Rows.map(rs.getString("binding_profile")), rs.getBoolean("port_security_enabled"), pairs, options,
                rs.getString("dns_name"), Rows.optional(rs, "qos_policy_id"), List.of(), List.of(), Rows.standard(rs, List.of()));
    }
}
