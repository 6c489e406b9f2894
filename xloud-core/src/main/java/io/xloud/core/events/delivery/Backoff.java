package io.xloud.core.events.delivery;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * When a failed delivery is tried again: {@code initial}, doubling per attempt up to {@code max}; dead once the
 * event is older than {@code maxAge}, or after {@code maxAttempts} attempts when that is positive.
 */
public record Backoff(Duration initial, Duration max, Duration maxAge, int maxAttempts)
{
    public Backoff
    {
        requireNonNull(initial, "initial is null");
        requireNonNull(max, "max is null");
        requireNonNull(maxAge, "maxAge is null");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAge.isNegative() || maxAttempts < 0) {
            throw new IllegalArgumentException("invalid backoff: initial " + initial + ", max " + max + ", max age " + maxAge);
        }
    }

    /** The delay after the {@code attempts}-th failed attempt (1 for the first). */
    public Duration delayAfter(int attempts)
    {
        int doublings = Math.min(Math.max(attempts - 1, 0), 40);
        long millis = initial.toMillis();
        long capped = max.toMillis();
        for (int i = 0; i < doublings && millis < capped; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, capped));
    }

    /** Whether a delivery that failed its {@code attempts}-th attempt, for an event of age {@code age}, gives up. */
    public boolean isDead(int attempts, Duration age)
    {
        return (maxAttempts > 0 && attempts >= maxAttempts) || age.compareTo(maxAge) >= 0;
    }
}
