package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.network.NetworkUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL: they make one external network between them, and clients of both creating ports on one
 * /28 get each free address once, then 409. Runs when the tests run on PostgreSQL.
 */
class PortTwoNodeTest
{
    private static final String V2 = "/networking/v2.0";

    @Test
    void twoNodesNeverHandOutAnAddressTwice()
            throws Exception
    {
        Assumptions.assumeTrue(TestServer.onPostgres(), "needs -Dxloud.test.db=jdbc:postgresql://...");
        Path data = Files.createTempDirectory("xloud-network-multinode-");
        Optional<String> database = TestServer.freshDatabaseUrl();
        CompletableFuture<TestServer> first = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, Map.of(), false));
        CompletableFuture<TestServer> second = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, Map.of(), false));
        try (TestServer a = first.get(); TestServer b = second.get()) {
            Http admin = a.admin();
            JsonNode external = expect(admin.get(V2 + "/networks?router:external=true&name=public"), 200).json().path("networks");
            assertThat(external.size()).isEqualTo(1);

            NetworkUsers.User user = NetworkUsers.create(a, admin, "member");
            Http onA = user.http();
            Http onB = new Http(b.baseUrl()).withToken(onA.token().orElseThrow());
            String network = expect(onA.post(V2 + "/networks", "{\"network\": {\"name\": \"two\"}}"), 201).json().path("network").path("id").asText();
            expect(onB.post(V2 + "/subnets", "{\"subnet\": {\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.50.0.0/28\"}}"), 201);

            ExecutorService pool = Executors.newFixedThreadPool(64);
            ConcurrentLinkedQueue<String> addresses = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Http client = i % 2 == 0 ? onA : onB;
                done.add(pool.submit(() -> {
                    Http.Response response = client.post(V2 + "/ports", "{\"port\": {\"network_id\": \"" + network + "\"}}");
                    statuses.add(response.status());
                    if (response.status() == 201) {
                        addresses.add(response.json().path("port").path("fixed_ips").get(0).path("ip_address").asText());
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
            assertThat(statuses).containsOnly(201, 409);
            assertThat(addresses).hasSize(13);
            assertThat(Set.copyOf(addresses)).hasSize(13);
        }
    }
}
