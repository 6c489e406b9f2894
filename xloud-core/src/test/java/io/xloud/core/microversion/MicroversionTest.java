package io.xloud.core.microversion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroversionTest
{
    @Test
    void parsesMajorDotMinor()
    {
        assertThat(Microversion.parse("2.47")).isEqualTo(Microversion.of(2, 47));
        assertThat(Microversion.parse("3.0")).isEqualTo(Microversion.of(3, 0));
        assertThat(Microversion.parse("2.47")).hasToString("2.47");
    }

    @Test
    void ordersNumericallyByMajorThenMinor()
    {
        assertThat(Microversion.parse("2.10")).isGreaterThan(Microversion.parse("2.9"));
        assertThat(Microversion.parse("3.0")).isGreaterThan(Microversion.parse("2.96"));
        assertThat(Microversion.parse("2.47").isAtLeast(Microversion.parse("2.47"))).isTrue();
        assertThat(Microversion.parse("2.46").isAtLeast(Microversion.parse("2.47"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "two.1", "2.1.1", "", " 2.1", "2.1 ", "2.01", "02.1", "0.1", "-2.1", "2.-1", "+2.1", "2.", ".1",
            "latest", "2,1", "\u0662.\u0661", "2.1\n", "0x2.1"})
    void rejectsAnythingButStrictMajorDotMinor(String text)
    {
        assertThat(Microversion.isWellFormed(text)).isFalse();
        assertThatThrownBy(() -> Microversion.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersPastAnIntAreWellFormedButNotAVersion()
    {
        assertThat(Microversion.isWellFormed("2.99999999999999999999")).isTrue();
        assertThatThrownBy(() -> Microversion.parse("2.99999999999999999999")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeHoldsBothEnds()
    {
        MicroversionRange range = MicroversionRange.between("2.1", "2.10");
        assertThat(range.contains(Microversion.parse("2.1"))).isTrue();
        assertThat(range.contains(Microversion.parse("2.10"))).isTrue();
        assertThat(range.contains(Microversion.parse("2.0"))).isFalse();
        assertThat(range.contains(Microversion.parse("2.11"))).isFalse();
        assertThat(range.contains(Microversion.parse("3.5"))).isFalse();
    }

    @Test
    void openRangesAndOverlap()
    {
        assertThat(MicroversionRange.since("2.47").contains(Microversion.parse("2.96"))).isTrue();
        assertThat(MicroversionRange.until("2.46").contains(Microversion.parse("2.1"))).isTrue();
        assertThat(MicroversionRange.until("2.46").overlaps(MicroversionRange.since("2.47"))).isFalse();
        assertThat(MicroversionRange.until("2.47").overlaps(MicroversionRange.since("2.47"))).isTrue();
        assertThat(MicroversionRange.ANY.overlaps(MicroversionRange.since("2.47"))).isTrue();
    }

    @Test
    void emptyRangeIsRejected()
    {
        assertThatThrownBy(() -> MicroversionRange.between("2.10", "2.9")).isInstanceOf(IllegalArgumentException.class);
    }
}
