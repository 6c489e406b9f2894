package io.xloud.core.events.delivery;

import io.xloud.core.events.Delivery;
import io.xloud.core.events.EventView;
import io.xloud.core.events.EventsSettings;
import io.xloud.core.events.store.DeliveryStore;
import io.xloud.core.events.store.DeliveryStore.Claimed;
import io.xloud.core.events.store.EventStore;
import io.xloud.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * One per node: numbers and fans out committed events ({@link EventStore#sequence}), claims due deliveries with a
 * lease, POSTs them, and records the outcome. Woken at once by a local commit that carried events, and by a
 * finished delivery (so the next one of the same resource follows without waiting); otherwise it polls.
 */
public final class DeliveryWorker
        implements AutoCloseable
{
    public static final String EVENT_ID_HEADER = "X-Xloud-Event-Id";
    public static final String EVENT_TYPE_HEADER = "X-Xloud-Event-Type";
    public static final String SIGNATURE_HEADER = "X-Xloud-Signature";
    public static final String TIMESTAMP_HEADER = "X-Xloud-Timestamp";
    public static final String ATTEMPT_HEADER = "X-Xloud-Delivery-Attempt";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int SEQUENCE_BATCH = 500;
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final Duration GATHER = Duration.ofMillis(10);

    private final EventStore events;
    private final DeliveryStore deliveries;
    private final WebhookSender sender;
    private final EventsSettings settings;
    private final Clock clock;
    private final String owner = "node-" + UUID.randomUUID();
    private final Semaphore inFlight;
    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Runnable listener = this::wake;
    private final java.util.Set<Thread> posting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread loop;
    private Instant nextPurge = Instant.EPOCH;

    public DeliveryWorker(EventStore events, DeliveryStore deliveries, WebhookSender sender, EventsSettings settings, Clock clock)
    {
        this.events = requireNonNull(events, "events is null");
        this.deliveries = requireNonNull(deliveries, "deliveries is null");
        this.sender = requireNonNull(sender, "sender is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.inFlight = new Semaphore(settings.deliveryConcurrency());
    }

    public synchronized void start()
    {
        if (running) {
            return;
        }
        running = true;
        io.xloud.core.events.EventOutbox.onCommit(listener);
        loop = Thread.ofVirtual().name("xloud-events").start(this::run);
    }

    public void wake()
    {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run()
    {
        while (running) {
            try {
                pass();
            }
            catch (RuntimeException e) {
                LOG.warn("event delivery pass failed: {}", e.toString());
            }
            try {
                if (wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    // woken by a commit: let the commits right behind it land too, so that one pass (one numbering
                    // transaction, one synced commit) takes a burst of writes instead of one pass per write
                    Thread.sleep(GATHER.toMillis());
                }
                wake.drainPermits();
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: sequence what committed, then start what is due. Package-visible for tests that step by hand. */
    public void pass()
    {
        Instant now = clock.instant();
        while (events.sequence(SEQUENCE_BATCH, now) == SEQUENCE_BATCH) {
            now = clock.instant();
        }
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plus(PURGE_INTERVAL);
            events.purge(now.minus(settings.retention()));
        }
        int free = inFlight.availablePermits();
        if (free == 0) {
            return;
        }
        List<Claimed> claimed = deliveries.claim(owner, now, now.plus(settings.lease()), free);
        for (Claimed delivery : claimed) {
            inFlight.acquireUninterruptibly();
            senders.submit(() -> {
                try {
                    deliver(delivery);
                }
                finally {
                    inFlight.release();
                    wake();
                }
            });
        }
    }

    /** Sends one claimed delivery and records the outcome; an interrupt (shutdown) leaves the lease to expire. */
    void deliver(Claimed claimed)
    {
        if (!running) {
            return;
        }
        byte[] body = Json.bytes(EventView.of(claimed.event()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EVENT_ID_HEADER, claimed.event().id());
        headers.put(EVENT_TYPE_HEADER, claimed.event().type());
        headers.put(TIMESTAMP_HEADER, Long.toString(clock.instant().getEpochSecond()));
        headers.put(ATTEMPT_HEADER, Integer.toString(claimed.attempt()));
        headers.put(SIGNATURE_HEADER, WebhookSignature.sign(claimed.subscription().secret(), body));
        OptionalInt status = OptionalInt.empty();
        Optional<String> error = Optional.empty();
        posting.add(Thread.currentThread());
        try {
            status = OptionalInt.of(sender.post(URI.create(claimed.subscription().url()), headers, body));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        catch (IOException | RuntimeException e) {
            error = Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        finally {
            posting.remove(Thread.currentThread());
        }
        if (!running || Thread.interrupted()) {
            // closing: what was not recorded is delivered again once the lease expires
            return;
        }
        Instant now = clock.instant();
        if (status.isPresent() && status.getAsInt() >= 200 && status.getAsInt() < 300) {
            deliveries.finish(claimed, Delivery.State.DELIVERED, now, status, Optional.empty(), now);
            return;
        }
        if (status.isPresent()) {
            error = Optional.of("HTTP " + status.getAsInt());
        }
        Duration age = Duration.between(claimed.event().time(), now);
        if (settings.backoff().isDead(claimed.attempt(), age)) {
            LOG.info("delivery of event {} to subscription {} is dead after {} attempts: {}", claimed.event().id(), claimed.subscription().id(),
                    claimed.attempt(), error.orElse(""));
            deliveries.finish(claimed, Delivery.State.DEAD, now, status, error, now);
            return;
        }
        deliveries.finish(claimed, Delivery.State.PENDING, now.plus(settings.backoff().delayAfter(claimed.attempt())), status, error, now);
    }

    @Override
    public void close()
    {
        running = false;
        io.xloud.core.events.EventOutbox.removeListener(listener);
        // only POSTs in flight are interrupted: a thread interrupted inside the database driver may break its connection
        posting.forEach(Thread::interrupt);
        wake();
        if (loop != null) {
            try {
                loop.join(10_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.shutdown();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
