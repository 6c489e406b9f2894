package io.xloud.core.jobs;

import io.xloud.core.db.Database;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** A node in a process of its own that claims one job and hangs in its handler until the test kills it with SIGKILL. */
public final class CrashingNode
{
    private CrashingNode() {}

    public static void main(String[] args)
            throws Exception
    {
        Database database = Database.open(args[0], args[1], args[2], 4);
        JobSettings settings = new JobSettings(1, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofDays(1));
        JobSystem jobs = new JobSystem(database.jdbi(), database.isPostgres(), settings, NodeId.random(), Clock.systemUTC());
        CountDownLatch never = new CountDownLatch(1);
        jobs.register("test.crash", context -> {
            System.out.println("claimed " + context.jobId() + " " + context.nodeId());
            System.out.flush();
            never.await();
            return "{}";
        });
        long id = jobs.enqueue(NewJob.of("test.crash", "{\"volume\":\"v-1\"}"));
        System.out.println("enqueued " + id);
        System.out.flush();
        jobs.start();
        never.await();
    }
}
