package io.xloud.core.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Per-caller token buckets: a sustained rate with a burst allowance. The bucket map is bounded so that a
 * flood of distinct callers cannot grow memory; a bucket idle long enough to have refilled is dropped, since
 * a new one starts full and so behaves the same.
 */
public final class RateLimiter
{
    private static final int MAX_CALLERS = 100_000;

    private final long perSecond;
    private final long burst;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(long perSecond, long burst)
    {
        this.perSecond = perSecond;
        this.burst = Math.max(burst, perSecond);
        long refillSeconds = perSecond > 0 ? (this.burst + perSecond - 1) / perSecond : 0;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_CALLERS)
                .expireAfterAccess(Duration.ofSeconds(refillSeconds + 1))
                // maintenance on the calling thread: no pool threads for a map this simple
                .executor(Runnable::run)
                .build();
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
        Bucket bucket = buckets.get(caller, ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** How many callers hold a bucket now; for tests of the bound. */
    long trackedCallers()
    {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
