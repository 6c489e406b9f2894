package io.xloud.identity.store;

import io.xloud.identity.service.AccessRule;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What {@link DelegationStore} does not keep of application credentials: the access rules a user's credentials
 * share, and the expiry to the microsecond (Keystone echoes the microseconds a client sent; the millisecond
 * {@code expires_at} column is what token validation reads).
 */
public final class ApplicationCredentialStore
{
    private ApplicationCredentialStore() {}

    /** Serialises the writes of one user's application credentials, so that name checks and rule sharing see each other. */
    public static void lockUser(Handle h, String userId)
    {
        h.createQuery("SELECT id FROM users WHERE id = :id FOR UPDATE").bind("id", userId).mapTo(String.class).findOne();
    }

    public static void setExpiresAtMicros(Handle h, String id, Optional<Long> micros)
    {
        h.createUpdate("UPDATE application_credentials SET expires_at_micros = :micros WHERE id = :id")
                .bind("id", id).bind("micros", micros.orElse(null)).execute();
    }

    public static Optional<Long> expiresAtMicros(Handle h, String id)
    {
        return h.createQuery("SELECT expires_at_micros FROM application_credentials WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> {
                    long micros = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Long>empty() : Optional.of(micros);
                })
                .findOne().flatMap(micros -> micros);
    }

    private static AccessRule accessRule(ResultSet rs)
            throws SQLException
    {
        return new AccessRule(rs.getString("id"), rs.getString("user_id"), rs.getString("service"), Optional.ofNullable(rs.getString("path")),
                rs.getString("method"));
    }

    public static Optional<AccessRule> accessRule(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM access_rules WHERE id = :id").bind("id", id).map((rs, ctx) -> accessRule(rs)).findOne();
    }

    public static List<AccessRule> accessRulesOfUser(Handle h, String userId)
    {
        return h.createQuery("SELECT * FROM access_rules WHERE user_id = :user ORDER BY service, path, method, id").bind("user", userId)
                .map((rs, ctx) -> accessRule(rs)).list();
    }

    public static void insertAccessRule(Handle h, AccessRule rule)
    {
        h.createUpdate("INSERT INTO access_rules (id, user_id, service, path, method) VALUES (:id, :user, :service, :path, :method)")
                .bind("id", rule.id()).bind("user", rule.userId()).bind("service", rule.service()).bind("path", rule.path().orElse(null))
                .bind("method", rule.method())
                .execute();
    }

    public static int deleteAccessRule(Handle h, String id)
    {
        return h.createUpdate("DELETE FROM access_rules WHERE id = :id").bind("id", id).execute();
    }

    public static void deleteAccessRulesOfUser(Handle h, String userId)
    {
        h.createUpdate("DELETE FROM access_rules WHERE user_id = :id").bind("id", userId).execute();
    }
}
