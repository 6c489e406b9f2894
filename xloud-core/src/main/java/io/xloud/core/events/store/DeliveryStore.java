package io.xloud.core.events.store;

import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.Delivery;
import io.xloud.core.events.Event;
import io.xloud.core.events.Subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Delivery rows and their leases. A worker claims a row with a conditional UPDATE that bumps its lease version
 * (compare and set, the same on H2 and PostgreSQL), and records the outcome only while that version is still
 * the row's: a worker whose lease was taken over, or a node killed mid-delivery, changes nothing, and the row is
 * claimed again once its lease expires (at-least-once; receivers dedupe by event id).
 */
public final class DeliveryStore
{
    /** A row a worker holds: what to send, and the lease version its outcome must match. */
    public record Claimed(long deliveryId, long leaseVersion, int attempt, Event event, Subscription subscription)
    {
        public Claimed
        {
            requireNonNull(event, "event is null");
            requireNonNull(subscription, "subscription is null");
        }
    }

    private record Candidate(long id, long leaseVersion) {}

    private final UnitOfWork work;

    public DeliveryStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    /**
     * Claims up to {@code limit} due deliveries, each the oldest pending one of its (subscription, resource), for
     * {@code owner} until {@code leaseUntil}.
     */
    public List<Claimed> claim(String owner, Instant now, Instant leaseUntil, int limit)
    {
        List<Candidate> candidates = work.handle(h -> h.createQuery("SELECT d.id, d.lease_version FROM event_deliveries d "
                        + "WHERE d.state = 'pending' AND d.next_attempt_at <= :now AND d.lease_expires_at <= :now "
                        + "AND NOT EXISTS (SELECT 1 FROM event_deliveries e WHERE e.subscription_id = d.subscription_id "
                        + "AND e.resource_key = d.resource_key AND e.state = 'pending' AND e.event_position < d.event_position) "
                        + "AND EXISTS (SELECT 1 FROM event_subscriptions s WHERE s.id = d.subscription_id AND s.enabled = TRUE) "
                        + "ORDER BY d.event_position LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> new Candidate(rs.getLong(1), rs.getLong(2)))
                .list());
        return candidates.stream().map(candidate -> claim(candidate, owner, now, leaseUntil)).flatMap(Optional::stream).toList();
    }

    private Optional<Claimed> claim(Candidate candidate, String owner, Instant now, Instant leaseUntil)
    {
        return work.transaction(h -> {
            int updated = h.createUpdate("UPDATE event_deliveries SET lease_owner = :owner, lease_expires_at = :until, lease_version = lease_version + 1, "
                            + "attempts = attempts + 1, updated_at = :now "
                            + "WHERE id = :id AND lease_version = :version AND state = 'pending' AND lease_expires_at <= :now")
                    .bind("owner", owner)
                    .bind("until", leaseUntil.toEpochMilli())
                    .bind("now", now.toEpochMilli())
                    .bind("id", candidate.id())
                    .bind("version", candidate.leaseVersion())
                    .execute();
            if (updated == 0) {
                return Optional.empty();
            }
            return h.createQuery("SELECT d.attempts, e.id, e.type, e.project_id, e.resource_type, e.resource_id, e.created_at, e.payload, "
                            + "s.id AS s_id, s.project_id AS s_project_id, s.all_projects, s.url, s.patterns, s.secret, s.enabled, "
                            + "s.created_at AS s_created_at, s.updated_at AS s_updated_at "
                            + "FROM event_deliveries d JOIN events e ON e.id = d.event_id JOIN event_subscriptions s ON s.id = d.subscription_id "
                            + "WHERE d.id = :id")
                    .bind("id", candidate.id())
                    .map((rs, ctx) -> new Claimed(candidate.id(), candidate.leaseVersion() + 1, rs.getInt("attempts"), EventStore.event(rs),
                            subscription(rs)))
                    .findOne();
        });
    }

    private static Subscription subscription(ResultSet rs)
            throws SQLException
    {
        return new Subscription(rs.getString("s_id"), rs.getString("s_project_id"), rs.getBoolean("all_projects"), rs.getString("url"),
                SubscriptionStore.patterns(rs.getString("patterns")), rs.getString("secret"), rs.getBoolean("enabled"),
                Instant.ofEpochMilli(rs.getLong("s_created_at")), Instant.ofEpochMilli(rs.getLong("s_updated_at")));
    }

    /** Records an attempt's outcome if the lease is still ours; false when it was not (nothing changed). */
    public boolean finish(Claimed claimed, Delivery.State state, Instant nextAttempt, OptionalInt status, Optional<String> error, Instant now)
    {
        return work.transaction(h -> h.createUpdate("UPDATE event_deliveries SET state = :state, next_attempt_at = :next, lease_owner = NULL, "
                        + "lease_expires_at = 0, last_status = :status, last_error = :error, updated_at = :now "
                        + "WHERE id = :id AND lease_version = :version")
                .bind("state", state.wireName())
                .bind("next", nextAttempt.toEpochMilli())
                .bind("status", status.isPresent() ? status.getAsInt() : null)
                .bind("error", error.map(text -> text.length() > 500 ? text.substring(0, 500) : text).orElse(null))
                .bind("now", now.toEpochMilli())
                .bind("id", claimed.deliveryId())
                .bind("version", claimed.leaseVersion())
                .execute() == 1);
    }

    /** A subscription's delivery log after {@code afterId}, oldest first. */
    public List<Delivery> log(String subscriptionId, long afterId, int limit)
    {
        return work.handle(h -> h.createQuery("SELECT d.id, d.subscription_id, d.event_id, e.type, d.state, d.attempts, d.last_status, d.last_error, "
                        + "d.next_attempt_at, d.created_at, d.updated_at FROM event_deliveries d JOIN events e ON e.id = d.event_id "
                        + "WHERE d.subscription_id = :subscription AND d.id > :after ORDER BY d.id LIMIT :limit")
                .bind("subscription", subscriptionId)
                .bind("after", afterId)
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    int status = rs.getInt(7);
                    OptionalInt lastStatus = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(status);
                    return new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Delivery.State.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)), rs.getInt(6), lastStatus, Optional.ofNullable(rs.getString(8)),
                            Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11)));
                })
                .list());
    }
}
