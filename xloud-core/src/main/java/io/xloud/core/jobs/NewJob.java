package io.xloud.core.jobs;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A job to enqueue: its kind, a JSON payload, and how it runs. A {@code dedupKey} allows at most one live
 * (queued, running or retrying) job per key: enqueueing another returns the live job's id instead.
 * Higher {@code priority} runs first; {@code delay} holds the job back; {@code maxAttempts} bounds retries.
 */
public record NewJob(String kind, String payload, int priority, Duration delay, int maxAttempts, Optional<String> dedupKey)
{
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public NewJob
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(delay, "delay is null");
        requireNonNull(dedupKey, "dedupKey is null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay is negative");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static NewJob of(String kind, String payload)
    {
        return new NewJob(kind, payload, 0, Duration.ZERO, DEFAULT_MAX_ATTEMPTS, Optional.empty());
    }

    public NewJob withDedupKey(String key)
    {
        return new NewJob(kind, payload, priority, delay, maxAttempts, Optional.of(key));
    }

    public NewJob withDelay(Duration value)
    {
        return new NewJob(kind, payload, priority, value, maxAttempts, dedupKey);
    }

    public NewJob withMaxAttempts(int value)
    {
        return new NewJob(kind, payload, priority, delay, value, dedupKey);
    }

    public NewJob withPriority(int value)
    {
        return new NewJob(kind, payload, value, delay, maxAttempts, dedupKey);
    }
}
