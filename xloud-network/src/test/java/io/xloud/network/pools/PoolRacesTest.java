package io.xloud.network.pools;

import io.xloud.network.pools.PoolTestHost.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.network.pools.PoolTestHost.member;
import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent requests that only one may win: overlapping pools joining one scope, and the same RBAC grant twice. */
class PoolRacesTest
{
    @TempDir
    static Path dataDir;

    private static PoolTestHost host;

    @BeforeAll
    static void start()
            throws Exception
    {
        host = new PoolTestHost(dataDir);
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        host.close();
    }

    private static List<Response> race(int clients, Callable<Response> request)
            throws Exception
    {
        List<Response> responses = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(executor.submit(() -> responses.add(request.call())));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return responses;
    }

    @Test
    void onlyOneOfManyOverlappingPoolsJoinsAScope()
            throws Exception
    {
        String token = member("race-scope");
        String scope = host.post("/address-scopes", token, "{\"address_scope\":{\"name\":\"s\",\"ip_version\":4}}").json().path("address_scope").path("id").asText();
        List<Response> responses = race(12, () -> host.post("/subnetpools", token,
                "{\"subnetpool\":{\"name\":\"p\",\"prefixes\":[\"10.150.0.0/16\"],\"address_scope_id\":\"" + scope + "\"}}"));
        assertThat(responses).extracting(Response::status).containsOnly(201, 400);
        assertThat(responses.stream().filter(response -> response.status() == 201)).hasSize(1);
        assertThat(responses.stream().filter(response -> response.status() == 400).map(Response::errorType)).containsOnly("AddressScopePrefixConflict");
    }

    @Test
    void theSameGrantIsMadeOnce()
            throws Exception
    {
        String token = member("race-rbac");
        String pool = host.post("/subnetpools", token, "{\"subnetpool\":{\"name\":\"p\",\"prefixes\":[\"10.151.0.0/16\"]}}").json().path("subnetpool")
                .path("id").asText();
        List<Response> responses = race(12, () -> host.post("/rbac-policies", token, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\""
                + pool + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"someone\"}}"));
        assertThat(responses).extracting(Response::status).containsOnly(201, 409);
        assertThat(responses.stream().filter(response -> response.status() == 201)).hasSize(1);
        assertThat(host.get("/rbac-policies?object_id=" + pool, token).json().path("rbac_policies")).hasSize(1);
    }
}
