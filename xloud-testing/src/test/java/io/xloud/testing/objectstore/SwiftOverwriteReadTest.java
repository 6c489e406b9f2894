package io.xloud.testing.objectstore;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GET of an object that another client overwrites at the same moment answers one whole version or the other,
 * never a 404: the bytes of the version looked up can be gone before they are opened, and then the current one
 * is looked up again.
 */
class SwiftOverwriteReadTest
{
    private static TestServer server;
    private static SwiftClient owner;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        Http admin = server.admin();
        owner = SwiftClient.newProjectUser(server, admin, "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @Test
    void readsWhileAnObjectAndItsLinkTargetAreOverwrittenSeeWholeVersions()
            throws Exception
    {
        String container = owner.newContainer();
        String containerName = container.substring(container.lastIndexOf('/') + 1);
        String a = "a".repeat(20_000);
        String b = "b".repeat(20_000);
        owner.put(container + "/object", a);
        assertThat(owner.put(container + "/link", null, "X-Symlink-Target", containerName + "/object").status()).isEqualTo(201);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<Integer> writer = pool.submit(() -> {
                int writes = 0;
                for (; writes < 150; writes++) {
                    assertThat(owner.put(container + "/object", writes % 2 == 0 ? b : a).status()).isEqualTo(201);
                }
                writing.set(false);
                return writes;
            });
            List<Future<List<String>>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                String path = container + (r % 2 == 0 ? "/object" : "/link");
                readers.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    while (writing.get()) {
                        SwiftClient.Response read = owner.get(path);
                        String body = read.text();
                        if (read.status() != 200 || !(body.equals(a) || body.equals(b))) {
                            wrong.add(read.status() + " " + body.substring(0, Math.min(60, body.length())));
                        }
                    }
                    return wrong;
                }));
            }
            assertThat(writer.get()).isEqualTo(150);
            for (Future<List<String>> reader : readers) {
                assertThat(reader.get()).isEmpty();
            }
        }
        finally {
            pool.shutdownNow();
        }
    }
}
