package io.xloud.testing.events;

import io.xloud.testing.TestServer;
import io.xloud.testing.events.WebhookDeliveryTest.Admin;
import io.xloud.testing.events.WebhookReceiver.Received;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes on one PostgreSQL share the deliveries: each event arrives, in order per resource, whichever node wrote it. */
class TwoNodeDeliveryTest
{
    @Test
    void eventsWrittenOnEitherNodeArriveOnceEachInOrder()
            throws Exception
    {
        Assumptions.assumeTrue(TestServer.onPostgres(), "needs -Dxloud.test.db=jdbc:postgresql://...");
        Path data = Files.createTempDirectory("xloud-events-two-");
        Optional<String> database = TestServer.freshDatabaseUrl();
        try (WebhookReceiver receiver = new WebhookReceiver("two-node-secret");
                TestServer first = TestServer.start(data, database, WebhookReceiver.fastSettings(), false);
                TestServer second = TestServer.start(data, database, WebhookReceiver.fastSettings(), true)) {
            Admin one = Admin.login(first);
            Admin two = Admin.login(second);
            String subscriptionUrl = receiver.url();
            assertThat(one.http().post("/events/v1/subscriptions", "{\"subscription\":{\"url\":\"" + subscriptionUrl
                    + "\",\"event_types\":[\"objectstore.object.*\"],\"secret\":\"two-node-secret\"}}").status()).isEqualTo(201);
            assertThat(one.http().put(one.account() + "/shared", null).status()).isEqualTo(201);
            for (int i = 0; i < 10; i++) {
                Admin node = i % 2 == 0 ? one : two;
                assertThat(node.http().send("PUT", node.account() + "/shared/o", "v" + i, Map.of()).status()).isEqualTo(201);
            }
            assertThat(receiver.await(Duration.ofSeconds(20), received -> new HashSet<>(received.stream().map(Received::eventId).toList()).size() >= 10))
                    .isTrue();
            List<Received> received = receiver.received();
            Set<String> seen = new HashSet<>();
            List<String> etags = received.stream().filter(event -> seen.add(event.eventId()))
                    .map(event -> event.body().path("payload").path("etag").asText()).toList();
            assertThat(etags).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(etags.get(i)).isEqualTo(java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("MD5").digest(("v" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            }
            // leases keep the two workers from sending one delivery twice while both are alive
            assertThat(received).hasSize(10);
        }
    }
}
