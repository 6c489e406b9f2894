package io.xloud.testing.events;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.events.WebhookReceiver.Received;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks end to end: signed events of Identity and Object Storage, a receiver that is down, a server closed mid-delivery. */
class WebhookDeliveryTest
{
    private static final String SECRET = "s3cr3t-for-the-hook";

    @Test
    void signedEventsOfProjectsUsersContainersAndObjectsArriveWithinOneSecond()
            throws Exception
    {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET); TestServer server = TestServer.start(WebhookReceiver.fastSettings())) {
            Admin admin = Admin.login(server);
            subscribe(admin.http(), receiver.url(), true);

            String projectId = created(admin.http().post("/identity/v3/projects", "{\"project\":{\"name\":\"p-" + suffix() + "\",\"domain_id\":\"default\"}}"),
                    "project");
            String userId = created(admin.http().post("/identity/v3/users", "{\"user\":{\"name\":\"u-" + suffix() + "\",\"domain_id\":\"default\"}}"), "user");
            assertThat(admin.http().patch("/identity/v3/projects/" + projectId, "{\"project\":{\"description\":\"d\"}}").status()).isEqualTo(200);
            assertThat(admin.http().patch("/identity/v3/users/" + userId, "{\"user\":{\"enabled\":false}}").status()).isEqualTo(200);
            assertThat(admin.http().delete("/identity/v3/users/" + userId).status()).isEqualTo(204);
            String container = "c-" + suffix();
            assertThat(admin.http().put(admin.account() + "/" + container, null).status()).isEqualTo(201);
            assertThat(admin.http().send("PUT", admin.account() + "/" + container + "/hello.txt", "hello", Map.of()).status()).isEqualTo(201);
            long changed = System.nanoTime();

            Set<String> expected = Set.of("identity.project.created", "identity.project.updated", "identity.user.created", "identity.user.updated",
                    "identity.user.deleted", "objectstore.container.create", "objectstore.object.create");
            assertThat(receiver.await(Duration.ofSeconds(1), received -> types(received).containsAll(expected))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(1));

            List<Received> received = receiver.received();
            assertThat(received).allSatisfy(event -> {
                assertThat(event.signatureValid()).isTrue();
                assertThat(event.eventId()).isEqualTo(event.body().path("id").asText());
                assertThat(event.type()).isEqualTo(event.body().path("type").asText());
                assertThat(event.timestamp()).isNotBlank();
            });
            assertThat(received).anySatisfy(event -> {
                assertThat(event.type()).isEqualTo("identity.project.created");
                assertThat(event.body().path("project_id").asText()).isEqualTo(projectId);
                assertThat(event.body().path("payload").path("resource_info").asText()).isEqualTo(projectId);
            });
            assertThat(received).anySatisfy(event -> {
                assertThat(event.type()).isEqualTo("identity.user.created");
                assertThat(event.body().path("resource_id").asText()).isEqualTo(userId);
            });
            assertThat(received).anySatisfy(event -> {
                assertThat(event.type()).isEqualTo("objectstore.object.create");
                assertThat(event.body().path("project_id").asText()).isEqualTo(admin.projectId());
                assertThat(event.body().path("payload").path("object").asText()).isEqualTo("hello.txt");
                assertThat(event.body().path("payload").path("bytes").asLong()).isEqualTo(5);
            });
        }
    }

    @Test
    void everyEventArrivesInOrderPerResourceAfterTheReceiverWasDown()
            throws Exception
    {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET); TestServer server = TestServer.start(WebhookReceiver.fastSettings())) {
            Admin admin = Admin.login(server);
            subscribe(admin.http(), receiver.url(), false);
            receiver.answer(503);

            List<String> containers = List.of("a-" + suffix(), "b-" + suffix());
            for (String container : containers) {
                assertThat(admin.http().put(admin.account() + "/" + container, null).status()).isEqualTo(201);
            }
            for (int round = 0; round < 5; round++) {
                for (String container : containers) {
                    assertThat(admin.http().send("PUT", admin.account() + "/" + container + "/o", "v" + round, Map.of()).status()).isEqualTo(201);
                }
            }
            for (String container : containers) {
                assertThat(admin.http().delete(admin.account() + "/" + container + "/o").status()).isEqualTo(204);
            }
            // several failed attempts each, with the fast backoff of the test settings
            Thread.sleep(700);
            assertThat(receiver.received()).isEmpty();
            receiver.answer(200);

            int expected = containers.size() * (1 + 5 + 1);
            // every event, and each object's delete (the last of its resource): other events may arrive besides
            List<String> objects = containers.stream().map(container -> admin.projectId() + "/" + container + "/o").toList();
            assertThat(receiver.await(Duration.ofSeconds(20), received -> distinctIds(received).size() >= expected
                    && objects.stream().allMatch(object -> received.stream()
                            .anyMatch(event -> event.resourceId().equals(object) && event.type().equals("objectstore.object.delete"))))).isTrue();
            List<Received> received = receiver.received();
            for (String container : containers) {
                String resource = admin.projectId() + "/" + container + "/o";
                List<String> etagsInOrder = firstArrivals(received).stream()
                        .filter(event -> event.resourceId().equals(resource))
                        .map(event -> event.type() + ":" + event.body().path("payload").path("etag").asText(""))
                        .toList();
                assertThat(etagsInOrder).hasSize(6);
                assertThat(etagsInOrder.getLast()).isEqualTo("objectstore.object.delete:");
                for (int round = 0; round < 5; round++) {
                    assertThat(etagsInOrder.get(round)).isEqualTo("objectstore.object.create:" + md5("v" + round));
                }
            }
            assertThat(received).allSatisfy(event -> assertThat(event.signatureValid()).isTrue());
        }
    }

    @Test
    void eventsWaitForAReceiverWhosePortWasClosed()
            throws Exception
    {
        int port = WebhookReceiver.closedPort();
        try (TestServer server = TestServer.start(WebhookReceiver.fastSettings())) {
            Admin admin = Admin.login(server);
            String subscription = subscribe(admin.http(), "http://127.0.0.1:" + port + "/hook", false);
            String container = "closed-" + suffix();
            assertThat(admin.http().put(admin.account() + "/" + container, null).status()).isEqualTo(201);
            assertThat(admin.http().send("PUT", admin.account() + "/" + container + "/x", "x", Map.of()).status()).isEqualTo(201);
            assertThat(admin.http().delete(admin.account() + "/" + container + "/x").status()).isEqualTo(204);
            Thread.sleep(600);
            var log = admin.http().get("/events/v1/subscriptions/" + subscription + "/deliveries").json().path("deliveries");
            assertThat(log).isNotEmpty();
            assertThat(log.get(0).path("state").asText()).isEqualTo("pending");
            assertThat(log.get(0).path("attempts").asInt()).isGreaterThan(1);
            assertThat(log.get(0).path("last_error").asText()).isNotBlank();

            try (WebhookReceiver receiver = new WebhookReceiver(SECRET, port)) {
                // until the last change arrives: the project may have other events (a network of its own) that come first
                assertThat(receiver.await(Duration.ofSeconds(10), received -> received.stream()
                        .anyMatch(event -> event.type().equals("objectstore.object.delete")))).isTrue();
                assertThat(firstArrivals(receiver.received())).extracting(Received::type)
                        .containsSubsequence("objectstore.object.create", "objectstore.object.delete");
                long deadline = System.currentTimeMillis() + 5000;
                while (System.currentTimeMillis() < deadline && !admin.http().get("/events/v1/subscriptions/" + subscription + "/deliveries").json()
                        .path("deliveries").findValuesAsText("state").stream().allMatch("delivered"::equals)) {
                    Thread.sleep(20);
                }
                assertThat(admin.http().get("/events/v1/subscriptions/" + subscription + "/deliveries").json().path("deliveries")
                        .findValuesAsText("state")).containsOnly("delivered");
            }
        }
    }

    @Test
    void aServerClosedMidDeliveryRedeliversAfterRestart()
            throws Exception
    {
        Path dataDir = Files.createTempDirectory("xloud-events-");
        Optional<String> database = TestServer.freshDatabaseUrl();
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            String container = "crash-" + suffix();
            String eventId;
            receiver.holdRequests();
            try (TestServer server = TestServer.start(dataDir, database, WebhookReceiver.fastSettings(), false)) {
                Admin admin = Admin.login(server);
                subscribe(admin.http(), receiver.url(), false);
                assertThat(admin.http().put(admin.account() + "/" + container, null).status()).isEqualTo(201);
                // the delivery is in flight, held by the receiver, when the server goes away
                Thread.sleep(300);
                eventId = admin.http().get("/events/v1/events?type=objectstore.*").json().path("events").get(0).path("id").asText();
            }
            receiver.release();
            Thread.sleep(100);
            int arrivedBeforeRestart = receiver.received().size();

            try (TestServer server = TestServer.start(dataDir, database, WebhookReceiver.fastSettings(), true)) {
                // the dead node's lease (twice the 1 s timeout, plus 1 s) runs out, then the restarted node delivers
                assertThat(receiver.await(Duration.ofSeconds(10), received -> received.size() > arrivedBeforeRestart
                        && received.getLast().eventId().equals(eventId))).isTrue();
                assertThat(receiver.received().getLast().type()).isEqualTo("objectstore.container.create");
                assertThat(receiver.received().getLast().signatureValid()).isTrue();
            }
        }
    }

    record Admin(Http http, String projectId)
    {
        static Admin login(TestServer server)
        {
            Http http = server.http();
            Http.Response response = http.login("admin", TestServer.ADMIN_PASSWORD, "admin");
            return new Admin(http, response.json().path("token").path("project").path("id").asText());
        }

        String account()
        {
            return "/object-store/v1/AUTH_" + projectId;
        }
    }

    static String subscribe(Http http, String url, boolean allProjects)
    {
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("url", url);
        subscription.put("event_types", List.of("*"));
        subscription.put("secret", SECRET);
        subscription.put("all_projects", allProjects);
        Http.Response response = http.post("/events/v1/subscriptions", Json.string(Map.of("subscription", subscription)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("subscription").path("id").asText();
    }

    private static String created(Http.Response response, String kind)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path(kind).path("id").asText();
    }

    private static Set<String> types(List<Received> received)
    {
        return received.stream().map(Received::type).collect(Collectors.toSet());
    }

    private static Set<String> distinctIds(List<Received> received)
    {
        return received.stream().map(Received::eventId).collect(Collectors.toSet());
    }

    /** At least once: a redelivered event counts where it first arrived. */
    private static List<Received> firstArrivals(List<Received> received)
    {
        Map<String, Received> first = new LinkedHashMap<>();
        received.forEach(event -> first.putIfAbsent(event.eventId(), event));
        return List.copyOf(first.values());
    }

    private static String md5(String text)
            throws Exception
    {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String suffix()
    {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> settings(Map<String, String> extra)
    {
        Map<String, String> settings = new HashMap<>(WebhookReceiver.fastSettings());
        settings.putAll(extra);
        return settings;
    }
}
