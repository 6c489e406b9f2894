package io.xloud.identity.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.json.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.Objects.requireNonNull;

/**
 * The identity tables. Every write runs in one transaction that also moves the identity revision,
 * so that every node (this one at once, the others within their poll interval) drops what it cached.
 */
public final class IdentityStore
{
    private final Jdbi jdbi;
    private final List<Runnable> invalidationListeners = new CopyOnWriteArrayList<>();

    public IdentityStore(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public Jdbi jdbi()
    {
        return jdbi;
    }

    public void onInvalidate(Runnable listener)
    {
        invalidationListeners.add(listener);
    }

    public <T> T read(HandleCallback<T, RuntimeException> callback)
    {
        return jdbi.withHandle(callback);
    }

    /** Runs a write; a unique-key violation becomes the 409 Keystone returns for a duplicate. */
    public <T> T write(HandleCallback<T, RuntimeException> callback)
    {
        T result;
        try {
            result = jdbi.inTransaction(handle -> {
                T value = callback.withHandle(handle);
                handle.createUpdate("UPDATE identity_state SET revision = revision + 1 WHERE id = 1").execute();
                return value;
            });
        }
        catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw ApiException.conflict("Conflict occurred attempting to store the resource: a resource with the same unique attributes exists.");
            }
            throw e;
        }
        invalidateLocal();
        return result;
    }

    /**
     * A write that changes nothing another node caches (a timestamp of when something was last confirmed): one
     * transaction, without moving the identity revision.
     */
    public void touch(java.util.function.Consumer<Handle> callback)
    {
        jdbi.useTransaction(callback::accept);
    }

    public void writeVoid(java.util.function.Consumer<Handle> callback)
    {
        write(handle -> {
            callback.accept(handle);
            return null;
        });
    }

    public void invalidateLocal()
    {
        invalidationListeners.forEach(Runnable::run);
    }

    /** Holds the bootstrap lock row until the transaction ends, so that nodes starting at once bootstrap one after another. */
    public static void lockBootstrap(Handle h)
    {
        h.createQuery("SELECT name FROM xloud_locks WHERE name = 'bootstrap' FOR UPDATE").mapTo(String.class).one();
    }

    public long revision()
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT revision FROM identity_state WHERE id = 1").mapTo(Long.class).one());
    }

    private static boolean isUniqueViolation(Throwable e)
    {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    // ---- JSON columns

    public static Map<String, Object> jsonMap(String text)
    {
        if (text == null || text.isEmpty()) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(text, new TypeReference<Map<String, Object>>() {});
        }
        catch (IOException e) {
            throw new IllegalStateException("corrupt JSON column", e);
        }
    }

    public static List<Object> jsonList(String text)
    {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(text, new TypeReference<List<Object>>() {});
        }
        catch (IOException e) {
            throw new IllegalStateException("corrupt JSON column", e);
        }
    }

    public static String json(Object value)
    {
        return Json.string(value);
    }

    public static List<String> strings(List<Object> values)
    {
        List<String> result = new ArrayList<>();
        values.forEach(value -> result.add(String.valueOf(value)));
        return result;
    }

    public static ObjectNode objectNode(Map<String, Object> map)
    {
        return Json.mapper().valueToTree(map);
    }
}
