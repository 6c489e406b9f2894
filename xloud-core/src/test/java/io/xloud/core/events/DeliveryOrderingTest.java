package io.xloud.core.events;

import io.xloud.core.db.Database;
import io.xloud.core.db.TestDatabases;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.delivery.Backoff;
import io.xloud.core.events.delivery.DeliveryWorker;
import io.xloud.core.events.delivery.WebhookSender;
import io.xloud.core.events.store.DeliveryStore;
import io.xloud.core.events.store.EventStore;
import io.xloud.core.events.store.SubscriptionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Feed order by commit, deliveries in order per resource, leases. H2, or PostgreSQL with -Dxloud.test.db. */
class DeliveryOrderingTest
{
    @TempDir
    Path directory;

    private Database database;
    private UnitOfWork work;
    private EventPublisher publisher;
    private EventStore events;
    private DeliveryStore deliveries;
    private EventService service;

    @BeforeEach
    void open()
    {
        database = TestDatabases.open(directory);
        database.migrate("core");
        work = new UnitOfWork(database.jdbi());
        publisher = new EventOutbox(work);
        events = new EventStore(work);
        deliveries = new DeliveryStore(work);
        service = new EventService(events, new SubscriptionStore(work), deliveries, Clock.systemUTC());
    }

    @AfterEach
    void close()
    {
        database.close();
    }

    private Event publish(String resource, String type)
    {
        Event event = Event.of(type, Optional.of("p1"), "thing", resource, Map.of("resource", resource));
        work.run(() -> publisher.publish(event));
        return event;
    }

    @Test
    void anEventCommittingLateIsFedAfterWhatWasAlreadySeen()
            throws Exception
    {
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Event late = Event.of("thing.create", Optional.of("p1"), "thing", "late", Map.of());
        Thread slow = Thread.ofVirtual().start(() -> work.run(() -> {
            publisher.publish(late);
            inserted.countDown();
            try {
                commit.await();
            }
            catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        inserted.await();
        Event early = publish("early", "thing.create");
        events.sequence(100, Instant.now());
        List<Event> firstPoll = service.feed(Optional.of("p1"), Optional.empty(), Optional.empty(), 100);
        assertThat(firstPoll).extracting(Event::id).containsExactly(early.id());

        commit.countDown();
        slow.join();
        events.sequence(100, Instant.now());
        List<Event> secondPoll = service.feed(Optional.of("p1"), Optional.of(early.id()), Optional.empty(), 100);
        assertThat(secondPoll).extracting(Event::id).containsExactly(late.id());
    }

    @Test
    void deliveriesOfOneResourceWaitForTheEarlierOneWhileOthersGoOn()
            throws Exception
    {
        service.create("p1", false, "http://127.0.0.1:9/hook", List.of("*"), "secret", true);
        List<String> sent = new ArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Event a1 = publish("a", "thing.create");
        Event a2 = publish("a", "thing.update");
        Event a3 = publish("a", "thing.delete");
        Event b1 = publish("b", "thing.create");
        WebhookSender sender = (url, headers, body) -> {
            String id = headers.get(DeliveryWorker.EVENT_ID_HEADER);
            synchronized (sent) {
                sent.add(id);
            }
            return id.equals(a1.id()) && failuresLeft.getAndDecrement() > 0 ? 503 : 200;
        };
        EventsSettings settings = new EventsSettings(Duration.ofMillis(20), new Backoff(Duration.ofMillis(30), Duration.ofMillis(60), Duration.ofHours(1), 0),
                Duration.ofSeconds(1), 4, Duration.ofDays(1));
        try (DeliveryWorker worker = new DeliveryWorker(events, deliveries, sender, settings, Clock.systemUTC())) {
            worker.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && sentCount(sent) < 6) {
                Thread.sleep(10);
            }
        }
        List<String> order;
        synchronized (sent) {
            order = List.copyOf(sent);
        }
        assertThat(order.stream().filter(id -> !id.equals(b1.id())).toList()).containsExactly(a1.id(), a1.id(), a1.id(), a2.id(), a3.id());
        assertThat(order.indexOf(b1.id())).isLessThan(order.lastIndexOf(a1.id()));
    }

    private static int sentCount(List<String> sent)
    {
        synchronized (sent) {
            return sent.size();
        }
    }

    @Test
    void aLeaseKeepsOthersOffUntilItExpiresAndAStaleHolderChangesNothing()
    {
        service.create("p1", false, "http://127.0.0.1:9/hook", List.of("thing.*"), "secret", true);
        publish("a", "thing.create");
        Instant now = Instant.now();
        events.sequence(100, now);
        List<DeliveryStore.Claimed> first = deliveries.claim("node-a", now, now.plusSeconds(30), 10);
        assertThat(first).hasSize(1);
        assertThat(deliveries.claim("node-b", now.plusSeconds(1), now.plusSeconds(31), 10)).isEmpty();

        List<DeliveryStore.Claimed> taken = deliveries.claim("node-b", now.plusSeconds(31), now.plusSeconds(61), 10);
        assertThat(taken).hasSize(1);
        assertThat(taken.getFirst().attempt()).isEqualTo(2);
        assertThat(deliveries.finish(first.getFirst(), Delivery.State.DELIVERED, now, java.util.OptionalInt.of(200), Optional.empty(), now)).isFalse();
        assertThat(deliveries.finish(taken.getFirst(), Delivery.State.DELIVERED, now, java.util.OptionalInt.of(200), Optional.empty(), now)).isTrue();
        assertThat(deliveries.claim("node-c", now.plusSeconds(120), now.plusSeconds(150), 10)).isEmpty();
    }

    @Test
    void aDeadDeliveryLetsTheNextOneOfItsResourceGo()
            throws Exception
    {
        Subscription subscription = service.create("p1", false, "http://127.0.0.1:9/hook", List.of("*"), "secret", true);
        Event first = publish("a", "thing.create");
        Event second = publish("a", "thing.update");
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        WebhookSender sender = (url, headers, body) -> {
            String id = headers.get(DeliveryWorker.EVENT_ID_HEADER);
            synchronized (sent) {
                sent.add(id);
            }
            return id.equals(first.id()) ? 500 : 204;
        };
        EventsSettings settings = new EventsSettings(Duration.ofMillis(20), new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofHours(1), 3),
                Duration.ofSeconds(1), 4, Duration.ofDays(1));
        try (DeliveryWorker worker = new DeliveryWorker(events, deliveries, sender, settings, Clock.systemUTC())) {
            worker.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && !List.copyOf(sent).contains(second.id())) {
                Thread.sleep(10);
            }
        }
        assertThat(List.copyOf(sent)).containsExactly(first.id(), first.id(), first.id(), second.id());
        List<Delivery> log = service.deliveries(subscription.id(), Optional.of("p1"), Optional.empty(), 10);
        assertThat(log).extracting(Delivery::state).containsExactly(Delivery.State.DEAD, Delivery.State.DELIVERED);
        assertThat(log.getFirst().attempts()).isEqualTo(3);
        assertThat(log.getFirst().lastStatus()).hasValue(500);
    }

    @Test
    void concurrentClaimsNeverHandOneDeliveryToTwoWorkers()
            throws Exception
    {
        service.create("p1", false, "http://127.0.0.1:9/hook", List.of("*"), "secret", true);
        for (int i = 0; i < 40; i++) {
            publish("r" + i, "thing.create");
        }
        Instant now = Instant.now();
        events.sequence(100, now);
        List<Long> claimed = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "node-" + w;
            workers.add(Thread.ofVirtual().start(() -> {
                for (int round = 0; round < 10; round++) {
                    deliveries.claim(owner, now, now.plusSeconds(30), 5).forEach(delivery -> claimed.add(delivery.deliveryId()));
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(claimed).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void aDisabledOrForeignSubscriptionGetsNothing()
    {
        service.create("p2", false, "http://127.0.0.1:9/hook", List.of("*"), "secret", true);
        service.create("p1", false, "http://127.0.0.1:9/hook", List.of("*"), "secret", false);
        publish("a", "thing.create");
        Instant now = Instant.now();
        events.sequence(100, now);
        assertThat(deliveries.claim("node-a", now, now.plusSeconds(30), 10)).isEmpty();
    }
}
