package io.xloud.network.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StandardViewsTest
{
    @Test
    void timestampsAreWrittenAsNeutronWritesThemToTheSecond()
    {
        assertThat(StandardViews.timestamp(Instant.parse("2026-12-05T07:08:09.987654Z"))).isEqualTo("2026-12-05T07:08:09Z");
        assertThat(StandardViews.timestamp(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(StandardViews.timestamp(Instant.parse("2024-02-29T23:59:59Z"))).isEqualTo("2024-02-29T23:59:59Z");
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
            assertThat(StandardViews.timestamp(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)));
        }
    }
}
