package io.xloud.core.jobs;

import io.xloud.core.db.TestDatabases;
import io.xloud.core.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A node killed with SIGKILL in the middle of a job: another node finishes the job once the lease expired. */
class JobCrashTest
{
    @TempDir
    Path directory;

    @Test
    void aJobOfANodeKilledMidJobIsFinishedByAnotherNode()
            throws Exception
    {
        String base = System.getProperty("xloud.test.db", "h2");
        String user = System.getProperty("xloud.test.db.user", "xloud");
        String password = System.getProperty("xloud.test.db.password", "xloud");
        String url;
        if (base.startsWith("jdbc:postgresql:")) {
            try (Database database = TestDatabases.open(directory)) {
                database.migrate("core");
                url = ((com.zaxxer.hikari.HikariDataSource) database.dataSource()).getJdbcUrl();
            }
        }
        else {
            // the embedded database is one process's at a time: the killed node's, then ours
            url = Database.embeddedUrl(directory);
            user = "";
            password = "";
            try (Database database = Database.open(url, user, password, 2)) {
                database.migrate("core");
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), CrashingNode.class.getName(),
                url, user, password))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long id = -1;
        String deadNode = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("claimed ")) {
                    String[] parts = line.split(" ");
                    id = Long.parseLong(parts[1]);
                    deadNode = parts[2];
                    break;
                }
            }
        }
        finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(id).as("the child claimed its job").isPositive();

        try (Database database = Database.open(url, user, password, 4)) {
            JobSettings settings = new JobSettings(2, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofDays(1));
            JobSystem survivor = new JobSystem(database.jdbi(), database.isPostgres(), settings, NodeId.random(), Clock.systemUTC());
            try {
                survivor.register("test.crash", context -> "{\"attempt\":" + context.attempt() + "}");
                Job held = survivor.job(id).orElseThrow();
                assertThat(held.state()).isEqualTo(JobState.RUNNING);
                assertThat(held.leaseOwner()).contains(deadNode);
                survivor.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                long jobId = id;
                while (survivor.job(jobId).orElseThrow().state() != JobState.SUCCEEDED) {
                    assertThat(System.nanoTime()).as("finished by the survivor in time").isLessThan(deadline);
                    Thread.sleep(20);
                }
                Job finished = survivor.job(id).orElseThrow();
                assertThat(finished.leaseOwner()).contains(survivor.node().owner());
                assertThat(finished.attempts()).isEqualTo(2);
                assertThat(finished.result()).contains("{\"attempt\":2}");
            }
            finally {
                survivor.close();
            }
        }
    }
}
