package io.xloud.core.limits;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest
{
    @Test
    void burstThenRetryAfter()
    {
        RateLimiter limiter = new RateLimiter(1, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("alice")).isEmpty();
        }
        assertThat(limiter.tryAcquire("alice").orElseThrow()).isBetween(1L, 2L);
        assertThat(limiter.tryAcquire("bob")).isEmpty();
    }

    @Test
    void zeroDisables()
    {
        RateLimiter limiter = new RateLimiter(0, 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire("alice")).isEmpty();
        }
    }

    @Test
    void floodOfDistinctCallersStaysBounded()
    {
        RateLimiter limiter = new RateLimiter(10, 10);
        for (int i = 0; i < 150_000; i++) {
            limiter.tryAcquire("caller-" + i);
        }
        assertThat(limiter.trackedCallers()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void concurrentRequestsOfOneCallerShareOneBucket()
            throws InterruptedException
    {
        RateLimiter limiter = new RateLimiter(1, 50);
        AtomicInteger allowed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    if (limiter.tryAcquire("alice").isEmpty()) {
                        allowed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // 160 attempts against a burst of 50 refilling at one a second: at most one refill while they ran
        assertThat(allowed.get()).isBetween(50, 52);
    }
}
