package io.xloud.core.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Per-caller token buckets: a sustained rate with a burst allowance. The bucket map is bounded
 * (least recently used callers are dropped) so that a flood of distinct callers cannot grow memory.
 */
public final class RateLimiter
{
    private static final int MAX_CALLERS = 100_000;

    private final long perSecond;
    private final long burst;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true)
    {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest)
        {
            return size() > MAX_CALLERS;
        }
    };

    public RateLimiter(long perSecond, long burst)
    {
        this.perSecond = perSecond;
        this.burst = Math.max(burst, perSecond);
    }

    public boolean enabled()
    {
        return perSecond > 0;
    }

    /** Takes one request from the caller's bucket; empty when allowed, else the seconds to wait. */
    public OptionalLong tryAcquire(String caller)
    {
        if (!enabled()) {
            return OptionalLong.empty();
        }
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(caller, ignored -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                    .build());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
