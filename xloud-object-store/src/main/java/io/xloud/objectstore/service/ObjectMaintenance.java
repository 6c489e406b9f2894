package io.xloud.objectstore.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The engine's background work on one node: the expirer (objects past X-Delete-At), the tombstone purge,
 * and the sweep of blobs no object names (left by a crash between a blob's rename and its commit, or
 * after a commit and before the old blob's removal). Every task is safe to run on several nodes at once.
 */
public final class ObjectMaintenance
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ObjectMaintenance.class);
    private static final int BATCH = 1000;

    private final ObjectService objects;
    private final ScheduledExecutorService scheduler;
    private volatile Optional<ObjectInfo> auditCursor = Optional.empty();

    public ObjectMaintenance(ObjectService objects)
    {
        this.objects = requireNonNull(objects, "objects is null");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("xloud-object-maintenance").factory());
    }

    /**
     * Starts the tasks: the orphan sweep at once and then every {@code sweepInterval}, the expirer every
     * {@code expiryInterval}; {@code extraSweeps} run with the orphan sweep (e.g. the blob store's temp files).
     */
    public void start(Duration expiryInterval, Duration sweepInterval, long auditBytesPerSweep, List<Runnable> extraSweeps)
    {
        scheduler.scheduleWithFixedDelay(() -> run("expirer", this::reapExpired), expiryInterval.toMillis(), expiryInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> {
            run("orphan sweep", () -> {
                int removed = objects.sweepOrphanBlobs();
                if (removed > 0) {
                    LOG.info("removed {} blobs that no object names", removed);
                }
            });
            run("tombstone purge", () -> {
                while (objects.purgeTombstones(BATCH) == BATCH) {
                    // more to purge
                }
            });
            extraSweeps.forEach(sweep -> run("sweep", sweep::run));
            if (auditBytesPerSweep > 0) {
                run("audit", () -> audit(auditBytesPerSweep));
            }
        }, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a task of a face (e.g. Swift's container sync) on this scheduler, every {@code interval}. */
    public void schedule(String name, Duration interval, Runnable task)
    {
        scheduler.scheduleWithFixedDelay(() -> run(name, task::run), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks about {@code maxBytes} more of the stored objects against their MD5, resuming where the last pass stopped. */
    public ObjectService.AuditPass audit(long maxBytes)
    {
        ObjectService.AuditPass pass = objects.audit(auditCursor, maxBytes);
        auditCursor = pass.resumeAfter();
        return pass;
    }

    /** Deletes every object whose expiry time has passed; returns how many. */
    public int reapExpired()
    {
        int total = 0;
        int reaped;
        do {
            reaped = objects.reapExpired(BATCH);
            total += reaped;
        }
        while (reaped == BATCH);
        return total;
    }

    private interface Task
    {
        void run()
                throws Exception;
    }

    private static void run(String name, Task task)
    {
        try {
            task.run();
        }
        catch (Exception | Error e) {
            LOG.warn("object store {} failed: {}", name, e.toString());
        }
    }

    @Override
    public void close()
    {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
