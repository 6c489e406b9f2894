package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.RbacPolicy;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** RBAC policies: who may use which object, and how. */
public final class RbacPolicyStore
{
    private RbacPolicyStore() {}

    public static final ListSpec POLICIES = ListSpec.builder(ListDialect.NEUTRON, "rbac_policies")
            .select("rbac_policies.*")
            .id(Attribute.string("id", "rbac_policies.id").filter().sortable())
            .attribute(Attribute.string("project_id", "rbac_policies.project_id").filter().sortable().notNull())
            .attribute(Attribute.string("tenant_id", "rbac_policies.project_id").filter().sortable().notNull())
            .attribute(Attribute.string("object_type", "rbac_policies.object_type").filter().sortable().notNull())
            .attribute(Attribute.string("object_id", "rbac_policies.object_id").filter().sortable().notNull())
            .attribute(Attribute.string("action", "rbac_policies.action").filter().sortable().notNull())
            .attribute(Attribute.string("target_tenant", "rbac_policies.target_tenant").filter().sortable().notNull())
            .attribute(Attribute.string("target_project", "rbac_policies.target_tenant").filter().sortable().notNull())
            .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
            .strictFilters(true)
            .invalidInput(NetworkErrorCode.BAD_REQUEST)
            .defaultSort("id", SortDirection.ASC)
            .build();

    public static Page<RbacPolicy> list(Handle h, ListRequest request, List<SqlPredicate> scope)
    {
        return ListQuery.page(h, request, scope, (rs, ctx) -> policy(rs));
    }

    public static RbacPolicy policy(ResultSet rs)
            throws SQLException
    {
        return new RbacPolicy(rs.getString("id"), rs.getString("project_id"), rs.getString("object_type"), rs.getString("object_id"),
                rs.getString("action"), rs.getString("target_tenant"));
    }

    public static Optional<RbacPolicy> find(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM rbac_policies WHERE id = :id").bind("id", id).map((rs, ctx) -> policy(rs)).findOne();
    }

    public static Optional<RbacPolicy> find(Handle h, String objectType, String objectId, String action, String targetTenant)
    {
        return h.createQuery("SELECT * FROM rbac_policies WHERE object_type = :type AND object_id = :object AND action = :action AND target_tenant = :target")
                .bind("type", objectType).bind("object", objectId).bind("action", action).bind("target", targetTenant)
                .map((rs, ctx) -> policy(rs)).findOne();
    }

    public static List<RbacPolicy> ofObject(Handle h, String objectType, String objectId)
    {
        return h.createQuery("SELECT * FROM rbac_policies WHERE object_type = :type AND object_id = :object ORDER BY id")
                .bind("type", objectType).bind("object", objectId).map((rs, ctx) -> policy(rs)).list();
    }

    /** Whether a policy grants {@code action} on the object to the project, by name or by wildcard. */
    public static boolean grants(Handle h, String objectType, String objectId, String action, String projectId)
    {
        return h.createQuery("SELECT COUNT(*) FROM rbac_policies WHERE object_type = :type AND object_id = :object AND action = :action "
                        + "AND target_tenant IN ('*', :project)")
                .bind("type", objectType).bind("object", objectId).bind("action", action).bind("project", projectId)
                .mapTo(Long.class).one() > 0;
    }

    /** Whether {@code action} is granted to every project. */
    public static boolean grantsAll(Handle h, String objectType, String objectId, String action)
    {
        return h.createQuery("SELECT COUNT(*) FROM rbac_policies WHERE object_type = :type AND object_id = :object AND action = :action AND target_tenant = '*'")
                .bind("type", objectType).bind("object", objectId).bind("action", action)
                .mapTo(Long.class).one() > 0;
    }

    /**
     * SQL for "the object whose id is in {@code idColumn} is granted {@code action} to the project bound as
     * {@code :<projectParameter>}", for list scopes.
     */
    public static String grantedSql(String objectType, String action, String idColumn, String projectParameter)
    {
        return "EXISTS (SELECT 1 FROM rbac_policies xl_rbac WHERE xl_rbac.object_type = '" + objectType + "' AND xl_rbac.object_id = " + idColumn
                + " AND xl_rbac.action = '" + action + "' AND xl_rbac.target_tenant IN ('*', :" + projectParameter + "))";
    }

    /** Like {@link #grantedSql}, for any action. */
    public static String anyGrantSql(String objectType, String idColumn, String projectParameter)
    {
        return "EXISTS (SELECT 1 FROM rbac_policies xl_rbac WHERE xl_rbac.object_type = '" + objectType + "' AND xl_rbac.object_id = " + idColumn
                + " AND xl_rbac.target_tenant IN ('*', :" + projectParameter + "))";
    }

    public static void insert(Handle h, RbacPolicy policy, Instant now)
    {
        h.createUpdate("INSERT INTO rbac_policies (id, project_id, object_type, object_id, action, target_tenant, created_at) "
                        + "VALUES (:id, :project, :type, :object, :action, :target, :created)")
                .bind("id", policy.id()).bind("project", policy.projectId()).bind("type", policy.objectType()).bind("object", policy.objectId())
                .bind("action", policy.action()).bind("target", policy.targetTenant()).bind("created", PoolTimestamps.write(now))
                .execute();
    }

    public static void updateTarget(Handle h, String id, String targetTenant)
    {
        h.createUpdate("UPDATE rbac_policies SET target_tenant = :target WHERE id = :id").bind("id", id).bind("target", targetTenant).execute();
    }

    public static void delete(Handle h, String id)
    {
        h.createUpdate("DELETE FROM rbac_policies WHERE id = :id").bind("id", id).execute();
    }

    public static void deleteOfObject(Handle h, String objectType, String objectId)
    {
        h.createUpdate("DELETE FROM rbac_policies WHERE object_type = :type AND object_id = :object").bind("type", objectType).bind("object", objectId).execute();
    }
}
