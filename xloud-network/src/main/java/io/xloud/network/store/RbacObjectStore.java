package io.xloud.network.store;

import org.jdbi.v3.core.Handle;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The owners of objects RBAC policies name, in the tables of the resources that own them. */
public final class RbacObjectStore
{
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

    /** Locks the object's row for the rest of the unit of work (so concurrent changes of its wildcard grant take turns). */
    public static void lock(Handle h, Kind kind, String id)
    {
        h.createQuery("SELECT id FROM " + kind.table + " WHERE id = :id FOR UPDATE").bind("id", id).mapTo(String.class).findOne();
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
}
