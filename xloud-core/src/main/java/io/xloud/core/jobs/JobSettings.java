package io.xloud.core.jobs;

import io.xloud.core.config.XloudConfig;
import io.xloud.core.config.XloudConfig.Key;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * How a node runs jobs: how many at once, how often it polls, how long a lease lasts without renewal
 * (a dead node's jobs wait this long), the retry backoff, how long close waits for running handlers,
 * and how long finished jobs stay in the log.
 */
public record JobSettings(
        int concurrency,
        Duration pollInterval,
        Duration leaseDuration,
        Duration backoffBase,
        Duration backoffMax,
        Duration shutdownGrace,
        Duration retention)
{
    public JobSettings
    {
        requireNonNull(pollInterval, "pollInterval is null");
        requireNonNull(leaseDuration, "leaseDuration is null");
        requireNonNull(backoffBase, "backoffBase is null");
        requireNonNull(backoffMax, "backoffMax is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
        requireNonNull(retention, "retention is null");
        if (concurrency < 1) {
            throw new IllegalArgumentException("jobs.concurrency must be at least 1");
        }
        if (pollInterval.toMillis() < 1 || leaseDuration.toMillis() < 3 * pollInterval.toMillis()) {
            throw new IllegalArgumentException("jobs.lease_seconds must be at least three poll intervals");
        }
    }

    public static JobSettings defaults()
    {
        return new JobSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(10),
                Duration.ofSeconds(10), Duration.ofDays(1));
    }

    public static List<Key> keys()
    {
        return List.of(
                new Key("jobs.concurrency", "4", "jobs one node runs at once"),
                new Key("jobs.poll_millis", "1000", "how often a node looks for due jobs and periodic passes"),
                new Key("jobs.lease_seconds", "30", "how long a claim lasts without renewal; a dead node's jobs wait this long"),
                new Key("jobs.backoff_seconds", "1", "delay before the first retry; doubles each attempt"),
                new Key("jobs.backoff_max_seconds", "600", "the longest delay between retries"),
                new Key("jobs.retention_seconds", "86400", "how long finished jobs stay in the job log"));
    }

    /** The settings from the configuration; close waits {@code shutdownGrace} for running handlers. */
    public static JobSettings from(XloudConfig config, Duration shutdownGrace)
    {
        return new JobSettings(
                config.getInt("jobs.concurrency"),
                Duration.ofMillis(config.getLong("jobs.poll_millis")),
                Duration.ofSeconds(config.getLong("jobs.lease_seconds")),
                Duration.ofSeconds(config.getLong("jobs.backoff_seconds")),
                Duration.ofSeconds(config.getLong("jobs.backoff_max_seconds")),
                shutdownGrace,
                Duration.ofSeconds(config.getLong("jobs.retention_seconds")));
    }

    public JobSettings withLease(Duration lease)
    {
        return new JobSettings(concurrency, pollInterval, lease, backoffBase, backoffMax, shutdownGrace, retention);
    }

    /** The delay before retry {@code attempt + 1}: base * 2^(attempt-1), at most the maximum. */
    public Duration backoff(int attempt)
    {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 30);
        long millis = backoffBase.toMillis() > Long.MAX_VALUE / factor ? Long.MAX_VALUE : backoffBase.toMillis() * factor;
        return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
    }
}
