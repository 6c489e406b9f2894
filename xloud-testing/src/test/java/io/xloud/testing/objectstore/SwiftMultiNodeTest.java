package io.xloud.testing.objectstore;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.objectstore.SwiftApiTest.md5;
import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes on one PostgreSQL and one data directory serve the same objects. Runs when the tests run on PostgreSQL. */
class SwiftMultiNodeTest
{
    @Test
    void whatOneNodeWritesTheOtherListsAndReadsAtOnce()
            throws Exception
    {
        Assumptions.assumeTrue(TestServer.onPostgres(), "needs -Dxloud.test.db=jdbc:postgresql://...");
        Path data = Files.createTempDirectory("xloud-swift-multinode-");
        Optional<String> database = TestServer.freshDatabaseUrl();
        CompletableFuture<TestServer> first = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, Map.of(), false));
        CompletableFuture<TestServer> second = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, Map.of(), false));
        try (TestServer a = first.get(); TestServer b = second.get()) {
            Http admin = a.admin();
            SwiftClient onA = SwiftClient.newProjectUser(a, admin, "member");
            SwiftClient onB = new SwiftClientOnNode(b, onA).client();
            String container = onA.account() + "/shared";
            assertThat(onA.put(container, null).status()).isEqualTo(201);
            assertThat(onB.put(container, null).status()).isEqualTo(202);
            assertThat(onA.put(container + "/o", "written on a").status()).isEqualTo(201);
            assertThat(onB.get(container + "/o").text()).isEqualTo("written on a");
            assertThat(onB.get(container).text()).isEqualTo("o\n");
            assertThat(onB.put(container + "/o", "rewritten on b").status()).isEqualTo(201);
            assertThat(onA.get(container + "/o").text()).isEqualTo("rewritten on b");
            assertThat(onA.delete(container + "/o").status()).isEqualTo(204);
            assertThat(onB.get(container + "/o").status()).isEqualTo(404);

            // both nodes write one name at once: one whole version wins, counts stay exact
            ExecutorService executor = Executors.newFixedThreadPool(8);
            List<String> contents = new ArrayList<>();
            List<Future<Response>> puts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String content = ("node write " + i + ";").repeat(1000 + i);
                contents.add(content);
                SwiftClient node = i % 2 == 0 ? onA : onB;
                puts.add(executor.submit(() -> node.put(container + "/raced", content)));
            }
            for (Future<Response> put : puts) {
                assertThat(put.get().status()).isIn(201, 202);
            }
            executor.shutdown();
            String onNodeA = onA.get(container + "/raced").text();
            assertThat(contents).contains(onNodeA);
            assertThat(onB.get(container + "/raced").text()).isEqualTo(onNodeA);
            assertThat(onB.head(container + "/raced").header("ETag")).isEqualTo(md5(onNodeA));
            assertThat(onB.head(container).header("X-Container-Object-Count")).isEqualTo("1");
            assertThat(onA.head(container).header("X-Container-Bytes-Used")).isEqualTo(Integer.toString(onNodeA.length()));
        }
    }

    /** The same caller, talking to another node. */
    private record SwiftClientOnNode(TestServer node, SwiftClient caller)
    {
        SwiftClient client()
        {
            Http http = node.http();
            Http.Response login = http.login(caller.userName, "pw-" + caller.userName, caller.projectName);
            return SwiftClient.of(node, http, login);
        }
    }
}
