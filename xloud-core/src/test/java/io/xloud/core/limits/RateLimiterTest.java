package io.xloud.core.limits;

import org.junit.jupiter.api.Test;

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
}
