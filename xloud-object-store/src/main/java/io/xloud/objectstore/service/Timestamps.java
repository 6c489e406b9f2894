package io.xloud.objectstore.service;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/** Write timestamps in epoch microseconds, strictly increasing within a process even when the clock is not. */
public final class Timestamps
{
    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public Timestamps(Clock clock)
    {
        this.clock = requireNonNull(clock, "clock is null");
    }

    public long next()
    {
        java.time.Instant instant = clock.instant();
        long now = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        return last.updateAndGet(previous -> Math.max(previous + 1, now));
    }

    public long nowSeconds()
    {
        return clock.millis() / 1000;
    }

    public Clock clock()
    {
        return clock;
    }
}
