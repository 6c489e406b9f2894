package io.xloud.network.store;

import io.xloud.core.db.UnitOfWork;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** The first-start steps already taken, claimed once across every node. */
public final class BootstrapStore
{
    private final UnitOfWork work;

    public BootstrapStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    /** Claims a step in the open unit of work; false when it was claimed before (a concurrent claim waits for the first to end). */
    public boolean claim(String name, Instant now)
    {
        // ON CONFLICT DO NOTHING is understood by PostgreSQL and by H2 in PostgreSQL mode
        return work.transaction(h -> h.createUpdate("INSERT INTO network_bootstrap (name, done_at) VALUES (:name, :now) ON CONFLICT DO NOTHING")
                .bind("name", name).bind("now", Rows.time(now)).execute() > 0);
    }
}
