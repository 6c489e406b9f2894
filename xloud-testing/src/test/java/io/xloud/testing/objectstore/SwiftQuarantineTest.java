package io.xloud.testing.objectstore;

import io.xloud.core.jobs.JobSystem;
import io.xloud.objectstore.ObjectStoreXloudModule;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectMaintenance;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit pass quarantines an object whose bytes on disk no longer match their checksum, as Swift's auditor does. */
class SwiftQuarantineTest
{
    private static final Map<String, String> FAST = Map.of(
            "object_store.sweep_interval", "1",
            "jobs.poll_millis", "50",
            "shutdown_grace_seconds", "1");

    @Test
    void aCorruptedObjectIsQuarantinedAndThen404()
            throws Exception
    {
        try (TestServer server = TestServer.start(FAST)) {
            SwiftClient swift = SwiftClient.newProjectUser(server, server.admin(), "member");
            String container = swift.newContainer();
            // over object_store.small_object_bytes, so that its bytes are a file on disk
            assertThat(swift.put(container + "/rotten", "original content ".repeat(1200)).status()).isEqualTo(201);
            assertThat(swift.put(container + "/sound", "fine content").status()).isEqualTo(201);
            String containerName = container.substring(container.lastIndexOf('/') + 1);
            ObjectInfo rotten = server.platform().module(ObjectStoreXloudModule.class).objectStore().objects()
                    .requireObject(new ObjectPath(swift.projectId, containerName, "rotten"));
            Path objects = server.dataDir().resolve("objects");
            Path file = objects.resolve(rotten.blobId().substring(0, 2)).resolve(rotten.blobId().substring(2, 4)).resolve(rotten.blobId());
            Files.writeString(file, "Original content");

            JobSystem jobs = server.platform().jobs();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (jobs.log(ObjectMaintenance.AUDIT, 100).stream().noneMatch(job -> job.result().orElse("").contains("\"quarantined\":1"))) {
                assertThat(System.nanoTime()).as("an audit pass quarantined the object").isLessThan(deadline);
                Thread.sleep(50);
            }

            SwiftClient.Response gone = swift.get(container + "/rotten");
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.text()).isEqualTo("<html><h1>Not Found</h1><p>The resource could not be found.</p></html>");
            assertThat(swift.head(container + "/rotten").status()).isEqualTo(404);
            assertThat(swift.get(container + "/sound").text()).isEqualTo("fine content");
            assertThat(swift.get(container).text()).isEqualTo("sound\n");
            assertThat(swift.head(container).header("X-Container-Object-Count")).isEqualTo("1");
            assertThat(file).doesNotExist();
            assertThat(objects.resolve("quarantined").resolve(rotten.blobId())).hasContent("Original content");
        }
    }
}
