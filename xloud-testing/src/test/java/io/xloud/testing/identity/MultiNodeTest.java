package io.xloud.testing.identity;

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
import java.util.concurrent.CompletableFuture;

import static io.xloud.testing.identity.IdentityResourcesTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes on one PostgreSQL and one data directory act as one cloud. Runs when the tests run on PostgreSQL. */
class MultiNodeTest
{
    @Test
    void twoNodesBootstrapOnceAndShareTokensAndRevocations()
            throws Exception
    {
        Assumptions.assumeTrue(TestServer.onPostgres(), "needs -Dxloud.test.db=jdbc:postgresql://...");
        Path data = Files.createTempDirectory("xloud-multinode-");
        Optional<String> database = TestServer.freshDatabaseUrl();
        CompletableFuture<TestServer> first = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, Map.of(), false));
        CompletableFuture<TestServer> second = CompletableFuture.supplyAsync(() -> TestServer.start(data, database, Map.of(), false));
        try (TestServer a = first.get(); TestServer b = second.get()) {
            Http adminA = a.admin();
            Http adminB = b.admin();
            // bootstrapped exactly once: one admin user, one Default domain
            assertThat(adminA.get("/identity/v3/users?name=admin").json().path("users").size()).isEqualTo(1);
            assertThat(adminB.get("/identity/v3/domains?name=Default").json().path("domains").size()).isEqualTo(1);

            // a token issued by one node validates on the other
            String tokenFromA = adminA.token().orElseThrow();
            assertThat(b.http().withToken(tokenFromA).get("/identity/v3/auth/projects").status()).isEqualTo(200);

            // a user created on B, logged in on A, revoked on B: A refuses the token within two seconds
            String name = unique("mn");
            String project = unique("mnp");
            String projectId = adminB.post("/identity/v3/projects", "{\"project\": {\"name\": \"" + project + "\"}}").json().path("project").path("id").asText();
            String userId = adminB.post("/identity/v3/users", "{\"user\": {\"name\": \"" + name + "\", \"password\": \"pw\"}}").json().path("user").path("id").asText();
            String member = adminB.get("/identity/v3/roles?name=member").json().path("roles").get(0).path("id").asText();
            adminB.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member, null);
            Http onA = a.http();
            onA.login(name, "pw", project);
            assertThat(onA.get("/identity/v3/auth/projects").status()).isEqualTo(200);
            assertThat(adminB.delete("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member).status()).isEqualTo(204);
            assertThat(waitForStatus(onA, 401)).isLessThan(2_000);

            // an explicit revocation on A is honoured by B
            Http again = b.http();
            adminB.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member, null);
            again.login(name, "pw", project);
            adminA.send("DELETE", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", again.token().orElseThrow()));
            assertThat(waitForStatus(again, 401)).isLessThan(2_000);
        }
    }

    private static long waitForStatus(Http http, int status)
            throws InterruptedException
    {
        long start = System.currentTimeMillis();
        List<Integer> seen = new ArrayList<>();
        while (System.currentTimeMillis() - start < 5_000) {
            int now = http.get("/identity/v3/auth/projects").status();
            seen.add(now);
            if (now == status) {
                return System.currentTimeMillis() - start;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never saw " + status + ": " + seen);
    }
}
