package io.xloud.identity.store;

import io.xloud.identity.service.Credential;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** The credentials table: /v3/credentials and the EC2 credentials kept in it. */
public final class CredentialStore
{
    private CredentialStore() {}

    private static Credential credential(ResultSet rs)
            throws SQLException
    {
        return new Credential(rs.getString("id"), rs.getString("user_id"), Optional.ofNullable(rs.getString("project_id")),
                rs.getString("type"), rs.getString("blob"), jsonMap(rs.getString("extra")));
    }

    public static Optional<Credential> credential(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM credentials WHERE id = :id").bind("id", id).map((rs, ctx) -> credential(rs)).findOne();
    }

    public static List<Credential> credentials(Handle h)
    {
        return h.createQuery("SELECT * FROM credentials ORDER BY id").map((rs, ctx) -> credential(rs)).list();
    }

    public static List<Credential> credentialsOfUser(Handle h, String userId)
    {
        return h.createQuery("SELECT * FROM credentials WHERE user_id = :user ORDER BY id").bind("user", userId)
                .map((rs, ctx) -> credential(rs)).list();
    }

    public static void insert(Handle h, Credential c)
    {
        h.createUpdate("INSERT INTO credentials (id, user_id, project_id, type, blob, extra) VALUES (:id, :user, :project, :type, :blob, :extra)")
                .bind("id", c.id()).bind("user", c.userId()).bind("project", c.projectId().orElse(null)).bind("type", c.type())
                .bind("blob", c.blob()).bind("extra", json(c.extra()))
                .execute();
    }

    public static void update(Handle h, Credential c)
    {
        h.createUpdate("UPDATE credentials SET user_id = :user, project_id = :project, type = :type, blob = :blob, extra = :extra WHERE id = :id")
                .bind("id", c.id()).bind("user", c.userId()).bind("project", c.projectId().orElse(null)).bind("type", c.type())
                .bind("blob", c.blob()).bind("extra", json(c.extra()))
                .execute();
    }

    public static int delete(Handle h, String id)
    {
        return h.createUpdate("DELETE FROM credentials WHERE id = :id").bind("id", id).execute();
    }

    public static void deleteOnProject(Handle h, String projectId)
    {
        h.createUpdate("DELETE FROM credentials WHERE project_id = :id").bind("id", projectId).execute();
    }

    public static void deleteOfUser(Handle h, String userId)
    {
        h.createUpdate("DELETE FROM credentials WHERE user_id = :id").bind("id", userId).execute();
    }
}
