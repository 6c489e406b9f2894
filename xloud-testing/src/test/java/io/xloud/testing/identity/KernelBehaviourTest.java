package io.xloud.testing.identity;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the kernel does for every service: rate limits, metrics, and no 500 for any input. */
class KernelBehaviourTest
{
    @Test
    void rateLimitAnswers429WithRetryAfterInKeystoneDialect()
    {
        try (TestServer server = TestServer.start(Map.of("rate_limit.per_second", "1", "rate_limit.burst", "5"))) {
            Http admin = server.admin();
            int limited = 0;
            Http.Response last = null;
            for (int i = 0; i < 20; i++) {
                last = admin.get("/identity/v3/domains");
                if (last.status() == 429) {
                    limited++;
                    break;
                }
            }
            assertThat(limited).isEqualTo(1);
            assertThat(last.header("Retry-After")).hasValueSatisfying(value -> assertThat(Integer.parseInt(value)).isPositive());
            assertThat(last.error().path("code").asInt()).isEqualTo(429);
            assertThat(last.error().path("title").asText()).isEqualTo("Too Many Requests");
        }
    }

    @Test
    void metricsCountRequestsByServiceRouteAndStatus()
    {
        try (TestServer server = TestServer.start()) {
            Http admin = server.admin();
            admin.get("/identity/v3/users");
            admin.get("/identity/v3/users/nope");
            String metrics = server.http().get("/metrics").body();
            assertThat(metrics).contains("xloud_http_requests_seconds_count{method=\"GET\",route=\"/identity/v3/users\",service=\"identity\",status=\"200\"}");
            assertThat(metrics).contains("route=\"/identity/v3/users/{user_id}\",service=\"identity\",status=\"404\"");
            assertThat(metrics).contains("xloud_http_requests_seconds_bucket");
        }
    }

    @Test
    void hostileInputNeverYields500()
    {
        try (TestServer server = TestServer.start()) {
            Http admin = server.admin();
            List<String> paths = List.of("/identity/v3/users", "/identity/v3/projects", "/identity/v3/groups", "/identity/v3/roles",
                    "/identity/v3/domains", "/identity/v3/regions", "/identity/v3/services", "/identity/v3/endpoints",
                    "/identity/v3/auth/tokens", "/identity/v3/credentials", "/identity/v3/OS-TRUST/trusts", "/identity/v3/policies");
            List<String> bodies = List.of("", "{", "[]", "null", "1", "\"x\"", "{\"user\": []}", "{\"project\": null}",
                    "{\"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": {\"g\": 1}}}}}}}", "{\"name\": \"\\u0000\"}",
                    "{\"user\": {\"name\": \"" + "x".repeat(10_000) + "\"}}", "{\"project\": {\"name\": \"../../etc\", \"domain_id\": \"%00\"}}",
                    "[".repeat(5_000), "{\"role\": {\"name\": {\"$ne\": 1}}}", "\u00ff\u00fe");
            for (String path : paths) {
                for (String body : bodies) {
                    for (String method : List.of("POST", "PATCH", "PUT")) {
                        Http.Response response = admin.send(method, path, body, Map.of());
                        assertThat(response.status()).as(method + " " + path + " " + body.substring(0, Math.min(40, body.length())))
                                .isBetween(400, 499);
                    }
                }
            }
            for (String id : List.of("..", "%2e%2e", "%00", "a%2Fb", "%E2%80%AE", "x".repeat(2000), "%27%3B%20DROP%20TABLE%20users%3B%20--")) {
                for (String path : List.of("/identity/v3/users/", "/identity/v3/projects/", "/identity/v3/roles/", "/identity/v3/domains/")) {
                    Http.Response response = admin.get(path + id);
                    assertThat(response.status()).as(path + id).isIn(400, 404);
                }
            }
            // and the store is intact afterwards
            assertThat(admin.get("/identity/v3/users?name=admin").json().path("users").size()).isEqualTo(1);
        }
    }
}
