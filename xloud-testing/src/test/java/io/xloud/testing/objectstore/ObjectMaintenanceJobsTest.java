package io.xloud.testing.objectstore;

import io.xloud.core.jobs.Job;
import io.xloud.core.jobs.JobState;
import io.xloud.core.jobs.JobSystem;
import io.xloud.core.jobs.NewJob;
import io.xloud.objectstore.api.SwiftModule;
import io.xloud.objectstore.service.ObjectMaintenance;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Object maintenance as periodic jobs: one pass per period across the nodes, and a node's unfinished job finished by another. */
class ObjectMaintenanceJobsTest
{
    private static final Map<String, String> FAST = Map.of(
            "object_store.expiry_interval", "1",
            "object_store.sweep_interval", "1",
            "object_store.sync_interval", "1",
            "jobs.poll_millis", "50",
            "shutdown_grace_seconds", "1");
    private static final List<String> PASSES = List.of(ObjectMaintenance.EXPIRER, ObjectMaintenance.SWEEP, ObjectMaintenance.AUDIT,
            SwiftModule.CONTAINER_SYNC_JOB);

    private static void await(BooleanSupplier condition, Duration timeout)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within %s", timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void theExpirerRunsAsAPeriodicJobAndTheJobLogShowsItsPasses()
            throws Exception
    {
        try (TestServer server = TestServer.start(FAST)) {
            SwiftClient swift = SwiftClient.newProjectUser(server, server.admin(), "member");
            String container = swift.account() + "/expiring";
            assertThat(swift.put(container, null).status()).isEqualTo(201);
            assertThat(swift.put(container + "/o", "short-lived", "X-Delete-After", "1").status()).isEqualTo(201);
            JobSystem jobs = server.platform().jobs();
            await(() -> jobs.log(ObjectMaintenance.EXPIRER, 100).stream()
                    .anyMatch(job -> job.result().orElse("").contains("\"reaped\":1")), Duration.ofSeconds(20));
            assertThat(swift.get(container + "/o").status()).isEqualTo(404);
            assertThat(jobs.log(ObjectMaintenance.EXPIRER, 100)).allSatisfy(job -> assertThat(job.leaseOwner()).isPresent());
            await(() -> !jobs.log(ObjectMaintenance.SWEEP, 1).isEmpty() && jobs.log(ObjectMaintenance.SWEEP, 1).getFirst().state() == JobState.SUCCEEDED,
                    Duration.ofSeconds(20));
        }
    }

    @Test
    void eachMaintenancePassRunsOnExactlyOneOfTwoNodes()
            throws Exception
    {
        Assumptions.assumeTrue(TestServer.onPostgres(), "needs -Dxloud.test.db=jdbc:postgresql://...");
        Path data = Files.createTempDirectory("xloud-jobs-multinode-");
        Optional<String> database = TestServer.freshDatabaseUrl();
        CompletableFuture<TestServer> first = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, FAST, false));
        CompletableFuture<TestServer> second = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, FAST, false));
        try (TestServer a = first.get(); TestServer b = second.get()) {
            String ownerA = a.platform().jobs().node().owner();
            String ownerB = b.platform().jobs().node().owner();
            long started = System.currentTimeMillis();
            Thread.sleep(6_000);
            long elapsedSeconds = (System.currentTimeMillis() - started) / 1000;
            for (String kind : PASSES) {
                List<Job> log = a.platform().jobs().log(kind, 1000);
                assertThat(log).as(kind).isNotEmpty();
                // each pass names the period it was due for: no period has two passes, whichever node ran them
                // (a node's start may bring a sweep forward, so periods are counted once both nodes run)
                List<Long> due = log.reversed().stream().map(job -> Long.parseLong(job.payload().replaceAll("\\D", ""))).toList();
                assertThat(due).as(kind).doesNotHaveDuplicates().isSorted();
                due = due.stream().filter(value -> value >= started).toList();
                assertThat(due).as(kind).isNotEmpty();
                for (int i = 1; i < due.size(); i++) {
                    assertThat(due.get(i) - due.get(i - 1)).as(kind).isGreaterThanOrEqualTo(1000);
                }
                assertThat(log.size()).as(kind).isLessThanOrEqualTo((int) elapsedSeconds + 3);
                assertThat(log).as(kind).allSatisfy(job -> {
                    assertThat(job.state()).isIn(JobState.SUCCEEDED, JobState.RUNNING, JobState.QUEUED);
                    if (job.state() != JobState.QUEUED) {
                        assertThat(job.leaseOwner()).get().isIn(ownerA, ownerB);
                    }
                });
            }
        }
    }

    @Test
    void aJobLeftUnfinishedByAClosedNodeIsFinishedByTheOther()
            throws Exception
    {
        Assumptions.assumeTrue(TestServer.onPostgres(), "needs -Dxloud.test.db=jdbc:postgresql://...");
        Path data = Files.createTempDirectory("xloud-jobs-handoff-");
        Optional<String> database = TestServer.freshDatabaseUrl();
        CompletableFuture<TestServer> first = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, FAST, false));
        CompletableFuture<TestServer> second = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, FAST, false));
        try (TestServer b = second.get()) {
            TestServer a = first.get();
            CountDownLatch claimedByA = new CountDownLatch(1);
            a.platform().jobs().register("test.handoff", context -> {
                claimedByA.countDown();
                while (!context.isStopping()) {
                    Thread.sleep(10);
                }
                return "\"dropped\"";
            });
            JobSystem jobsA = a.platform().jobs();
            long id = jobsA.enqueue(NewJob.of("test.handoff", "{\"image\":\"i-1\"}"));
            assertThat(claimedByA.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(b.platform().jobs().job(id).orElseThrow().leaseOwner()).contains(jobsA.node().owner());

            b.platform().jobs().register("test.handoff", context -> "{\"finished_by\":\"" + context.nodeId() + "\"}");
            a.close();
            JobSystem jobsB = b.platform().jobs();
            await(() -> jobsB.job(id).orElseThrow().state() == JobState.SUCCEEDED, Duration.ofSeconds(20));
            Job finished = jobsB.job(id).orElseThrow();
            assertThat(finished.leaseOwner()).contains(jobsB.node().owner());
            assertThat(finished.result()).hasValueSatisfying(result -> assertThat(result).contains(jobsB.node().owner()));
        }
    }
}
