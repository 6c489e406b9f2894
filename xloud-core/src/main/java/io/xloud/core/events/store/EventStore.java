package io.xloud.core.events.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.Event;
import io.xloud.core.events.EventTypePattern;
import io.xloud.core.events.Subscription;
import io.xloud.core.json.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The events table: the feed, and the sequencer pass that gives committed events their feed position and fans
 * them out to subscriptions.
 *
 * <p>Why a position and not the insert sequence: on PostgreSQL a transaction takes its sequence value at insert
 * and may commit after one that took a later value, so a poller that read up to seq 11 would never see seq 10
 * committing after. A settle window only makes that unlikely. Here one sequencer pass at a time (a row lock on
 * {@code xloud_locks}) numbers the events committed so far after the highest position already given; an event
 * committing later is numbered by a later pass, above everything a poller could have seen. The feed shows only
 * positioned events, and deliveries follow positions, i.e. commit order.
 */
public final class EventStore
{
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String COLUMNS = "id, type, project_id, resource_type, resource_id, created_at, payload";

    private final UnitOfWork work;

    public EventStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    /** The feed position of an event the caller may see: any project's with {@code project} empty. */
    public Optional<Long> position(String eventId, Optional<String> project)
    {
        return work.handle(h -> h.createQuery("SELECT position, project_id FROM events WHERE id = :id AND position IS NOT NULL")
                .bind("id", eventId)
                .map((rs, ctx) -> project.isEmpty() || project.get().equals(rs.getString(2)) ? Optional.of(rs.getLong(1)) : Optional.<Long>empty())
                .findOne()
                .flatMap(found -> found));
    }

    /** Positioned events after {@code afterPosition}, oldest first. */
    public List<Event> feed(Optional<String> project, long afterPosition, Optional<EventTypePattern> type, int limit)
    {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE position > :after");
        project.ifPresent(ignored -> sql.append(" AND project_id = :project"));
        type.ifPresent(ignored -> sql.append(" AND type LIKE :type ESCAPE '\\'"));
        sql.append(" ORDER BY position LIMIT :limit");
        return work.handle(h -> {
            Query query = h.createQuery(sql.toString()).bind("after", afterPosition).bind("limit", limit);
            project.ifPresent(id -> query.bind("project", id));
            type.ifPresent(pattern -> query.bind("type", pattern.toLike()));
            return query.map((rs, ctx) -> event(rs)).list();
        });
    }

    /**
     * Numbers up to {@code batch} committed, unnumbered events and inserts a pending delivery for each subscription
     * that wants one, in one transaction; returns how many events it numbered.
     */
    public int sequence(int batch, Instant now)
    {
        boolean waiting = work.handle(h -> h.createQuery("SELECT seq FROM events WHERE position IS NULL LIMIT 1").mapTo(Long.class).findOne().isPresent());
        if (!waiting) {
            return 0;
        }
        return work.transaction(h -> {
            h.createQuery("SELECT name FROM xloud_locks WHERE name = 'events' FOR UPDATE").mapTo(String.class).one();
            long position = h.createQuery("SELECT COALESCE(MAX(position), 0) FROM events").mapTo(Long.class).one();
            List<Subscription> subscriptions = SubscriptionStore.enabled(h);
            // without a subscription the events' contents are not needed, only their order
            List<Map.Entry<Long, Optional<Event>>> fresh = h.createQuery("SELECT seq" + (subscriptions.isEmpty() ? "" : ", " + COLUMNS)
                            + " FROM events WHERE position IS NULL ORDER BY seq LIMIT :n")
                    .bind("n", batch)
                    .map((rs, ctx) -> Map.entry(rs.getLong("seq"), subscriptions.isEmpty() ? Optional.<Event>empty() : Optional.of(event(rs))))
                    .list();
            if (fresh.isEmpty()) {
                return 0;
            }
            // one statement, prepared once and sent with every event's row
            PreparedBatch numbering = h.prepareBatch("UPDATE events SET position = :position WHERE seq = :seq");
            for (Map.Entry<Long, Optional<Event>> entry : fresh) {
                position++;
                numbering.bind("position", position).bind("seq", entry.getKey()).add();
                Optional<Event> event = entry.getValue();
                for (Subscription subscription : subscriptions) {
                    if (subscription.wants(event.orElseThrow())) {
                        insertDelivery(h, subscription.id(), event.get(), position, now);
                    }
                }
            }
            numbering.execute();
            return fresh.size();
        });
    }

    private static void insertDelivery(Handle h, String subscriptionId, Event event, long position, Instant now)
    {
        h.createUpdate("INSERT INTO event_deliveries (subscription_id, event_id, event_position, resource_key, state, attempts, next_attempt_at, "
                        + "lease_expires_at, lease_version, created_at, updated_at) "
                        + "VALUES (:subscription, :event, :position, :key, 'pending', 0, :now, 0, 0, :now, :now)")
                .bind("subscription", subscriptionId)
                .bind("event", event.id())
                .bind("position", position)
                .bind("key", resourceKey(event))
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** Deletes events and finished deliveries older than {@code before}; pending deliveries keep their events. */
    public int purge(Instant before)
    {
        return work.transaction(h -> {
            h.createUpdate("DELETE FROM event_deliveries WHERE state <> 'pending' AND updated_at < :before").bind("before", before.toEpochMilli()).execute();
            return h.createUpdate("DELETE FROM events WHERE created_at < :before AND position IS NOT NULL "
                            + "AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = events.id)")
                    .bind("before", before.toEpochMilli())
                    .execute();
        });
    }

    /** Deliveries of one resource to one subscription go in order; the key names the resource in a fixed width. */
    static String resourceKey(Event event)
    {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(event.resourceType().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(event.resourceId().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Event event(ResultSet rs)
            throws SQLException
    {
        return new Event(rs.getString("id"), rs.getString("type"), Optional.ofNullable(rs.getString("project_id")), rs.getString("resource_type"),
                rs.getString("resource_id"), Instant.ofEpochMilli(rs.getLong("created_at")), payload(rs.getString("payload")));
    }

    private static Map<String, Object> payload(String json)
    {
        try {
            // Map.copyOf in Event refuses null values; JSON nulls in a payload become absent keys
            Map<String, Object> map = Json.mapper().readValue(json, MAP);
            map.values().removeIf(java.util.Objects::isNull);
            return map;
        }
        catch (IOException e) {
            throw new IllegalStateException("corrupt event payload", e);
        }
    }
}
