package io.xloud.core.db;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * One transaction that every store joins. The first {@link #inTransaction} on a thread opens a transaction and
 * binds its handle to the thread; store calls made inside it ({@link #transaction}, {@link #handle}) use that
 * handle instead of opening their own, so a quota reservation, the change it guards and its event commit or
 * roll back together. Virtual threads carry their own binding; work handed to another thread does not join.
 *
 * <p>A failure inside joined work rolls back the whole unit only if it propagates out of the outermost call:
 * catching it half-way and carrying on keeps what the failed part already wrote.
 */
public final class UnitOfWork
{
    private record Bound(Jdbi jdbi, Handle handle) {}

    private static final ThreadLocal<Bound> CURRENT = new ThreadLocal<>();

    private final Jdbi jdbi;

    public UnitOfWork(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Runs {@code work} in the current unit of work, or in a new one committed when it returns. For services: no handle. */
    public <T> T inTransaction(Supplier<T> work)
    {
        requireNonNull(work, "work is null");
        return transaction(handle -> work.get());
    }

    public void run(Runnable work)
    {
        requireNonNull(work, "work is null");
        transaction(handle -> {
            work.run();
            return null;
        });
    }

    /** For stores: a write that joins the open unit of work, or opens (and commits) one of its own. */
    public <T> T transaction(HandleCallback<T, RuntimeException> callback)
    {
        Optional<Handle> open = current();
        if (open.isPresent()) {
            return callback.withHandle(open.get());
        }
        Bound outer = CURRENT.get();
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            CURRENT.set(new Bound(jdbi, handle));
            try {
                return callback.withHandle(handle);
            }
            finally {
                // a unit of work of another database may be open around this one
                if (outer == null) {
                    CURRENT.remove();
                }
                else {
                    CURRENT.set(outer);
                }
            }
        });
    }

    /** For stores: a read that sees the open unit of work's own writes, or runs on a handle of its own. */
    public <T> T handle(HandleCallback<T, RuntimeException> callback)
    {
        Optional<Handle> open = current();
        if (open.isPresent()) {
            return callback.withHandle(open.get());
        }
        return jdbi.withHandle(callback);
    }

    /** The handle of the unit of work open on this thread for this database. */
    public Optional<Handle> current()
    {
        Bound bound = CURRENT.get();
        if (bound == null || bound.jdbi() != jdbi) {
            return Optional.empty();
        }
        return Optional.of(bound.handle());
    }

    public Jdbi jdbi()
    {
        return jdbi;
    }
}
