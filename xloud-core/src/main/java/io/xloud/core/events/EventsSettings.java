package io.xloud.core.events;

import io.xloud.core.config.XloudConfig;
import io.xloud.core.config.XloudConfig.Key;
import io.xloud.core.events.delivery.Backoff;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Settings of the event feed and webhook deliveries. */
public record EventsSettings(Duration pollInterval, Backoff backoff, Duration deliveryTimeout, int deliveryConcurrency, Duration retention)
{
    public static final String POLL_INTERVAL_MS = "events.poll_interval_ms";
    public static final String RETRY_INITIAL_MS = "events.retry.initial_ms";
    public static final String RETRY_MAX_MS = "events.retry.max_ms";
    public static final String RETRY_MAX_AGE_SECONDS = "events.retry.max_age_seconds";
    public static final String RETRY_MAX_ATTEMPTS = "events.retry.max_attempts";
    public static final String DELIVERY_TIMEOUT_MS = "events.delivery_timeout_ms";
    public static final String DELIVERY_CONCURRENCY = "events.delivery_concurrency";
    public static final String RETENTION_HOURS = "events.retention_hours";

    public EventsSettings
    {
        requireNonNull(pollInterval, "pollInterval is null");
        requireNonNull(backoff, "backoff is null");
        requireNonNull(deliveryTimeout, "deliveryTimeout is null");
        requireNonNull(retention, "retention is null");
        if (pollInterval.isNegative() || pollInterval.isZero() || deliveryTimeout.isNegative() || deliveryTimeout.isZero() || deliveryConcurrency < 1) {
            throw new IllegalArgumentException("events settings must be positive");
        }
    }

    public static List<Key> keys()
    {
        return List.of(
                new Key(POLL_INTERVAL_MS, "250", "how often a node looks for new events and due webhook deliveries"),
                new Key(RETRY_INITIAL_MS, "1000", "delay before the second delivery attempt; it doubles with each failure"),
                new Key(RETRY_MAX_MS, "300000", "longest delay between two delivery attempts"),
                new Key(RETRY_MAX_AGE_SECONDS, "86400", "a delivery still failing this long after its event is dead-lettered"),
                new Key(RETRY_MAX_ATTEMPTS, "0", "a delivery is dead-lettered after this many attempts; 0 means no limit but the age"),
                new Key(DELIVERY_TIMEOUT_MS, "10000", "connect and response timeout of one webhook POST"),
                new Key(DELIVERY_CONCURRENCY, "16", "webhook POSTs in flight per node"),
                new Key(RETENTION_HOURS, "168", "events and finished deliveries older than this are removed"));
    }

    public static EventsSettings from(XloudConfig config)
    {
        return new EventsSettings(
                Duration.ofMillis(config.getLong(POLL_INTERVAL_MS)),
                new Backoff(Duration.ofMillis(config.getLong(RETRY_INITIAL_MS)), Duration.ofMillis(config.getLong(RETRY_MAX_MS)),
                        Duration.ofSeconds(config.getLong(RETRY_MAX_AGE_SECONDS)), config.getInt(RETRY_MAX_ATTEMPTS)),
                Duration.ofMillis(config.getLong(DELIVERY_TIMEOUT_MS)),
                config.getInt(DELIVERY_CONCURRENCY),
                Duration.ofHours(config.getLong(RETENTION_HOURS)));
    }

    /** A lease outlives one attempt (connect plus response) with room to spare, so only a dead node's lease expires. */
    public Duration lease()
    {
        return deliveryTimeout.multipliedBy(2).plusSeconds(1);
    }
}
