package io.xloud.core.jobs;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Work that fires once per {@code period} across all nodes. A node that declares it (at its start) brings the
 * next pass forward to at most {@code firstDelay} from then, so a zero delay means a pass soon after any node
 * starts (e.g. a sweep after a crash). A pass still live when the next is due is not doubled.
 */
public record PeriodicJob(String kind, Duration period, Duration firstDelay)
{
    public PeriodicJob
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(period, "period is null");
        requireNonNull(firstDelay, "firstDelay is null");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("firstDelay is negative");
        }
    }

    public static PeriodicJob every(String kind, Duration period)
    {
        return new PeriodicJob(kind, period, period);
    }
}
