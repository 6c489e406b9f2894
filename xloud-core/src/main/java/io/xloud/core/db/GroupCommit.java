package io.xloud.core.db;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * Shares one sync among concurrent committers. A caller of {@link #awaitSync} returns only after a sync that
 * started after its call began has finished, so whatever it wrote before the call is on disk. While one sync
 * runs, the callers that arrive wait for it to end; the first of them then runs the next sync for all of them,
 * so N concurrent commits cost about two syncs instead of N.
 *
 * <p>A failed sync advances nothing: its exception goes to the caller that ran it, and the others try again.
 */
public final class GroupCommit
{
    /** The operation that makes every write finished before it started durable, e.g. an fsync of the file. */
    @FunctionalInterface
    public interface Sync<E extends Exception>
    {
        void sync()
                throws E;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncEnded = lock.newCondition();
    // syncs are numbered from 1 in the order they start, and run one at a time
    private long started;
    private long completed;
    private boolean running;
    private long waits;

    /** Waits until a sync started after this call finished; runs it with {@code sync} when none is running. */
    public <E extends Exception> void awaitSync(Sync<E> sync)
            throws E
    {
        requireNonNull(sync, "sync is null");
        lock.lock();
        try {
            waits++;
            long needed = started + 1;
            while (completed < needed) {
                if (running) {
                    // the write is committed: being interrupted now must not return before it is durable
                    syncEnded.awaitUninterruptibly();
                    continue;
                }
                running = true;
                long number = ++started;
                boolean synced = false;
                lock.unlock();
                try {
                    sync.sync();
                    synced = true;
                }
                finally {
                    lock.lock();
                    running = false;
                    if (synced) {
                        completed = number;
                    }
                    syncEnded.signalAll();
                }
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** How many calls of {@link #awaitSync} there were so far. */
    public long waits()
    {
        lock.lock();
        try {
            return waits;
        }
        finally {
            lock.unlock();
        }
    }

    /** How many syncs started so far. */
    public long syncs()
    {
        lock.lock();
        try {
            return started;
        }
        finally {
            lock.unlock();
        }
    }
}
