package io.xloud.network.store;

import org.jdbi.v3.core.Handle;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The owners of objects RBAC policies name, in the tables of the resources that own them. */
public final class RbacObjectStore
{
    private static final Pattern TABLE = Pattern.compile("[a-z_]{1,64}");

    private RbacObjectStore() {}

    /** The shareable objects of security groups, address groups and QoS: their table, and the queries for the projects that use one. */
    public enum Kind
    {
        QOS_POLICY("network_qos_policies", List.of(
                "SELECT project_id FROM ports WHERE qos_policy_id = :id",
                "SELECT project_id FROM networks WHERE qos_policy_id = :id",
                "SELECT project_id FROM floatingips WHERE qos_policy_id = :id")),
        SECURITY_GROUP("network_security_groups", List.of(
                "SELECT p.project_id FROM port_security_groups psg JOIN ports p ON p.id = psg.port_id WHERE psg.security_group_id = :id",
                "SELECT project_id FROM network_security_group_rules WHERE remote_group_id = :id")),
        ADDRESS_GROUP("network_address_groups", List.of(
                "SELECT project_id FROM network_security_group_rules WHERE remote_address_group_id = :id"));

        private final String table;
        private final List<String> users;

        Kind(String table, List<String> users)
        {
            this.table = table;
            this.users = users;
        }
    }

    public static Optional<String> owner(Handle h, Kind kind, String id)
    {
        return h.createQuery("SELECT project_id FROM " + kind.table + " WHERE id = :id").bind("id", id).mapTo(String.class).findOne();
    }

    /** The projects that use the object (its owner among them, when it does). */
    public static Set<String> users(Handle h, Kind kind, String id)
    {
        Set<String> users = new HashSet<>();
        for (String query : kind.users) {
            users.addAll(h.createQuery(query).bind("id", id).mapTo(String.class).list());
        }
        return users;
    }

    /** A QoS policy's {@code shared}, which stands for a policy granting every project. */
    public static void setQosPolicyShared(Handle h, String id, boolean shared)
    {
        h.createUpdate("UPDATE network_qos_policies SET shared = :shared, revision_number = revision_number + 1 WHERE id = :id")
                .bind("shared", shared).bind("id", id).execute();
    }

    /** The project of the row {@code id} of {@code table}; empty when there is no such row or no such table. */
    public static Optional<String> owner(Handle h, String table, String id)
    {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        if (!exists(h, table)) {
            return Optional.empty();
        }
        return h.createQuery("SELECT project_id FROM " + table + " WHERE id = :id").bind("id", id).mapTo(String.class).findOne();
    }

    /** Asked of the connection's metadata, so that a missing table never aborts the open transaction. */
    private static boolean exists(Handle h, String table)
    {
        try {
            DatabaseMetaData metadata = h.getConnection().getMetaData();
            for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
                try (ResultSet tables = metadata.getTables(null, null, name, new String[] {"TABLE", "BASE TABLE"})) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's tables: " + e.getMessage(), e);
        }
    }
}
