package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.network.service.SecurityGroup;
import io.xloud.network.service.SecurityGroupRule;
import io.xloud.network.service.Standard;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Security groups, their rules, the default group of each project and the groups of each port. */
public final class SecurityGroupStore
{
    public static final String GROUPS = "network_security_groups";
    public static final String RULES = "network_security_group_rules";

    public static final ListSpec GROUP_LIST = NeutronListQuery.spec(GROUPS)
            .attribute(Attribute.string("name", GROUPS + ".name").filter().sortable().notNull())
            .attribute(Attribute.bool("stateful", GROUPS + ".stateful").filter().sortable().notNull())
            .defaultSort("id", SortDirection.ASC)
            .build();

    public static final ListSpec RULE_LIST = NeutronListQuery.spec(RULES)
            .attribute(Attribute.string("security_group_id", RULES + ".security_group_id").filter().sortable().notNull())
            .attribute(Attribute.string("direction", RULES + ".direction").filter().sortable().notNull())
            .attribute(Attribute.string("ethertype", RULES + ".ethertype").filter().sortable().notNull())
            .attribute(Attribute.string("protocol", RULES + ".protocol").filter().sortable())
            .attribute(Attribute.integer("port_range_min", RULES + ".port_range_min").filter().sortable())
            .attribute(Attribute.integer("port_range_max", RULES + ".port_range_max").filter().sortable())
            .attribute(Attribute.string("remote_ip_prefix", RULES + ".remote_ip_prefix").filter().sortable())
            .attribute(Attribute.string("remote_group_id", RULES + ".remote_group_id").filter().sortable())
            .attribute(Attribute.string("remote_address_group_id", RULES + ".remote_address_group_id").filter().sortable())
            .attribute(Attribute.bool("belongs_to_default_sg", RULES + ".belongs_to_default_sg").filter().sortable().notNull())
            .defaultSort("id", SortDirection.ASC)
            .build();

    private final UnitOfWork work;

    public SecurityGroupStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public UnitOfWork work()
    {
        return work;
    }

    // groups

    public void insert(SecurityGroup group)
    {
        work.transaction(h -> h.createUpdate("INSERT INTO " + GROUPS + " (id, project_id, name, description, stateful, is_default, created_at, updated_at, "
                        + "revision_number) VALUES (:id, :project, :name, :description, :stateful, :default, :created, :updated, :revision)")
                .bind("id", group.id())
                .bind("project", group.projectId())
                .bind("name", group.name())
                .bind("description", group.standard().description())
                .bind("stateful", group.stateful())
                .bind("default", group.isDefault())
                .bind("created", time(group.standard().createdAt()))
                .bind("updated", time(group.standard().updatedAt()))
                .bind("revision", group.standard().revisionNumber())
                .execute());
    }

    /** Records {@code groupId} as the project's default group; false when the project already has one (or another request is making it). */
    public boolean claimDefault(String projectId, String groupId)
    {
        return work.transaction(h -> h.createUpdate("INSERT INTO network_default_security_groups (project_id, security_group_id) "
                        + "VALUES (:project, :group) ON CONFLICT DO NOTHING")
                .bind("project", projectId).bind("group", groupId).execute() == 1);
    }

    public Optional<String> defaultGroupId(String projectId)
    {
        return work.handle(h -> h.createQuery("SELECT security_group_id FROM network_default_security_groups WHERE project_id = :project")
                .bind("project", projectId).mapTo(String.class).findOne());
    }

    /** The group with its rules and tags. */
    public Optional<SecurityGroup> group(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM " + GROUPS + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> group(rs, List.of())).findOne()
                .map(group -> complete(h, List.of(group)).getFirst()));
    }

    public Page<SecurityGroup> page(ListRequest request, List<SqlPredicate> scope)
    {
        return work.handle(h -> {
            Page<SecurityGroup> page = NeutronListQuery.page(h, request, scope, (rs, ctx) -> group(rs, List.of()));
            List<SecurityGroup> complete = complete(h, page.items());
            return new Page<>(complete, page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    /** Ids of the groups among {@code ids} that exist, with their project. */
    public Map<String, String> projectsOf(Collection<String> ids)
    {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return work.handle(h -> {
            Map<String, String> projects = new HashMap<>();
            h.createQuery("SELECT id, project_id FROM " + GROUPS + " WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(entry -> projects.put(entry.getKey(), entry.getValue()));
            return projects;
        });
    }

    public boolean update(String id, String name, String description, boolean stateful, Instant now)
    {
        return work.transaction(h -> h.createUpdate("UPDATE " + GROUPS + " SET name = :name, description = :description, stateful = :stateful, "
                        + "updated_at = :now, revision_number = revision_number + 1 WHERE id = :id")
                .bind("id", id).bind("name", name).bind("description", description).bind("stateful", stateful).bind("now", time(now))
                .execute() == 1);
    }

    public boolean delete(String id)
    {
        return work.transaction(h -> {
            h.createUpdate("DELETE FROM network_default_security_groups WHERE security_group_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM " + GROUPS + " WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    public void bumpRevision(String id, Instant now)
    {
        work.transaction(h -> h.createUpdate("UPDATE " + GROUPS + " SET updated_at = :now, revision_number = revision_number + 1 WHERE id = :id")
                .bind("id", id).bind("now", time(now)).execute());
    }

    // rules

    public void insert(SecurityGroupRule rule, String key)
    {
        work.transaction(h -> h.createUpdate("INSERT INTO " + RULES + " (id, project_id, security_group_id, direction, ethertype, protocol, "
                        + "port_range_min, port_range_max, remote_ip_prefix, remote_group_id, remote_address_group_id, belongs_to_default_sg, "
                        + "description, rule_key, created_at, updated_at, revision_number) VALUES (:id, :project, :group, :direction, :ethertype, "
                        + ":protocol, :min, :max, :prefix, :remoteGroup, :remoteAddressGroup, :default, :description, :key, :created, :updated, "
                        + ":revision)")
                .bind("id", rule.id())
                .bind("project", rule.projectId())
                .bind("group", rule.securityGroupId())
                .bind("direction", rule.direction())
                .bind("ethertype", rule.ethertype())
                .bind("protocol", rule.protocol().orElse(null))
                .bind("min", rule.portRangeMin().orElse(null))
                .bind("max", rule.portRangeMax().orElse(null))
                .bind("prefix", rule.remoteIpPrefix().orElse(null))
                .bind("remoteGroup", rule.remoteGroupId().orElse(null))
                .bind("remoteAddressGroup", rule.remoteAddressGroupId().orElse(null))
                .bind("default", rule.belongsToDefaultGroup())
                .bind("description", rule.standard().description())
                .bind("key", key)
                .bind("created", time(rule.standard().createdAt()))
                .bind("updated", time(rule.standard().updatedAt()))
                .bind("revision", rule.standard().revisionNumber())
                .execute());
    }

    /** The id of the group's rule with this key, if it has one. */
    public Optional<String> ruleWithKey(String groupId, String key)
    {
        return work.handle(h -> h.createQuery("SELECT id FROM " + RULES + " WHERE security_group_id = :group AND rule_key = :key")
                .bind("group", groupId).bind("key", key).mapTo(String.class).findOne());
    }

    public Optional<SecurityGroupRule> rule(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM " + RULES + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> rule(rs)).findOne());
    }

    public Page<SecurityGroupRule> rulePage(ListRequest request, List<SqlPredicate> scope)
    {
        return work.handle(h -> NeutronListQuery.page(h, request, scope, (rs, ctx) -> rule(rs)));
    }

    public boolean deleteRule(String id)
    {
        return work.transaction(h -> h.createUpdate("DELETE FROM " + RULES + " WHERE id = :id").bind("id", id).execute() == 1);
    }

    public int rulesNamingAddressGroup(String addressGroupId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM " + RULES + " WHERE remote_address_group_id = :id")
                .bind("id", addressGroupId).mapTo(Integer.class).one());
    }

    /** How many rules each group has, for the quota a deleted group gives back. */
    public int ruleCount(String groupId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM " + RULES + " WHERE security_group_id = :id")
                .bind("id", groupId).mapTo(Integer.class).one());
    }

    /** Rules of other groups that name this one as their remote, by project: deleting the group deletes them too. */
    public Map<String, Integer> rulesNamingGroupElsewhere(String groupId)
    {
        return work.handle(h -> {
            Map<String, Integer> counts = new HashMap<>();
            h.createQuery("SELECT project_id, COUNT(*) FROM " + RULES + " WHERE remote_group_id = :id AND security_group_id <> :id GROUP BY project_id")
                    .bind("id", groupId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                    .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
            return counts;
        });
    }

    // ports (their groups are the port resources' table)

    public int portsUsing(String groupId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM port_security_groups WHERE security_group_id = :id")
                .bind("id", groupId).mapTo(Integer.class).one());
    }

    // rows

    private static List<SecurityGroup> complete(Handle h, List<SecurityGroup> groups)
    {
        if (groups.isEmpty()) {
            return groups;
        }
        List<String> ids = groups.stream().map(SecurityGroup::id).toList();
        Map<String, List<String>> tags = TagStore.tagsOf(h, ids);
        Map<String, List<SecurityGroupRule>> rules = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            h.createQuery("SELECT * FROM " + RULES + " WHERE security_group_id IN (<ids>) ORDER BY created_at, id")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .map((rs, ctx) -> rule(rs))
                    .forEach(rule -> rules.computeIfAbsent(rule.securityGroupId(), ignored -> new ArrayList<>()).add(rule));
        }
        return groups.stream()
                .map(group -> group.withStandard(group.standard().withTags(tags.getOrDefault(group.id(), List.of())))
                        .withRules(rules.getOrDefault(group.id(), List.of())))
                .toList();
    }

    private static SecurityGroup group(ResultSet rs, List<SecurityGroupRule> rules)
            throws SQLException
    {
        return new SecurityGroup(rs.getString("id"), rs.getString("name"), rs.getBoolean("stateful"), rs.getBoolean("is_default"),
                standard(rs), rules);
    }

    private static SecurityGroupRule rule(ResultSet rs)
            throws SQLException
    {
        return new SecurityGroupRule(
                rs.getString("id"),
                rs.getString("security_group_id"),
                rs.getString("direction"),
                rs.getString("ethertype"),
                Optional.ofNullable(rs.getString("protocol")),
                integer(rs, "port_range_min"),
                integer(rs, "port_range_max"),
                Optional.ofNullable(rs.getString("remote_ip_prefix")),
                Optional.ofNullable(rs.getString("remote_group_id")),
                Optional.ofNullable(rs.getString("remote_address_group_id")),
                rs.getBoolean("belongs_to_default_sg"),
                standard(rs));
    }

    static Standard standard(ResultSet rs)
            throws SQLException
    {
        return new Standard(rs.getString("project_id"), rs.getString("description"), List.of(), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getLong("revision_number"));
    }

    static Optional<Integer> integer(ResultSet rs, String column)
            throws SQLException
    {
        int value = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static Optional<Long> longValue(ResultSet rs, String column)
            throws SQLException
    {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static Instant instant(ResultSet rs, String column)
            throws SQLException
    {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    static LocalDateTime time(Instant instant)
    {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
