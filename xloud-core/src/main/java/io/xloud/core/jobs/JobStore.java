package io.xloud.core.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The jobs and job_schedules tables. Every change of a claimed job names the lease it holds (owner and
 * attempt), so a node that lost its lease (it stalled past the expiry and another node reclaimed the job)
 * changes nothing. Claims are compare-and-set updates, correct on H2 and PostgreSQL alike; on PostgreSQL the
 * candidates are also locked with SKIP LOCKED, so concurrent claimers pass each other instead of colliding.
 */
final class JobStore
{
    static final int MAX_TEXT = 4000;

    private static final String COLUMNS = "id, kind, payload, state, priority, run_after, attempts, max_attempts, lease_owner, lease_expires_at, "
            + "dedup_key, result, last_error, created_at, updated_at";
    private static final String RUNNABLE = "((state IN ('queued', 'failed') AND run_after <= :now) "
            + "OR (state = 'running' AND lease_expires_at < :now AND attempts < max_attempts))";

    private static final RowMapper<Job> JOB = (rs, ctx) -> {
        long leaseExpires = rs.getLong("lease_expires_at");
        boolean noLease = rs.wasNull();
        return new Job(
                rs.getLong("id"),
                rs.getString("kind"),
                rs.getString("payload"),
                JobState.fromSql(rs.getString("state")),
                rs.getInt("priority"),
                Instant.ofEpochMilli(rs.getLong("run_after")),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                Optional.ofNullable(rs.getString("lease_owner")),
                noLease ? Optional.empty() : Optional.of(Instant.ofEpochMilli(leaseExpires)),
                Optional.ofNullable(rs.getString("dedup_key")),
                Optional.ofNullable(rs.getString("result")),
                Optional.ofNullable(rs.getString("last_error")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    };

    /** A job this node holds: the attempt number is its fencing token. */
    record Claim(long id, String kind, String payload, int attempt, int maxAttempts)
    {
        Claim
        {
            requireNonNull(kind, "kind is null");
            requireNonNull(payload, "payload is null");
        }
    }

    record Schedule(String kind, long nextRunAt)
    {
        Schedule
        {
            requireNonNull(kind, "kind is null");
        }
    }

    private final Jdbi jdbi;
    private final boolean postgres;

    JobStore(Jdbi jdbi, boolean postgres)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.postgres = postgres;
    }

    <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback)
    {
        return jdbi.inTransaction(callback);
    }

    /** Inserts the job in the caller's transaction; with a dedup key that has a live job, returns that job's id instead. */
    long insert(Handle handle, NewJob job, long now)
    {
        String liveKey = job.dedupKey().orElse(null);
        // ON CONFLICT DO NOTHING (also H2's PostgreSQL mode) keeps a duplicate from aborting the caller's transaction
        Optional<Long> inserted = handle.createUpdate("INSERT INTO jobs (kind, payload, state, priority, run_after, attempts, max_attempts, "
                        + "dedup_key, live_key, created_at, updated_at) "
                        + "VALUES (:kind, :payload, 'queued', :priority, :runAfter, 0, :maxAttempts, :dedupKey, :dedupKey, :now, :now) "
                        + "ON CONFLICT DO NOTHING")
                .bind("kind", job.kind())
                .bind("payload", job.payload())
                .bind("priority", job.priority())
                .bind("runAfter", now + job.delay().toMillis())
                .bind("maxAttempts", job.maxAttempts())
                .bind("dedupKey", liveKey)
                .bind("now", now)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .findOne();
        if (inserted.isPresent()) {
            return inserted.get();
        }
        return handle.createQuery("SELECT id FROM jobs WHERE live_key = :key")
                .bind("key", liveKey)
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new IllegalStateException("the live job of key " + liveKey + " finished while enqueueing; enqueue again"));
    }

    /** Claims up to {@code limit} runnable jobs of the given kinds for {@code owner} until {@code leaseUntil}. */
    List<Claim> claim(Collection<String> kinds, String owner, int limit, long now, long leaseUntil)
    {
        if (kinds.isEmpty() || limit <= 0) {
            return List.of();
        }
        return jdbi.inTransaction(handle -> {
            List<Long> candidates = handle.createQuery("SELECT id FROM jobs WHERE " + RUNNABLE + " AND kind IN (<kinds>) "
                            + "ORDER BY priority DESC, run_after, id LIMIT :limit" + (postgres ? " FOR UPDATE SKIP LOCKED" : ""))
                    .bind("now", now)
                    .bindList("kinds", List.copyOf(kinds))
                    .bind("limit", limit)
                    .mapTo(Long.class)
                    .list();
            List<Claim> claims = new ArrayList<>();
            for (long id : candidates) {
                // the compare-and-set: only one claimer finds the row still runnable
                int updated = handle.createUpdate("UPDATE jobs SET state = 'running', lease_owner = :owner, lease_expires_at = :until, "
                                + "attempts = attempts + 1, updated_at = :now WHERE id = :id AND " + RUNNABLE)
                        .bind("owner", owner)
                        .bind("until", leaseUntil)
                        .bind("now", now)
                        .bind("id", id)
                        .execute();
                if (updated == 1) {
                    handle.createQuery("SELECT id, kind, payload, attempts, max_attempts FROM jobs WHERE id = :id")
                            .bind("id", id)
                            .map((rs, ctx) -> new Claim(rs.getLong("id"), rs.getString("kind"), rs.getString("payload"), rs.getInt("attempts"),
                                    rs.getInt("max_attempts")))
                            .findOne()
                            .ifPresent(claims::add);
                }
            }
            return claims;
        });
    }

    /** Jobs whose node died during their last allowed attempt are dead: nobody may claim them again. */
    int buryExhausted(long now)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE jobs SET state = 'dead', live_key = NULL, lease_expires_at = NULL, "
                        + "last_error = 'the lease of the last attempt expired (the node stopped)', updated_at = :now "
                        + "WHERE state = 'running' AND lease_expires_at < :now AND attempts >= max_attempts")
                .bind("now", now)
                .execute());
    }

    boolean renew(Claim claim, String owner, long until, long now)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE jobs SET lease_expires_at = :until, updated_at = :now "
                        + "WHERE id = :id AND state = 'running' AND lease_owner = :owner AND attempts = :attempt")
                .bind("until", until)
                .bind("now", now)
                .bind("id", claim.id())
                .bind("owner", owner)
                .bind("attempt", claim.attempt())
                .execute()) == 1;
    }

    boolean succeed(Claim claim, String owner, String result, long now)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE jobs SET state = 'succeeded', live_key = NULL, lease_expires_at = NULL, "
                        + "result = :result, updated_at = :now WHERE id = :id AND state = 'running' AND lease_owner = :owner AND attempts = :attempt")
                .bind("result", cut(result))
                .bind("now", now)
                .bind("id", claim.id())
                .bind("owner", owner)
                .bind("attempt", claim.attempt())
                .execute()) == 1;
    }

    /** Records a failed attempt: a retry at {@code retryAt}, or dead when it was the last attempt. */
    boolean fail(Claim claim, String owner, String error, long now, long retryAt)
    {
        boolean dead = claim.attempt() >= claim.maxAttempts();
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE jobs SET state = :state, live_key = " + (dead ? "NULL" : "live_key")
                        + ", lease_expires_at = NULL, run_after = :retryAt, last_error = :error, updated_at = :now "
                        + "WHERE id = :id AND state = 'running' AND lease_owner = :owner AND attempts = :attempt")
                .bind("state", dead ? JobState.DEAD.sqlName() : JobState.FAILED.sqlName())
                .bind("retryAt", retryAt)
                .bind("error", cut(error))
                .bind("now", now)
                .bind("id", claim.id())
                .bind("owner", owner)
                .bind("attempt", claim.attempt())
                .execute()) == 1;
    }

    /** Gives a job back unfinished (this node is closing): any node may claim it at once, the attempt is not counted. */
    boolean release(Claim claim, String owner, long now)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, "
                        + "attempts = attempts - 1, run_after = :now, updated_at = :now "
                        + "WHERE id = :id AND state = 'running' AND lease_owner = :owner AND attempts = :attempt")
                .bind("now", now)
                .bind("id", claim.id())
                .bind("owner", owner)
                .bind("attempt", claim.attempt())
                .execute()) == 1;
    }

    Optional<Job> get(long id)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", id)
                .map(JOB)
                .findOne());
    }

    /** The newest jobs of a kind, newest first. */
    List<Job> recent(String kind, int limit)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE kind = :kind ORDER BY id DESC LIMIT :limit")
                .bind("kind", kind)
                .bind("limit", limit)
                .map(JOB)
                .list());
    }

    Optional<String> lastResult(String kind)
    {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT result FROM jobs WHERE kind = :kind AND state = 'succeeded' ORDER BY id DESC LIMIT 1")
                .bind("kind", kind)
                .mapTo(String.class)
                .findOne());
    }

    /** Deletes up to {@code batch} jobs that finished before {@code before}; returns how many. */
    int prune(long before, int batch)
    {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state IN ('succeeded', 'dead') "
                        + "AND updated_at < :before ORDER BY id LIMIT :batch)")
                .bind("before", before)
                .bind("batch", batch)
                .execute());
    }

    /** A schedule as a node declares it: its period, and when this node wants its first pass at the latest. */
    record Declaration(String kind, long periodMillis, long firstRunAt) {}

    /** A schedule as the cluster has it. */
    private record Declared(long nextRunAt, long periodMillis)
    {
        /** Whether a pass at the given time is sooner than the next one and after the last one. */
        boolean bringsForward(long firstRunAt)
        {
            return nextRunAt > firstRunAt && nextRunAt - periodMillis < firstRunAt;
        }
    }

    /**
     * Declares schedules for the whole cluster (the first node to declare one creates it), and brings a next
     * run forward to its {@code firstRunAt} when that is sooner and later than the last pass: a node's start can
     * ask for a pass soon (e.g. a sweep after a crash), but a time a pass already covered does not run again
     * (the last pass fell due at or after {@code next_run_at - period_millis}). What is already so is not written
     * again, so a restart usually writes nothing.
     */
    void declare(List<Declaration> declarations)
    {
        if (declarations.isEmpty()) {
            return;
        }
        Map<String, Declared> declared = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT kind, next_run_at, period_millis FROM job_schedules WHERE kind IN (<kinds>)")
                .bindList("kinds", declarations.stream().map(Declaration::kind).toList())
                .map((rs, ctx) -> Map.entry(rs.getString("kind"), new Declared(rs.getLong("next_run_at"), rs.getLong("period_millis"))))
                .forEach(row -> declared.put(row.getKey(), row.getValue())));
        List<Declaration> changes = declarations.stream()
                .filter(declaration -> declared.get(declaration.kind()) == null || declared.get(declaration.kind()).bringsForward(declaration.firstRunAt()))
                .toList();
        if (changes.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            for (Declaration declaration : changes) {
                handle.createUpdate("INSERT INTO job_schedules (kind, period_millis, next_run_at) VALUES (:kind, :period, :first) ON CONFLICT DO NOTHING")
                        .bind("kind", declaration.kind())
                        .bind("period", declaration.periodMillis())
                        .bind("first", declaration.firstRunAt())
                        .execute();
                handle.createUpdate("UPDATE job_schedules SET next_run_at = :first "
                                + "WHERE kind = :kind AND next_run_at > :first AND next_run_at - period_millis < :first")
                        .bind("kind", declaration.kind())
                        .bind("first", declaration.firstRunAt())
                        .execute();
            }
        });
    }

    List<Schedule> dueSchedules(Collection<String> kinds, long now)
    {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("SELECT kind, next_run_at FROM job_schedules WHERE next_run_at <= :now AND kind IN (<kinds>)")
                .bind("now", now)
                .bindList("kinds", List.copyOf(kinds))
                .map((rs, ctx) -> new Schedule(rs.getString("kind"), rs.getLong("next_run_at")))
                .list());
    }

    /**
     * Moves a due schedule to its next run and enqueues this period's pass, in one transaction; only the node
     * whose compare-and-set finds next_run_at unchanged wins the period. Returns the pass's job id when this node won.
     */
    Optional<Long> firePeriod(Schedule schedule, long periodMillis, NewJob pass, long now)
    {
        return jdbi.inTransaction(handle -> {
            int advanced = handle.createUpdate("UPDATE job_schedules SET next_run_at = :next, period_millis = :period "
                            + "WHERE kind = :kind AND next_run_at = :expected")
                    .bind("next", schedule.nextRunAt() + periodMillis > now ? schedule.nextRunAt() + periodMillis : now + periodMillis)
                    .bind("period", periodMillis)
                    .bind("kind", schedule.kind())
                    .bind("expected", schedule.nextRunAt())
                    .execute();
            if (advanced != 1) {
                return Optional.empty();
            }
            return Optional.of(insert(handle, pass, now));
        });
    }

    private static String cut(String text)
    {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
