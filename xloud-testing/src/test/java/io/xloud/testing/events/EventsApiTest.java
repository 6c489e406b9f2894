package io.xloud.testing.events;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The events API: the feed with markers, subscriptions scoped to their project, and bad input answered with 4xx. */
class EventsApiTest
{
    private static TestServer server;
    private static Http admin;
    private static Http member;
    private static String memberProject;

    @BeforeAll
    static void start()
    {
        server = TestServer.start(WebhookReceiver.fastSettings());
        admin = server.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        memberProject = admin.post("/identity/v3/projects", "{\"project\":{\"name\":\"p-" + suffix + "\",\"domain_id\":\"default\"}}")
                .json().path("project").path("id").asText();
        String userId = admin.post("/identity/v3/users", "{\"user\":{\"name\":\"u-" + suffix + "\",\"password\":\"pw-" + suffix + "\",\"domain_id\":\"default\"}}")
                .json().path("user").path("id").asText();
        String roleId = admin.get("/identity/v3/roles?name=member").json().path("roles").get(0).path("id").asText();
        assertThat(admin.put("/identity/v3/projects/" + memberProject + "/users/" + userId + "/roles/" + roleId, null).status()).isEqualTo(204);
        member = server.http();
        member.login("u-" + suffix, "pw-" + suffix, "p-" + suffix);
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String body(String url, List<String> types, String secret)
    {
        Map<String, Object> subscription = new java.util.LinkedHashMap<>();
        subscription.put("url", url);
        subscription.put("event_types", types);
        if (secret != null) {
            subscription.put("secret", secret);
        }
        return Json.string(Map.of("subscription", subscription));
    }

    @Test
    void theSecretIsNeverReturned()
    {
        Http.Response created = member.post("/events/v1/subscriptions", body("https://example.com/hook", List.of("identity.project.*"), "top-secret-value"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("subscription").path("id").asText();
        assertThat(created.body()).doesNotContain("top-secret-value");
        assertThat(member.get("/events/v1/subscriptions/" + id).body()).doesNotContain("top-secret-value");
        assertThat(member.get("/events/v1/subscriptions").body()).doesNotContain("top-secret-value");
        Http.Response patched = member.patch("/events/v1/subscriptions/" + id, "{\"subscription\":{\"secret\":\"another-secret\",\"enabled\":false}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body()).doesNotContain("another-secret");
        assertThat(patched.json().path("subscription").path("enabled").asBoolean()).isFalse();
        assertThat(member.delete("/events/v1/subscriptions/" + id).status()).isEqualTo(204);
        assertThat(member.get("/events/v1/subscriptions/" + id).status()).isEqualTo(404);
    }

    @Test
    void urlsOtherThanHttpOrHttpsAreRefused()
    {
        for (String url : List.of("ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://h/", "http://", "not a url",
                "http://user:pw@example.com/", "", "http://example.com/" + "a".repeat(3000))) {
            assertThat(member.post("/events/v1/subscriptions", body(url, List.of("*"), "s")).status()).as(url).isEqualTo(400);
        }
    }

    @Test
    void hugeOrMalformedPatternsAreRefused()
    {
        assertThat(member.post("/events/v1/subscriptions", body("https://example.com", List.of("a".repeat(10_000)), "s")).status()).isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", body("https://example.com", Collections.nCopies(1000, "*"), "s")).status()).isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", body("https://example.com", List.of(), "s")).status()).isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", body("https://example.com", List.of("identity.(.*)+$"), "s")).status()).isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", "{\"subscription\":{\"url\":\"https://e.com\",\"event_types\":\"*\",\"secret\":\"s\"}}").status())
                .isEqualTo(400);
        assertThat(member.get("/events/v1/events?type=" + "%25".repeat(300)).status()).isEqualTo(400);
    }

    @Test
    void aMissingSecretOrMalformedBodyIsRefused()
    {
        assertThat(member.post("/events/v1/subscriptions", body("https://example.com", List.of("*"), null)).status()).isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", body("https://example.com", List.of("*"), "")).status()).isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", "{\"subscription\":{\"url\":\"https://e.com\",\"event_types\":[\"*\"],\"secret\":7}}").status())
                .isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", "{\"subscription\":[]}").status()).isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", "{not json").status()).isEqualTo(400);
        assertThat(member.post("/events/v1/subscriptions", "{\"subscription\":{\"url\":\"https://e.com\",\"event_types\":[\"*\"],\"secret\":\"s\",\"x\":1}}")
                .status()).isEqualTo(400);
    }

    @Test
    void anotherProjectsSubscriptionIsNotFound()
    {
        String id = admin.post("/events/v1/subscriptions", body("https://example.com/admin", List.of("*"), "admin-secret"))
                .json().path("subscription").path("id").asText();
        assertThat(member.get("/events/v1/subscriptions/" + id).status()).isEqualTo(404);
        assertThat(member.patch("/events/v1/subscriptions/" + id, "{\"subscription\":{\"enabled\":false}}").status()).isEqualTo(404);
        assertThat(member.delete("/events/v1/subscriptions/" + id).status()).isEqualTo(404);
        assertThat(member.get("/events/v1/subscriptions/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(member.get("/events/v1/subscriptions/not-a-uuid").status()).isEqualTo(404);
        assertThat(member.get("/events/v1/subscriptions").json().path("subscriptions").findValuesAsText("id")).doesNotContain(id);
        assertThat(admin.get("/events/v1/subscriptions/" + id).status()).isEqualTo(200);
    }

    @Test
    void onlyAnAdminReachesAllProjects()
    {
        assertThat(member.get("/events/v1/events?all_projects=true").status()).isEqualTo(403);
        assertThat(member.post("/events/v1/subscriptions", "{\"subscription\":{\"url\":\"https://e.com\",\"event_types\":[\"*\"],\"secret\":\"s\","
                + "\"all_projects\":true}}").status()).isEqualTo(403);
        assertThat(admin.get("/events/v1/events?all_projects=true").status()).isEqualTo(200);
        assertThat(server.http().get("/events/v1/events").status()).isEqualTo(401);
    }

    @Test
    void malformedOrForeignMarkersAndLimitsAreBadRequests()
    {
        assertThat(member.get("/events/v1/events?marker=not-an-id").status()).isEqualTo(400);
        assertThat(member.get("/events/v1/events?marker=" + UUID.randomUUID()).status()).isEqualTo(400);
        assertThat(member.get("/events/v1/events?marker=" + "x".repeat(5000)).status()).isEqualTo(400);
        assertThat(member.get("/events/v1/events?limit=-1").status()).isEqualTo(400);
        assertThat(member.get("/events/v1/events?limit=abc").status()).isEqualTo(400);
        // an event of another project cannot serve as a marker
        String adminEvent = admin.get("/events/v1/events?limit=1").json().path("events").get(0).path("id").asText();
        assertThat(member.get("/events/v1/events?marker=" + adminEvent).status()).isEqualTo(400);
    }

    @Test
    void theFeedPagesOldestFirstAfterTheMarkerAndShowsOnlyTheCallersProject()
            throws Exception
    {
        String base = "/object-store/v1/AUTH_" + memberProject;
        List<String> containers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            containers.add("feed-" + i);
            assertThat(member.put(base + "/feed-" + i, null).status()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        String next = "/events/v1/events?type=objectstore.container.*&limit=2";
        while (seen.size() < 5 && System.currentTimeMillis() < deadline) {
            Http.Response page = member.get(next);
            assertThat(page.status()).isEqualTo(200);
            page.json().path("events").forEach(event -> {
                assertThat(event.path("project_id").asText()).isEqualTo(memberProject);
                seen.add(event.path("payload").path("container").asText());
            });
            String link = page.json().path("links").path("next").asText(null);
            if (link != null && !link.equals("null")) {
                next = link.substring(server.baseUrl().length());
            }
            else if (!seen.isEmpty()) {
                next = "/events/v1/events?type=objectstore.container.*&limit=2&marker=" + page.json().path("events").path(page.json().path("events").size() - 1)
                        .path("id").asText(lastMarker(member));
            }
            Thread.sleep(20);
        }
        assertThat(seen).containsExactlyElementsOf(containers);
    }

    private static String lastMarker(Http http)
    {
        var events = http.get("/events/v1/events?type=objectstore.container.*&limit=1000").json().path("events");
        return events.get(events.size() - 1).path("id").asText();
    }
}
