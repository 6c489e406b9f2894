package io.xloud.identity.store;

import io.xloud.identity.service.Group;
import io.xloud.identity.service.User;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** Users, their password history, groups and group membership. */
public final class UserStore
{
    private UserStore() {}

    private static Optional<Long> optionalLong(ResultSet rs, String column)
            throws SQLException
    {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static User user(ResultSet rs)
            throws SQLException
    {
        return new User(rs.getString("id"), rs.getString("name"), rs.getString("domain_id"), rs.getBoolean("enabled"),
                Optional.ofNullable(rs.getString("default_project_id")), Optional.ofNullable(rs.getString("password_hash")),
                optionalLong(rs, "password_created_at"), optionalLong(rs, "password_expires_at"),
                rs.getInt("failed_auth_count"), optionalLong(rs, "failed_auth_at"),
                jsonMap(rs.getString("options")), jsonMap(rs.getString("extra")), rs.getLong("created_at"));
    }

    public static Optional<User> user(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id).map((rs, ctx) -> user(rs)).findOne();
    }

    public static Optional<User> userByName(Handle h, String domainId, String name)
    {
        return h.createQuery("SELECT * FROM users WHERE domain_id = :domain AND name = :name")
                .bind("domain", domainId).bind("name", name).map((rs, ctx) -> user(rs)).findOne();
    }

    public static List<User> users(Handle h)
    {
        return h.createQuery("SELECT * FROM users ORDER BY name").map((rs, ctx) -> user(rs)).list();
    }

    public static void insertUser(Handle h, User u)
    {
        h.createUpdate("INSERT INTO users (id, name, domain_id, enabled, default_project_id, password_hash, password_created_at, "
                        + "password_expires_at, failed_auth_count, failed_auth_at, options, extra, created_at) VALUES (:id, :name, :domain, "
                        + ":enabled, :project, :hash, :created, :expires, :failures, :failedAt, :options, :extra, :createdAt)")
                .bind("id", u.id()).bind("name", u.name()).bind("domain", u.domainId()).bind("enabled", u.enabled())
                .bind("project", u.defaultProjectId().orElse(null)).bind("hash", u.passwordHash().orElse(null))
                .bind("created", u.passwordCreatedAt().orElse(null)).bind("expires", u.passwordExpiresAt().orElse(null))
                .bind("failures", u.failedAuthCount()).bind("failedAt", u.failedAuthAt().orElse(null))
                .bind("options", json(u.options())).bind("extra", json(u.extra())).bind("createdAt", u.createdAt())
                .execute();
        IdentityEvents.emit(h, "user", "created", u.id(), Optional.empty());
    }

    public static void updateUser(Handle h, User u)
    {
        h.createUpdate("UPDATE users SET name = :name, domain_id = :domain, enabled = :enabled, default_project_id = :project, "
                        + "password_hash = :hash, password_created_at = :created, password_expires_at = :expires, "
                        + "failed_auth_count = :failures, failed_auth_at = :failedAt, options = :options, extra = :extra WHERE id = :id")
                .bind("id", u.id()).bind("name", u.name()).bind("domain", u.domainId()).bind("enabled", u.enabled())
                .bind("project", u.defaultProjectId().orElse(null)).bind("hash", u.passwordHash().orElse(null))
                .bind("created", u.passwordCreatedAt().orElse(null)).bind("expires", u.passwordExpiresAt().orElse(null))
                .bind("failures", u.failedAuthCount()).bind("failedAt", u.failedAuthAt().orElse(null))
                .bind("options", json(u.options())).bind("extra", json(u.extra()))
                .execute();
        IdentityEvents.emit(h, "user", "updated", u.id(), Optional.empty());
    }

    public static void recordFailedAuth(Handle h, String userId, int count, long at)
    {
        h.createUpdate("UPDATE users SET failed_auth_count = :count, failed_auth_at = :at WHERE id = :id")
                .bind("id", userId).bind("count", count).bind("at", at).execute();
    }

    public static void deleteUser(Handle h, String id)
    {
        h.createUpdate("DELETE FROM group_members WHERE user_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM password_history WHERE user_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute();
        IdentityEvents.emit(h, "user", "deleted", id, Optional.empty());
    }

    public static List<String> passwordHistory(Handle h, String userId, int count)
    {
        return h.createQuery("SELECT password_hash FROM password_history WHERE user_id = :id ORDER BY created_at DESC")
                .bind("id", userId).setMaxRows(Math.max(count, 1)).mapTo(String.class).list();
    }

    public static void addPasswordHistory(Handle h, String userId, String hash, long at)
    {
        h.createUpdate("INSERT INTO password_history (user_id, password_hash, created_at) VALUES (:id, :hash, :at)")
                .bind("id", userId).bind("hash", hash).bind("at", at).execute();
    }

    // ---- groups

    static Group group(ResultSet rs)
            throws SQLException
    {
        return new Group(rs.getString("id"), rs.getString("name"), rs.getString("domain_id"),
                Optional.ofNullable(rs.getString("description")), jsonMap(rs.getString("extra")));
    }

    public static Optional<Group> group(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM groups_ WHERE id = :id").bind("id", id).map((rs, ctx) -> group(rs)).findOne();
    }

    public static Optional<Group> groupByName(Handle h, String domainId, String name)
    {
        return h.createQuery("SELECT * FROM groups_ WHERE domain_id = :domain AND name = :name")
                .bind("domain", domainId).bind("name", name).map((rs, ctx) -> group(rs)).findOne();
    }

    public static List<Group> groups(Handle h)
    {
        return h.createQuery("SELECT * FROM groups_ ORDER BY name").map((rs, ctx) -> group(rs)).list();
    }

    public static void insertGroup(Handle h, Group g)
    {
        h.createUpdate("INSERT INTO groups_ (id, name, domain_id, description, extra) VALUES (:id, :name, :domain, :description, :extra)")
                .bind("id", g.id()).bind("name", g.name()).bind("domain", g.domainId())
                .bind("description", g.description().orElse(null)).bind("extra", json(g.extra()))
                .execute();
        IdentityEvents.emit(h, "group", "created", g.id(), Optional.empty());
    }

    public static void updateGroup(Handle h, Group g)
    {
        h.createUpdate("UPDATE groups_ SET name = :name, description = :description, extra = :extra WHERE id = :id")
                .bind("id", g.id()).bind("name", g.name()).bind("description", g.description().orElse(null)).bind("extra", json(g.extra()))
                .execute();
        IdentityEvents.emit(h, "group", "updated", g.id(), Optional.empty());
    }

    public static void deleteGroup(Handle h, String id)
    {
        h.createUpdate("DELETE FROM group_members WHERE group_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM expiring_group_memberships WHERE group_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM groups_ WHERE id = :id").bind("id", id).execute();
        IdentityEvents.emit(h, "group", "deleted", id, Optional.empty());
    }

    /** Its groups, with those a federated login gave it while its identity provider's authorization_ttl lasts. */
    public static List<String> groupIdsOfUser(Handle h, String userId)
    {
        return h.createQuery("SELECT group_id FROM group_members WHERE user_id = :id UNION "
                        + "SELECT m.group_id FROM expiring_group_memberships m JOIN identity_providers i ON i.id = m.idp_id "
                        + "WHERE m.user_id = :id AND i.authorization_ttl > 0 AND m.last_verified + CAST(i.authorization_ttl AS BIGINT) * 60000 > :now")
                .bind("id", userId).bind("now", System.currentTimeMillis()).mapTo(String.class).list();
    }

    public static List<String> userIdsInGroup(Handle h, String groupId)
    {
        return h.createQuery("SELECT user_id FROM group_members WHERE group_id = :id").bind("id", groupId).mapTo(String.class).list();
    }

    public static boolean isMember(Handle h, String groupId, String userId)
    {
        return h.createQuery("SELECT COUNT(*) FROM group_members WHERE group_id = :g AND user_id = :u")
                .bind("g", groupId).bind("u", userId).mapTo(Integer.class).one() > 0;
    }

    public static void addMember(Handle h, String groupId, String userId)
    {
        h.createUpdate("INSERT INTO group_members (group_id, user_id) VALUES (:g, :u) ON CONFLICT DO NOTHING")
                .bind("g", groupId).bind("u", userId).execute();
    }

    public static void removeMember(Handle h, String groupId, String userId)
    {
        h.createUpdate("DELETE FROM group_members WHERE group_id = :g AND user_id = :u").bind("g", groupId).bind("u", userId).execute();
    }
}
