package io.xloud.identity.store;

import io.xloud.identity.service.Consumer;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** OS-OAUTH1 consumers. */
public final class ConsumerStore
{
    private ConsumerStore() {}

    private static Consumer consumer(ResultSet rs)
            throws SQLException
    {
        return new Consumer(rs.getString("id"), Optional.ofNullable(rs.getString("description")), rs.getString("secret"),
                jsonMap(rs.getString("extra")));
    }

    public static Optional<Consumer> consumer(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM consumers WHERE id = :id").bind("id", id).map((rs, ctx) -> consumer(rs)).findOne();
    }

    public static List<Consumer> consumers(Handle h)
    {
        return h.createQuery("SELECT * FROM consumers ORDER BY id").map((rs, ctx) -> consumer(rs)).list();
    }

    public static void insertConsumer(Handle h, Consumer consumer)
    {
        h.createUpdate("INSERT INTO consumers (id, description, secret, extra) VALUES (:id, :description, :secret, :extra)")
                .bind("id", consumer.id()).bind("description", consumer.description().orElse(null)).bind("secret", consumer.secret())
                .bind("extra", json(consumer.extra())).execute();
    }

    /** The secret never changes. */
    public static void updateConsumer(Handle h, Consumer consumer)
    {
        h.createUpdate("UPDATE consumers SET description = :description, extra = :extra WHERE id = :id")
                .bind("id", consumer.id()).bind("description", consumer.description().orElse(null)).bind("extra", json(consumer.extra())).execute();
    }

    public static void deleteConsumer(Handle h, String id)
    {
        h.createUpdate("DELETE FROM consumers WHERE id = :id").bind("id", id).execute();
    }
}
