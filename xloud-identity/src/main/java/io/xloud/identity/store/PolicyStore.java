package io.xloud.identity.store;

import io.xloud.identity.service.Policy;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** Policy blobs (Keystone's v3 policies API). */
public final class PolicyStore
{
    private PolicyStore() {}

    private static Policy policy(ResultSet rs)
            throws SQLException
    {
        return new Policy(rs.getString("id"), rs.getString("type"), rs.getString("blob"), jsonMap(rs.getString("extra")));
    }

    public static Optional<Policy> policy(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM policies WHERE id = :id").bind("id", id).map((rs, ctx) -> policy(rs)).findOne();
    }

    public static List<Policy> policies(Handle h)
    {
        return h.createQuery("SELECT * FROM policies ORDER BY type, id").map((rs, ctx) -> policy(rs)).list();
    }

    public static void insertPolicy(Handle h, Policy policy)
    {
        h.createUpdate("INSERT INTO policies (id, type, blob, extra) VALUES (:id, :type, :blob, :extra)")
                .bind("id", policy.id()).bind("type", policy.type()).bind("blob", policy.blob()).bind("extra", json(policy.extra())).execute();
    }

    public static void updatePolicy(Handle h, Policy policy)
    {
        h.createUpdate("UPDATE policies SET type = :type, blob = :blob, extra = :extra WHERE id = :id")
                .bind("id", policy.id()).bind("type", policy.type()).bind("blob", policy.blob()).bind("extra", json(policy.extra())).execute();
    }

    public static void deletePolicy(Handle h, String id)
    {
        h.createUpdate("DELETE FROM policies WHERE id = :id").bind("id", id).execute();
    }
}
