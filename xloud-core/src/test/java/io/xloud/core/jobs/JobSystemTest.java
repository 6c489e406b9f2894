package io.xloud.core.jobs;

import io.xloud.core.db.TestDatabases;
import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs on H2, or on PostgreSQL with -Dxloud.test.db=jdbc:postgresql://... */
class JobSystemTest
{
    private static final JobSettings FAST = new JobSettings(4, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(50),
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofDays(1));

    @TempDir
    Path directory;

    private Database database;
    private final List<JobSystem> nodes = new ArrayList<>();

    @BeforeEach
    void open()
    {
        database = TestDatabases.open(directory);
        database.migrate("core");
    }

    @AfterEach
    void close()
    {
        nodes.forEach(JobSystem::close);
        database.close();
    }

    private JobSystem node(JobSettings settings)
    {
        JobSystem node = new JobSystem(database.jdbi(), database.isPostgres(), settings, NodeId.random(), Clock.systemUTC());
        nodes.add(node);
        return node;
    }

    private long enqueue(JobSystem node, NewJob job)
    {
        return node.enqueue(job);
    }

    private static void await(BooleanSupplier condition, Duration timeout)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within %s", timeout).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private JobState state(JobSystem node, long id)
    {
        return node.job(id).orElseThrow().state();
    }

    @Test
    void sixteenConcurrentClaimersNeverClaimOneJobTwice()
            throws Exception
    {
        JobSystem producer = node(FAST);
        producer.register("test.work", context -> "{}");
        for (int i = 0; i < 400; i++) {
            enqueue(producer, NewJob.of("test.work", "{\"n\":" + i + "}"));
        }
        JobStore store = new JobStore(database.jdbi(), database.isPostgres());
        Map<Long, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> claimers = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                String owner = "claimer-" + c;
                claimers.add(pool.submit(() -> {
                    while (true) {
                        long now = System.currentTimeMillis();
                        List<JobStore.Claim> claims = store.claim(List.of("test.work"), owner, 5, now, now + 60_000);
                        if (claims.isEmpty() && claimedBy.size() >= 400) {
                            return null;
                        }
                        for (JobStore.Claim claim : claims) {
                            if (claimedBy.putIfAbsent(claim.id(), owner) != null) {
                                duplicates.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(duplicates.get()).isZero();
        assertThat(claimedBy).hasSize(400);
        assertThat(claimedBy.values()).as("work spread over the claimers").hasSizeGreaterThan(0);
    }

    @Test
    void everyJobRunsExactlyOnceAcrossSixteenNodes()
            throws Exception
    {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<JobSystem> cluster = new ArrayList<>();
        // a lease long enough that sixteen nodes on two cores never lose one: then a job runs exactly once
        for (int i = 0; i < 16; i++) {
            JobSystem node = node(FAST.withLease(Duration.ofSeconds(20)));
            node.register("test.count", context -> {
                runs.computeIfAbsent(context.payload(), key -> new AtomicInteger()).incrementAndGet();
                return "{}";
            });
            cluster.add(node);
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(enqueue(cluster.get(i % 16), NewJob.of("test.count", "{\"n\":" + i + "}")));
        }
        cluster.forEach(JobSystem::start);
        await(() -> ids.stream().allMatch(id -> state(cluster.getFirst(), id) == JobState.SUCCEEDED), Duration.ofSeconds(60));
        assertThat(runs).hasSize(200);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }

    @Test
    void aJobWhoseNodeDiedIsReclaimedWhenItsLeaseExpires()
            throws Exception
    {
        JobSystem live = node(FAST);
        live.register("test.reclaim", context -> "{\"attempt\":" + context.attempt() + "}");
        long id = enqueue(live, NewJob.of("test.reclaim", "{}"));
        // the dead node claims with a short lease and never renews it; two seconds, so that a slow start of the
        // live node does not outlast it before the check that the job is not taken while it holds
        JobStore store = new JobStore(database.jdbi(), database.isPostgres());
        long now = System.currentTimeMillis();
        assertThat(store.claim(List.of("test.reclaim"), "dead-node", 10, now, now + 2_000)).hasSize(1);
        live.start();
        Thread.sleep(100);
        assertThat(state(live, id)).as("not taken while the lease holds").isEqualTo(JobState.RUNNING);
        await(() -> state(live, id) == JobState.SUCCEEDED, Duration.ofSeconds(10));
        Job job = live.job(id).orElseThrow();
        assertThat(job.leaseOwner()).contains(live.node().owner());
        assertThat(job.attempts()).isEqualTo(2);
        assertThat(job.result()).contains("{\"attempt\":2}");
        // the dead node's late outcome changes nothing
        assertThat(store.succeed(new JobStore.Claim(id, "test.reclaim", "{}", 1, 5), "dead-node", "late", System.currentTimeMillis())).isFalse();
        assertThat(live.job(id).orElseThrow().result()).contains("{\"attempt\":2}");
    }

    @Test
    void aJobWhoseNodeDiedOnItsLastAttemptIsDead()
            throws Exception
    {
        JobSystem live = node(FAST);
        live.register("test.last", context -> "{}");
        long id = enqueue(live, NewJob.of("test.last", "{}").withMaxAttempts(1));
        JobStore store = new JobStore(database.jdbi(), database.isPostgres());
        long now = System.currentTimeMillis();
        assertThat(store.claim(List.of("test.last"), "dead-node", 10, now, now + 100)).hasSize(1);
        live.start();
        await(() -> state(live, id) == JobState.DEAD, Duration.ofSeconds(10));
        assertThat(live.job(id).orElseThrow().lastError()).hasValueSatisfying(error -> assertThat(error).contains("lease"));
    }

    @Test
    void failedAttemptsRetryWithGrowingBackoffThenTheJobIsDead()
            throws Exception
    {
        JobSystem node = node(FAST);
        List<Long> attemptTimes = new CopyOnWriteArrayList<>();
        node.register("test.fail", context -> {
            attemptTimes.add(System.nanoTime());
            throw new IllegalStateException("remote said no on attempt " + context.attempt());
        });
        long id = enqueue(node, NewJob.of("test.fail", "{}").withMaxAttempts(3));
        node.start();
        await(() -> state(node, id) == JobState.DEAD, Duration.ofSeconds(10));
        Job job = node.job(id).orElseThrow();
        assertThat(job.attempts()).isEqualTo(3);
        assertThat(job.lastError()).hasValueSatisfying(error -> assertThat(error).contains("remote said no on attempt 3"));
        assertThat(attemptTimes).hasSize(3);
        assertThat(Duration.ofNanos(attemptTimes.get(1) - attemptTimes.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(Duration.ofNanos(attemptTimes.get(2) - attemptTimes.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aJobThatFailsOnceSucceedsOnItsRetry()
            throws Exception
    {
        JobSystem node = node(FAST);
        node.register("test.flaky", context -> {
            if (context.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return "\"done\"";
        });
        long id = enqueue(node, NewJob.of("test.flaky", "{}"));
        node.start();
        await(() -> state(node, id) == JobState.SUCCEEDED, Duration.ofSeconds(10));
        assertThat(node.job(id).orElseThrow().attempts()).isEqualTo(2);
        assertThat(node.job(id).orElseThrow().lastError()).hasValueSatisfying(error -> assertThat(error).contains("first attempt fails"));
    }

    @Test
    void aPeriodicJobFiresOncePerPeriodAcrossTwoNodes()
            throws Exception
    {
        AtomicInteger passes = new AtomicInteger();
        Duration period = Duration.ofMillis(200);
        JobSystem first = node(FAST);
        JobSystem second = node(FAST);
        // the first pass is a period away, so both nodes have declared the schedule before any pass runs
        // (a zero delay declared after another node's pass asks for a pass of its own unless that pass covered it)
        for (JobSystem node : List.of(first, second)) {
            node.schedule(PeriodicJob.every("test.periodic", period), context -> {
                passes.incrementAndGet();
                return "{}";
            });
        }
        long started = System.nanoTime();
        first.start();
        second.start();
        Thread.sleep(2_000);
        first.close();
        second.close();
        long elapsedPeriods = Duration.ofNanos(System.nanoTime() - started).toMillis() / period.toMillis();
        List<Job> log = first.log("test.periodic", 1000);
        // a pass that fell due as the nodes closed may still be queued: the next start runs it
        List<Job> ran = log.stream().filter(job -> job.state() != JobState.QUEUED).toList();
        assertThat(log.size() - ran.size()).isLessThanOrEqualTo(1);
        assertThat(ran).allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.SUCCEEDED));
        assertThat(ran).hasSize(passes.get());
        assertThat(passes.get()).isBetween(3, (int) elapsedPeriods + 1);
        // one pass per period: each pass names the period it was due for, and no period has two
        List<Long> due = log.reversed().stream().map(job -> Long.parseLong(job.payload().replaceAll("\\D", ""))).toList();
        assertThat(due).doesNotHaveDuplicates().isSorted();
        for (int i = 1; i < due.size(); i++) {
            assertThat(due.get(i) - due.get(i - 1)).isGreaterThanOrEqualTo(period.toMillis());
        }
        assertThat(ran).allSatisfy(job -> assertThat(job.leaseOwner()).isPresent());
    }

    @Test
    void aNodeDeclaringAPeriodAnotherNodeAlreadyRanDoesNotRunItAgain()
            throws Exception
    {
        // both nodes ask for their first pass at the same instant; the clock stands still, so only that one falls due
        Clock frozen = Clock.fixed(Clock.systemUTC().instant(), Clock.systemUTC().getZone());
        AtomicInteger passes = new AtomicInteger();
        PeriodicJob periodic = new PeriodicJob("test.once", Duration.ofMinutes(1), Duration.ZERO);
        JobSystem first = new JobSystem(database.jdbi(), database.isPostgres(), FAST, NodeId.random(), frozen);
        nodes.add(first);
        first.schedule(periodic, context -> "{\"pass\":" + passes.incrementAndGet() + "}");
        first.start();
        await(() -> first.log("test.once", 10).stream().anyMatch(job -> job.state() == JobState.SUCCEEDED), Duration.ofSeconds(10));

        JobSystem second = new JobSystem(database.jdbi(), database.isPostgres(), FAST, NodeId.random(), frozen);
        nodes.add(second);
        second.schedule(periodic, context -> "{\"pass\":" + passes.incrementAndGet() + "}");
        second.start();
        Thread.sleep(FAST.pollInterval().toMillis() * 10);

        assertThat(first.log("test.once", 10)).hasSize(1);
        assertThat(passes).hasValue(1);
    }

    @Test
    void malformedPayloadsAreRejectedAtEnqueue()
    {
        JobSystem node = node(FAST);
        node.register("test.payload", context -> "{}");
        for (String payload : List.of("{", "", "not json", "{\"a\":1} trailing", "{\"a\":1,\"a\":2}", "[".repeat(1000) + "]".repeat(1000))) {
            assertThatThrownBy(() -> enqueue(node, NewJob.of("test.payload", payload)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(CoreErrorCode.BAD_REQUEST));
        }
        assertThat(node.log("test.payload", 10)).isEmpty();
    }

    @Test
    void oversizedPayloadsAreRejectedAtEnqueue()
    {
        JobSystem node = node(FAST);
        node.register("test.payload", context -> "{}");
        String large = "{\"a\":\"" + "é".repeat(JobSystem.MAX_PAYLOAD_BYTES / 2) + "\"}";
        assertThatThrownBy(() -> enqueue(node, NewJob.of("test.payload", large)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(CoreErrorCode.PAYLOAD_TOO_LARGE));
        String fits = "{\"a\":\"" + "x".repeat(JobSystem.MAX_PAYLOAD_BYTES - 10) + "\"}";
        long id = enqueue(node, NewJob.of("test.payload", fits));
        assertThat(node.job(id).orElseThrow().payload()).isEqualTo(fits);
    }

    @Test
    void hostileKindsAndUnknownKindsAreRejected()
    {
        JobSystem node = node(FAST);
        assertThatThrownBy(() -> node.register("x'; DROP TABLE jobs; --", context -> "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.register("k".repeat(65), context -> "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> enqueue(node, NewJob.of("test.nobody", "{}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aJobEnqueuedInARolledBackTransactionDoesNotExist()
    {
        JobSystem node = node(FAST);
        node.register("test.tx", context -> "{}");
        assertThatThrownBy(() -> database.jdbi().useTransaction(handle -> {
            node.enqueue(handle, NewJob.of("test.tx", "{}"));
            throw new IllegalStateException("the change failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(node.log("test.tx", 10)).isEmpty();
    }

    @Test
    void aDedupKeyAllowsOneLiveJob()
            throws Exception
    {
        JobSystem node = node(FAST);
        node.register("test.import", context -> "{}");
        long first = enqueue(node, NewJob.of("test.import", "{}").withDedupKey("image-1"));
        assertThat(enqueue(node, NewJob.of("test.import", "{}").withDedupKey("image-1"))).isEqualTo(first);
        long other = enqueue(node, NewJob.of("test.import", "{}").withDedupKey("image-2"));
        assertThat(other).isNotEqualTo(first);
        node.start();
        await(() -> state(node, first) == JobState.SUCCEEDED, Duration.ofSeconds(10));
        assertThat(enqueue(node, NewJob.of("test.import", "{}").withDedupKey("image-1"))).as("a finished job frees its key").isNotEqualTo(first);
    }

    @Test
    void closeLetsARunningHandlerFinishWithinTheGrace()
            throws Exception
    {
        JobSystem node = node(FAST);
        CountDownLatch started = new CountDownLatch(1);
        node.register("test.short", context -> {
            started.countDown();
            Thread.sleep(200);
            return "\"finished\"";
        });
        long id = enqueue(node, NewJob.of("test.short", "{}"));
        node.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        node.close();
        assertThat(state(node, id)).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void closeReleasesAJobThatOutlivesTheGraceAndAnotherNodeFinishesIt()
            throws Exception
    {
        JobSystem closing = node(FAST);
        CountDownLatch started = new CountDownLatch(1);
        closing.register("test.long", context -> {
            started.countDown();
            while (!context.isStopping()) {
                Thread.sleep(10);
            }
            return "\"dropped\"";
        });
        long id = enqueue(closing, NewJob.of("test.long", "{}"));
        closing.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        closing.close();
        Job released = closing.job(id).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.QUEUED);
        assertThat(released.attempts()).as("an interrupted attempt is not counted").isZero();
        assertThat(closing.runningCount()).isZero();

        JobSystem other = node(FAST);
        other.register("test.long", context -> "\"finished by the other\"");
        other.start();
        await(() -> state(other, id) == JobState.SUCCEEDED, Duration.ofSeconds(10));
        assertThat(other.job(id).orElseThrow().leaseOwner()).contains(other.node().owner());
    }

    @Test
    void theCleanupRemovesOldFinishedJobsOnly()
            throws Exception
    {
        JobSettings noRetention = new JobSettings(4, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ZERO);
        JobSystem node = node(noRetention);
        node.register("test.old", context -> "{}");
        long finished = enqueue(node, NewJob.of("test.old", "{}"));
        long waiting = enqueue(node, NewJob.of("test.old", "{}").withDelay(Duration.ofHours(1)));
        node.start();
        await(() -> state(node, finished) == JobState.SUCCEEDED, Duration.ofSeconds(10));
        Thread.sleep(5);
        long cleanup = enqueue(node, NewJob.of(JobSystem.CLEANUP_KIND, "{}"));
        await(() -> node.job(finished).isEmpty(), Duration.ofSeconds(10));
        assertThat(node.job(waiting)).isPresent();
        assertThat(node.job(cleanup)).isPresent();
    }

    @Test
    void enqueueingWakesThisNodeWithoutWaitingForThePoll()
            throws Exception
    {
        JobSettings slowPoll = new JobSettings(4, Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofDays(1));
        JobSystem node = node(slowPoll);
        node.register("test.wake", context -> "{}");
        node.start();
        Thread.sleep(300);
        long id = enqueue(node, NewJob.of("test.wake", "{}"));
        await(() -> state(node, id) == JobState.SUCCEEDED, Duration.ofSeconds(10));
    }

    @Test
    void aNodeRunsAtMostItsConcurrencyAtOnce()
            throws Exception
    {
        JobSettings two = new JobSettings(2, Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofDays(1));
        JobSystem node = node(two);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        node.register("test.busy", context -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.sleep(50);
            now.decrementAndGet();
            return "{}";
        });
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(enqueue(node, NewJob.of("test.busy", "{}")));
        }
        node.start();
        await(() -> ids.stream().allMatch(id -> state(node, id) == JobState.SUCCEEDED), Duration.ofSeconds(20));
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aNodeThatLostItsLeaseStopsAndItsOutcomeIsDropped()
            throws Exception
    {
        JobSystem slow = node(FAST);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        slow.register("test.lost", context -> {
            started.countDown();
            while (!context.isStopping()) {
                Thread.sleep(10);
            }
            stopped.countDown();
            return "\"late\"";
        });
        long id = enqueue(slow, NewJob.of("test.lost", "{}"));
        slow.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // as if this node had stalled past its lease and another node had taken the job over
        // (the slow node's heartbeat may renew the lease between the two statements: then try again)
        JobStore store = new JobStore(database.jdbi(), database.isPostgres());
        int claimed = 0;
        for (int attempt = 0; attempt < 100 && claimed == 0; attempt++) {
            database.jdbi().useHandle(handle -> handle.execute("UPDATE jobs SET lease_expires_at = 0 WHERE id = ?", id));
            long now = System.currentTimeMillis();
            claimed = store.claim(List.of("test.lost"), "other-node", 1, now, now + 60_000).size();
        }
        assertThat(claimed).isEqualTo(1);
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        await(() -> slow.runningCount() == 0, Duration.ofSeconds(10));
        Job job = slow.job(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.leaseOwner()).contains("other-node");
        assertThat(job.result()).isEmpty();
    }

    @Test
    void aNodeStartingBringsAnImmediatePeriodicPassForwardOnce()
            throws Exception
    {
        JobSystem first = node(FAST);
        AtomicInteger passes = new AtomicInteger();
        first.schedule(new PeriodicJob("test.sweep", Duration.ofHours(1), Duration.ZERO), context -> "{\"pass\":" + passes.incrementAndGet() + "}");
        first.start();
        await(() -> passes.get() == 1, Duration.ofSeconds(10));
        Thread.sleep(200);
        assertThat(passes.get()).as("the next pass waits for its period").isEqualTo(1);
        // a restart (a new node) asks for a pass at once again, and gets exactly one
        first.close();
        JobSystem restarted = node(FAST);
        restarted.schedule(new PeriodicJob("test.sweep", Duration.ofHours(1), Duration.ZERO), context -> "{\"pass\":" + passes.incrementAndGet() + "}");
        restarted.start();
        await(() -> passes.get() == 2, Duration.ofSeconds(10));
        Thread.sleep(200);
        assertThat(passes.get()).isEqualTo(2);
    }
}
