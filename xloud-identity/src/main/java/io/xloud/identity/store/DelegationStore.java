package io.xloud.identity.store;

import io.xloud.identity.service.ApplicationCredential;
import io.xloud.identity.service.Trust;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonList;
import static io.xloud.identity.store.IdentityStore.jsonMap;
import static io.xloud.identity.store.IdentityStore.strings;

/** Application credentials and trusts: what lets something other than the user's password act for the user. */
public final class DelegationStore
{
    private DelegationStore() {}

    @SuppressWarnings("unchecked")
    private static ApplicationCredential applicationCredential(ResultSet rs)
            throws SQLException
    {
        long expires = rs.getLong("expires_at");
        Optional<Long> expiresAt = rs.wasNull() ? Optional.empty() : Optional.of(expires);
        List<Map<String, Object>> rules = jsonList(rs.getString("access_rules")).stream().map(rule -> (Map<String, Object>) rule).toList();
        return new ApplicationCredential(rs.getString("id"), rs.getString("name"), rs.getString("user_id"),
                Optional.ofNullable(rs.getString("project_id")), rs.getString("secret_hash"), Optional.ofNullable(rs.getString("description")),
                expiresAt, rs.getBoolean("unrestricted"), strings(jsonList(rs.getString("roles"))), rules);
    }

    public static Optional<ApplicationCredential> applicationCredential(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM application_credentials WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> applicationCredential(rs)).findOne();
    }

    public static Optional<ApplicationCredential> applicationCredentialByName(Handle h, String userId, String name)
    {
        return h.createQuery("SELECT * FROM application_credentials WHERE user_id = :user AND name = :name").bind("user", userId).bind("name", name)
                .map((rs, ctx) -> applicationCredential(rs)).findOne();
    }

    public static List<ApplicationCredential> applicationCredentialsOfUser(Handle h, String userId)
    {
        return h.createQuery("SELECT * FROM application_credentials WHERE user_id = :user ORDER BY name").bind("user", userId)
                .map((rs, ctx) -> applicationCredential(rs)).list();
    }

    public static void insertApplicationCredential(Handle h, ApplicationCredential a)
    {
        h.createUpdate("INSERT INTO application_credentials (id, name, user_id, project_id, secret_hash, description, expires_at, "
                        + "unrestricted, roles, access_rules) VALUES (:id, :name, :user, :project, :secret, :description, :expires, "
                        + ":unrestricted, :roles, :rules)")
                .bind("id", a.id()).bind("name", a.name()).bind("user", a.userId()).bind("project", a.projectId().orElse(null))
                .bind("secret", a.secretHash()).bind("description", a.description().orElse(null)).bind("expires", a.expiresAt().orElse(null))
                .bind("unrestricted", a.unrestricted()).bind("roles", json(a.roleIds())).bind("rules", json(a.accessRules()))
                .execute();
    }

    public static int deleteApplicationCredential(Handle h, String id)
    {
        return h.createUpdate("DELETE FROM application_credentials WHERE id = :id").bind("id", id).execute();
    }

    private static Trust trust(ResultSet rs)
            throws SQLException
    {
        long expires = rs.getLong("expires_at");
        Optional<Long> expiresAt = rs.wasNull() ? Optional.empty() : Optional.of(expires);
        int uses = rs.getInt("remaining_uses");
        Optional<Integer> remaining = rs.wasNull() ? Optional.empty() : Optional.of(uses);
        int count = rs.getInt("redelegation_count");
        Optional<Integer> redelegation = rs.wasNull() ? Optional.empty() : Optional.of(count);
        return new Trust(rs.getString("id"), rs.getString("trustor_user_id"), rs.getString("trustee_user_id"),
                Optional.ofNullable(rs.getString("project_id")), rs.getBoolean("impersonation"), expiresAt, remaining,
                Optional.ofNullable(rs.getString("redelegated_trust_id")), redelegation, strings(jsonList(rs.getString("roles"))),
                jsonMap(rs.getString("extra")));
    }

    public static Optional<Trust> trust(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM trusts WHERE id = :id").bind("id", id).map((rs, ctx) -> trust(rs)).findOne();
    }

    public static List<Trust> trusts(Handle h)
    {
        return h.createQuery("SELECT * FROM trusts").map((rs, ctx) -> trust(rs)).list();
    }

    public static void insertTrust(Handle h, Trust t)
    {
        h.createUpdate("INSERT INTO trusts (id, trustor_user_id, trustee_user_id, project_id, impersonation, expires_at, remaining_uses, "
                        + "redelegated_trust_id, redelegation_count, roles, extra) VALUES (:id, :trustor, :trustee, :project, :impersonation, "
                        + ":expires, :uses, :redelegated, :count, :roles, :extra)")
                .bind("id", t.id()).bind("trustor", t.trustorUserId()).bind("trustee", t.trusteeUserId()).bind("project", t.projectId().orElse(null))
                .bind("impersonation", t.impersonation()).bind("expires", t.expiresAt().orElse(null)).bind("uses", t.remainingUses().orElse(null))
                .bind("redelegated", t.redelegatedTrustId().orElse(null)).bind("count", t.redelegationCount().orElse(null))
                .bind("roles", json(t.roleIds())).bind("extra", json(t.extra()))
                .execute();
    }

    public static void consumeTrustUse(Handle h, String id)
    {
        h.createUpdate("UPDATE trusts SET remaining_uses = remaining_uses - 1 WHERE id = :id AND remaining_uses IS NOT NULL").bind("id", id).execute();
    }

    public static int deleteTrust(Handle h, String id)
    {
        return h.createUpdate("DELETE FROM trusts WHERE id = :id").bind("id", id).execute();
    }

    /** Drops what only has meaning on a deleted project: trusts and application credentials on it. */
    public static void deleteOnProject(Handle h, String projectId)
    {
        h.createUpdate("DELETE FROM trusts WHERE project_id = :id").bind("id", projectId).execute();
        h.createUpdate("DELETE FROM application_credentials WHERE project_id = :id").bind("id", projectId).execute();
    }

    /** Drops the trusts a user gave or received. */
    public static void deleteTrustsOfUser(Handle h, String userId)
    {
        h.createUpdate("DELETE FROM trusts WHERE trustor_user_id = :id OR trustee_user_id = :id").bind("id", userId).execute();
    }
}
