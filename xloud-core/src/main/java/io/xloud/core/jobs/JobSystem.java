package io.xloud.core.jobs;

import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.json.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Durable jobs on one node: modules register a handler per kind and enqueue jobs in their own transaction;
 * a poller on this node claims runnable jobs of the kinds it handles, with a lease it renews while the
 * handler runs, and runs each on a virtual thread, at most {@code concurrency} at once. A failed attempt
 * is retried with exponential backoff up to the job's attempts, then the job is dead. A node that dies
 * leaves its jobs to whichever node claims them after the lease expired. Periodic jobs fire once per
 * period across all nodes. Finished jobs stay in the table (the job log) for the retention, then a
 * periodic cleanup removes them.
 */
public final class JobSystem
        implements AutoCloseable
{
    public static final String CLEANUP_KIND = "jobs.cleanup";
    public static final int MAX_PAYLOAD_BYTES = 65536;

    private static final Logger LOG = LoggerFactory.getLogger(JobSystem.class);
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_DEDUP_KEY = 255;
    private static final int PRUNE_BATCH = 1000;
    /** A pass whose node died is finished by another node; one that keeps failing waits for the next period. */
    private static final int PERIODIC_ATTEMPTS = 3;

    private final JobStore store;
    private final JobSettings settings;
    private final NodeId node;
    private final Clock clock;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, PeriodicJob> schedules = new ConcurrentHashMap<>();
    private final Map<String, JobStore.Declaration> undeclared = new ConcurrentHashMap<>();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore stopHeartbeat = new Semaphore(0);
    private final Object lifecycle = new Object();
    private volatile boolean closing;
    private Thread poller;
    private Thread heartbeat;

    private static final class Running
    {
        private final JobStore.Claim claim;
        private final Thread thread;
        private volatile long renewedAt;
        private volatile boolean released;
        private volatile boolean lost;

        Running(JobStore.Claim claim, Thread thread, long renewedAt)
        {
            this.claim = claim;
            this.thread = thread;
            this.renewedAt = renewedAt;
        }
    }

    public JobSystem(Jdbi jdbi, boolean postgres, JobSettings settings, NodeId node, Clock clock)
    {
        this.store = new JobStore(jdbi, postgres);
        this.settings = requireNonNull(settings, "settings is null");
        this.node = requireNonNull(node, "node is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.slots = new Semaphore(settings.concurrency());
        schedule(PeriodicJob.every(CLEANUP_KIND, Duration.ofHours(1)), context -> {
            long before = clock.millis() - settings.retention().toMillis();
            int total = 0;
            int removed;
            do {
                removed = store.prune(before, PRUNE_BATCH);
                total += removed;
            }
            while (removed == PRUNE_BATCH);
            return "{\"removed\":" + total + "}";
        });
    }

    /** The job system of this process on the platform's database (migrated with {@code core}). */
    public static JobSystem create(Database database, JobSettings settings)
    {
        return new JobSystem(database.jdbi(), database.isPostgres(), settings, NodeId.random(), Clock.systemUTC());
    }

    public NodeId node()
    {
        return node;
    }

    /** Registers the handler of a kind; from then on this node claims jobs of that kind. */
    public void register(String kind, JobHandler handler)
    {
        checkKind(kind);
        requireNonNull(handler, "handler is null");
        if (handlers.putIfAbsent(kind, handler) != null) {
            throw new IllegalArgumentException("job kind " + kind + " is already registered");
        }
        wake();
    }

    /**
     * Registers a periodic job and its handler: each period one node (whichever gets there first) runs one pass.
     * The schedule reaches the cluster with this node's next poll, once it has started.
     */
    public void schedule(PeriodicJob periodic, JobHandler handler)
    {
        register(periodic.kind(), handler);
        schedules.put(periodic.kind(), periodic);
        // declared by the poller, all of a start's schedules in one transaction: a start does not wait on them
        undeclared.put(periodic.kind(), new JobStore.Declaration(periodic.kind(), periodic.period().toMillis(),
                clock.millis() + periodic.firstDelay().toMillis()));
        wake();
    }

    /**
     * Enqueues a job in the caller's transaction, so the job exists exactly when the change that needs it
     * commits; this node wakes its poller after the commit. Returns the job's id (the live job's, when the
     * dedup key already has one). A payload that is not JSON, or larger than 64 KiB, is rejected.
     */
    public long enqueue(Handle handle, NewJob job)
    {
        requireNonNull(handle, "handle is null");
        validate(job);
        long id = store.insert(handle, job, clock.millis());
        if (handle.isInTransaction()) {
            handle.afterCommit(this::wake);
        }
        else {
            wake();
        }
        return id;
    }

    /** Enqueues a job in a transaction of its own. */
    public long enqueue(NewJob job)
    {
        return store.inTransaction(handle -> enqueue(handle, job));
    }

    /** A job's current state, result or last error (for a tasks API), while it is in the job log. */
    public Optional<Job> job(long id)
    {
        return store.get(id);
    }

    /** The newest jobs of a kind, newest first: which node ran each pass, and how it ended. */
    public List<Job> log(String kind, int limit)
    {
        return store.recent(kind, limit);
    }

    /** The result of the newest successful job of a kind, e.g. where the last pass of a periodic job stopped. */
    public Optional<String> lastResult(String kind)
    {
        return store.lastResult(kind);
    }

    /** Starts claiming and running jobs on this node. */
    public void start()
    {
        synchronized (lifecycle) {
            if (closing) {
                throw new IllegalStateException("job system is closed");
            }
            if (poller == null) {
                LOG.info("job node {} runs up to {} jobs at once", node, settings.concurrency());
                poller = Thread.ofVirtual().name("xloud-jobs-poller").start(this::pollLoop);
                heartbeat = Thread.ofVirtual().name("xloud-jobs-heartbeat").start(this::heartbeatLoop);
            }
        }
    }

    /** Wakes the poller now rather than at its next interval. */
    public void wake()
    {
        wake.release();
    }

    private void pollLoop()
    {
        while (!closing) {
            try {
                poll();
            }
            catch (RuntimeException e) {
                LOG.warn("job poll failed: {}", e.toString());
            }
            try {
                wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Renews leases apart from the poller, so a slow claim query never lets a running job's lease lapse. */
    private void heartbeatLoop()
    {
        long pause = Math.max(1, settings.leaseDuration().toMillis() / 6);
        while (!closing) {
            try {
                renewLeases();
            }
            catch (RuntimeException e) {
                LOG.warn("job lease renewal failed: {}", e.toString());
            }
            try {
                if (stopHeartbeat.tryAcquire(pause, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void poll()
    {
        declareSchedules();
        long now = clock.millis();
        for (JobStore.Schedule due : store.dueSchedules(schedules.keySet(), now)) {
            PeriodicJob periodic = schedules.get(due.kind());
            // a pass names the period it is due for; its dedup key keeps a slow pass from being doubled by the next period's
            NewJob pass = NewJob.of(periodic.kind(), "{\"due\":" + due.nextRunAt() + "}")
                    .withMaxAttempts(PERIODIC_ATTEMPTS)
                    .withDedupKey("periodic:" + periodic.kind());
            store.firePeriod(due, periodic.period().toMillis(), pass, now);
        }
        store.buryExhausted(now);
        int free = slots.availablePermits();
        if (closing || free == 0) {
            return;
        }
        List<JobStore.Claim> claims = store.claim(handlers.keySet(), node.owner(), free, now, now + settings.leaseDuration().toMillis());
        for (JobStore.Claim claim : claims) {
            slots.acquireUninterruptibly();
            Thread thread = Thread.ofVirtual().name("xloud-job-" + claim.id()).unstarted(() -> run(claim));
            running.put(claim.id(), new Running(claim, thread, now));
            thread.start();
        }
    }

    private void declareSchedules()
    {
        if (undeclared.isEmpty()) {
            return;
        }
        List<JobStore.Declaration> batch = List.copyOf(undeclared.values());
        store.declare(batch);
        // a kind declared again meanwhile stays for the next poll
        batch.forEach(declaration -> undeclared.remove(declaration.kind(), declaration));
    }

    private void renewLeases()
    {
        long now = clock.millis();
        long lease = settings.leaseDuration().toMillis();
        for (Running job : running.values()) {
            if (job.lost || now - job.renewedAt < lease / 3) {
                continue;
            }
            try {
                if (store.renew(job.claim, node.owner(), now + lease, now)) {
                    job.renewedAt = now;
                }
                else {
                    job.lost = true;
                    LOG.warn("job {} ({}) lost its lease; its outcome on this node will be dropped", job.claim.id(), job.claim.kind());
                }
            }
            catch (RuntimeException e) {
                LOG.warn("renewing the lease of job {} failed: {}", job.claim.id(), e.toString());
            }
        }
    }

    private void run(JobStore.Claim claim)
    {
        try {
            JobHandler handler = handlers.get(claim.kind());
            String result;
            try {
                JobContext context = new JobContext(claim.id(), claim.kind(), claim.payload(), claim.attempt(), node.owner(), () -> stopping(claim.id()));
                result = requireNonNull(handler.handle(context), "handler returned null");
            }
            catch (Exception | Error e) {
                if (stopping(claim.id())) {
                    // the job was given back or taken over; a failure after that is no failure of the job
                    return;
                }
                long now = clock.millis();
                boolean recorded = store.fail(claim, node.owner(), e.toString(), now, now + settings.backoff(claim.attempt()).toMillis());
                LOG.warn("job {} ({}) attempt {} of {} failed{}: {}", claim.id(), claim.kind(), claim.attempt(), claim.maxAttempts(),
                        claim.attempt() >= claim.maxAttempts() ? ", the job is dead" : "", e.toString());
                if (!recorded) {
                    LOG.warn("job {} was no longer held by this node when its attempt failed", claim.id());
                }
                return;
            }
            if (stopping(claim.id())) {
                return;
            }
            if (!store.succeed(claim, node.owner(), result, clock.millis())) {
                LOG.warn("job {} ({}) finished after this node lost its lease; its result is dropped", claim.id(), claim.kind());
            }
        }
        catch (RuntimeException e) {
            LOG.warn("recording the outcome of job {} failed: {}", claim.id(), e.toString());
        }
        finally {
            running.remove(claim.id());
            slots.release();
        }
    }

    /** Whether this node gave the job back (closing) or lost its lease: its outcome here no longer counts. */
    private boolean stopping(long id)
    {
        Running job = running.get(id);
        return job != null && (job.released || job.lost);
    }

    /** How many jobs this node runs now. */
    public int runningCount()
    {
        return running.size();
    }

    /**
     * Stops claiming, lets running handlers finish for up to the shutdown grace (renewing their leases), then
     * releases the jobs of the rest so another node (or the next start) claims them at once; their handlers
     * see {@link JobContext#isStopping()} and whatever they still return is dropped.
     */
    @Override
    public void close()
    {
        Thread pollerThread;
        Thread heartbeatThread;
        synchronized (lifecycle) {
            if (closing) {
                return;
            }
            closing = true;
            pollerThread = poller;
            heartbeatThread = heartbeat;
        }
        // never interrupt a thread that may be inside the embedded database: H2 closes its file on an interrupt
        wake();
        stopHeartbeat.release();
        if (pollerThread != null) {
            joinQuietly(pollerThread, Duration.ofSeconds(5));
            joinQuietly(heartbeatThread, Duration.ofSeconds(5));
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                renewLeases();
                Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            catch (RuntimeException e) {
                LOG.warn("renewing leases while closing failed: {}", e.toString());
            }
        }
        for (Running job : List.copyOf(running.values())) {
            job.released = true;
            try {
                if (store.release(job.claim, node.owner(), clock.millis())) {
                    LOG.info("released job {} ({}) unfinished at shutdown", job.claim.id(), job.claim.kind());
                }
            }
            catch (RuntimeException e) {
                LOG.warn("releasing job {} failed (it is claimed again when its lease expires): {}", job.claim.id(), e.toString());
            }
        }
        for (Running job : List.copyOf(running.values())) {
            joinQuietly(job.thread, Duration.ofSeconds(1));
        }
    }

    private static void joinQuietly(Thread thread, Duration timeout)
    {
        try {
            thread.join(timeout);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void validate(NewJob job)
    {
        checkKind(job.kind());
        if (!handlers.containsKey(job.kind())) {
            throw new IllegalArgumentException("no handler is registered for job kind " + job.kind());
        }
        if (job.payload().length() > MAX_PAYLOAD_BYTES || job.payload().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new ApiException(CoreErrorCode.PAYLOAD_TOO_LARGE, "job payload is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        try {
            Json.mapper().readTree(job.payload());
        }
        catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("job payload is not valid JSON");
        }
        if (job.payload().isBlank()) {
            throw ApiException.badRequest("job payload is not valid JSON");
        }
        if (job.dedupKey().isPresent() && (job.dedupKey().get().isEmpty() || job.dedupKey().get().length() > MAX_DEDUP_KEY)) {
            throw ApiException.badRequest("job dedup key must be 1 to " + MAX_DEDUP_KEY + " characters");
        }
    }

    private static void checkKind(String kind)
    {
        requireNonNull(kind, "kind is null");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("job kind must match " + KIND.pattern() + ": " + kind);
        }
    }
}
