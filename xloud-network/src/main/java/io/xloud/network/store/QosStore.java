package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.network.service.QosPolicy;
import io.xloud.network.service.QosRule;
import io.xloud.network.service.QosRuleType;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.network.store.SecurityGroupStore.standard;
import static io.xloud.network.store.SecurityGroupStore.time;
import static java.util.Objects.requireNonNull;

/** QoS policies, their rules, each project's default policy, and the ports, networks and floating IPs policies are attached to. */
public final class QosStore
{
    public static final String POLICIES = "network_qos_policies";
    /** The tables whose rows name a policy in their qos_policy_id. */
    private static final List<String> ATTACHABLE = List.of("ports", "networks", "floatingips");
    private static final Set<String> VALUE_COLUMNS = Set.of("direction", "max_kbps", "max_burst_kbps", "min_kbps", "dscp_mark", "max_kpps",
            "max_burst_kpps", "min_kpps");

    public static final ListSpec LIST = NeutronListQuery.spec(POLICIES)
            .attribute(Attribute.string("name", POLICIES + ".name").filter().sortable().notNull())
            .attribute(Attribute.bool("shared", POLICIES + ".shared").filter().sortable().notNull())
            .attribute(Attribute.bool("is_default", POLICIES + ".is_default").filter().sortable().notNull())
            .defaultSort("id", SortDirection.ASC)
            .build();

    private final UnitOfWork work;

    public QosStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public UnitOfWork work()
    {
        return work;
    }

    // policies

    public void insert(QosPolicy policy)
    {
        work.transaction(h -> h.createUpdate("INSERT INTO " + POLICIES + " (id, project_id, name, description, shared, is_default, created_at, "
                        + "updated_at, revision_number) VALUES (:id, :project, :name, :description, :shared, :default, :created, :updated, :revision)")
                .bind("id", policy.id())
                .bind("project", policy.projectId())
                .bind("name", policy.name())
                .bind("description", policy.standard().description())
                .bind("shared", policy.shared())
                .bind("default", policy.isDefault())
                .bind("created", time(policy.standard().createdAt()))
                .bind("updated", time(policy.standard().updatedAt()))
                .bind("revision", policy.standard().revisionNumber())
                .execute());
    }

    public Optional<QosPolicy> policy(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM " + POLICIES + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> policy(rs)).findOne()
                .map(policy -> complete(h, List.of(policy)).getFirst()));
    }

    public Page<QosPolicy> page(ListRequest request, List<SqlPredicate> scope)
    {
        return work.handle(h -> {
            Page<QosPolicy> page = NeutronListQuery.page(h, request, scope, (rs, ctx) -> policy(rs));
            return new Page<>(complete(h, page.items()), page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    public boolean update(String id, String name, String description, boolean shared, boolean isDefault, Instant now)
    {
        return work.transaction(h -> h.createUpdate("UPDATE " + POLICIES + " SET name = :name, description = :description, shared = :shared, "
                        + "is_default = :default, updated_at = :now, revision_number = revision_number + 1 WHERE id = :id")
                .bind("id", id).bind("name", name).bind("description", description).bind("shared", shared).bind("default", isDefault)
                .bind("now", time(now)).execute() == 1);
    }

    public void bumpRevision(String id, Instant now)
    {
        work.transaction(h -> h.createUpdate("UPDATE " + POLICIES + " SET updated_at = :now, revision_number = revision_number + 1 WHERE id = :id")
                .bind("id", id).bind("now", time(now)).execute());
    }

    public boolean delete(String id)
    {
        return work.transaction(h -> {
            h.createUpdate("DELETE FROM network_qos_default_policies WHERE policy_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM " + POLICIES + " WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    /** Makes {@code policyId} the project's default; false when another policy already is. */
    public boolean claimDefault(String projectId, String policyId)
    {
        return work.transaction(h -> {
            h.createUpdate("INSERT INTO network_qos_default_policies (project_id, policy_id) VALUES (:project, :policy) ON CONFLICT DO NOTHING")
                    .bind("project", projectId).bind("policy", policyId).execute();
            return defaultPolicy(h, projectId).map(policyId::equals).orElse(false);
        });
    }

    public void releaseDefault(String policyId)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM network_qos_default_policies WHERE policy_id = :policy").bind("policy", policyId).execute());
    }

    public Optional<String> defaultPolicy(String projectId)
    {
        return work.handle(h -> defaultPolicy(h, projectId));
    }

    private static Optional<String> defaultPolicy(Handle h, String projectId)
    {
        return h.createQuery("SELECT policy_id FROM network_qos_default_policies WHERE project_id = :project")
                .bind("project", projectId).mapTo(String.class).findOne();
    }

    // rules

    public void insert(QosRule rule, Instant now)
    {
        work.transaction(h -> {
            Map<String, Object> columns = new LinkedHashMap<>();
            rule.values().forEach((name, value) -> {
                if (!VALUE_COLUMNS.contains(name)) {
                    throw new IllegalArgumentException("not a rule column: " + name);
                }
                columns.put(name, value);
            });
            StringBuilder names = new StringBuilder("id, policy_id, rule_type, rule_key, created_at");
            StringBuilder values = new StringBuilder(":id, :policy, :type, :key, :created");
            columns.keySet().forEach(name -> {
                names.append(", ").append(name);
                values.append(", :v_").append(name);
            });
            var update = h.createUpdate("INSERT INTO network_qos_rules (" + names + ") VALUES (" + values + ")")
                    .bind("id", rule.id()).bind("policy", rule.policyId()).bind("type", rule.type().wireName()).bind("key", rule.key())
                    .bind("created", time(now));
            columns.forEach((name, value) -> update.bind("v_" + name, value));
            return update.execute();
        });
    }

    public boolean replace(QosRule rule)
    {
        return work.transaction(h -> {
            StringBuilder sets = new StringBuilder("rule_key = :key");
            rule.values().keySet().forEach(name -> {
                if (!VALUE_COLUMNS.contains(name)) {
                    throw new IllegalArgumentException("not a rule column: " + name);
                }
                sets.append(", ").append(name).append(" = :v_").append(name);
            });
            var update = h.createUpdate("UPDATE network_qos_rules SET " + sets + " WHERE id = :id").bind("id", rule.id()).bind("key", rule.key());
            rule.values().forEach((name, value) -> update.bind("v_" + name, value));
            return update.execute() == 1;
        });
    }

    public Optional<QosRule> rule(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM network_qos_rules WHERE id = :id").bind("id", id).map((rs, ctx) -> rule(rs)).findOne());
    }

    /** The id of the policy's rule with this key (type and direction), if any. */
    public Optional<String> ruleWithKey(String policyId, String key)
    {
        return work.handle(h -> h.createQuery("SELECT id FROM network_qos_rules WHERE policy_id = :policy AND rule_key = :key")
                .bind("policy", policyId).bind("key", key).mapTo(String.class).findOne());
    }

    public boolean deleteRule(String id)
    {
        return work.transaction(h -> h.createUpdate("DELETE FROM network_qos_rules WHERE id = :id").bind("id", id).execute() == 1);
    }

    // attachments (the port and network resources' own qos_policy_id)

    /** One resource the policy is attached to, as (type, id), if any. */
    public Optional<Map.Entry<String, String>> anyBinding(String policyId)
    {
        return work.handle(h -> {
            for (String table : ATTACHABLE) {
                Optional<String> id = h.createQuery("SELECT id FROM " + table + " WHERE qos_policy_id = :policy ORDER BY id")
                        .bind("policy", policyId).setMaxRows(1).mapTo(String.class).findFirst();
                if (id.isPresent()) {
                    return Optional.of(Map.entry(table.substring(0, table.length() - 1), id.get()));
                }
            }
            return Optional.empty();
        });
    }

    // rows

    private static List<QosPolicy> complete(Handle h, List<QosPolicy> policies)
    {
        if (policies.isEmpty()) {
            return policies;
        }
        List<String> ids = policies.stream().map(QosPolicy::id).toList();
        Map<String, List<String>> tags = TagStore.tagsOf(h, ids);
        Map<String, List<QosRule>> rules = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            h.createQuery("SELECT * FROM network_qos_rules WHERE policy_id IN (<ids>) ORDER BY created_at, id")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .map((rs, ctx) -> rule(rs))
                    .forEach(rule -> rules.computeIfAbsent(rule.policyId(), ignored -> new ArrayList<>()).add(rule));
        }
        return policies.stream()
                .map(policy -> new QosPolicy(policy.id(), policy.name(), policy.shared(), policy.isDefault(),
                        policy.standard().withTags(tags.getOrDefault(policy.id(), List.of())), rules.getOrDefault(policy.id(), List.of())))
                .toList();
    }

    private static QosPolicy policy(ResultSet rs)
            throws SQLException
    {
        return new QosPolicy(rs.getString("id"), rs.getString("name"), rs.getBoolean("shared"), rs.getBoolean("is_default"), standard(rs), List.of());
    }

    private static QosRule rule(ResultSet rs)
            throws SQLException
    {
        QosRuleType type = QosRuleType.of(rs.getString("rule_type")).orElseThrow();
        Map<String, Object> values = new LinkedHashMap<>();
        for (QosRuleType.Parameter parameter : type.parameters()) {
            Object value = parameter.name().equals("direction") ? rs.getString("direction") : rs.getObject(parameter.name());
            if (value instanceof Number number) {
                value = number.longValue();
            }
            values.put(parameter.name(), value);
        }
        return new QosRule(rs.getString("id"), rs.getString("policy_id"), type, values);
    }
}
