package io.xloud.core.microversion;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroversionSupportTest
{
    private static final String LEGACY = "X-OpenStack-Nova-API-Version";
    private static final MicroversionSupport COMPUTE = MicroversionSupport.of("compute", "2.1", "2.10").withLegacyHeader(LEGACY);
    private static final MicroversionSupport VOLUME = MicroversionSupport.of("volume", "3.0", "3.70");

    @Test
    void noHeaderMeansTheMinimum()
    {
        assertThat(COMPUTE.negotiate(headers())).hasToString("2.1");
        assertThat(VOLUME.negotiate(headers())).hasToString("3.0");
    }

    @Test
    void exactVersionInRange()
    {
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2.7"))).hasToString("2.7");
    }

    @Test
    void latestMeansTheMaximum()
    {
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", "compute latest"))).hasToString("2.10");
        assertThat(COMPUTE.negotiate(headers(LEGACY, "latest"))).hasToString("2.10");
    }

    @Test
    void latestIsLowerCaseOnlyAsInNova()
    {
        assertStatus(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", "compute LATEST")), CoreErrorCode.BAD_REQUEST);
    }

    @Test
    void headerNameAndServiceTypeAreCaseInsensitive()
    {
        assertThat(COMPUTE.negotiate(headers("openstack-api-version", "COMPUTE 2.3"))).hasToString("2.3");
    }

    @Test
    void legacyHeaderAlone()
    {
        assertThat(COMPUTE.negotiate(headers(LEGACY, "2.4"))).hasToString("2.4");
    }

    @Test
    void standardHeaderWinsOverLegacy()
    {
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2.5", LEGACY, "2.9"))).hasToString("2.5");
    }

    @Test
    void legacyHeaderCountsWhenTheStandardOneNamesOnlyOtherServices()
    {
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", "volume 3.5", LEGACY, "2.9"))).hasToString("2.9");
    }

    @Test
    void moduleWithoutLegacyHeaderIgnoresOthers()
    {
        assertThat(VOLUME.negotiate(headers(LEGACY, "2.9"))).hasToString("3.0");
    }

    @Test
    void severalServicesInOneHeader()
    {
        Function<String, List<String>> headers = headers("OpenStack-API-Version", "volume 3.5, compute 2.4,identity 3.1");
        assertThat(COMPUTE.negotiate(headers)).hasToString("2.4");
        assertThat(VOLUME.negotiate(headers)).hasToString("3.5");
    }

    @Test
    void headerLinesFoldLikeCommasAndTheLastEntryWins()
    {
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2.2", "OpenStack-API-Version", "compute 2.6"))).hasToString("2.6");
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2.2, compute 2.3"))).hasToString("2.3");
        assertThat(COMPUTE.negotiate(headers(LEGACY, "2.2", LEGACY, "2.8"))).hasToString("2.8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"compute 2", "compute two.1", "compute 2.1.1", "compute 2.01", "compute 2.1 extra", "compute 2.1.", "compute -2.1"})
    void malformedVersionIs400(String value)
    {
        assertStatus(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", value)), CoreErrorCode.BAD_REQUEST);
    }

    @Test
    void malformedVersionMessageIsNovas()
    {
        assertThatThrownBy(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2")))
                .hasMessage("API Version String 2 is of invalid format. Must be of format MajorNum.MinorNum.");
    }

    @Test
    void emptyLegacyHeaderIs400()
    {
        assertStatus(() -> COMPUTE.negotiate(headers(LEGACY, "")), CoreErrorCode.BAD_REQUEST);
    }

    @Test
    void standardEntryWithoutVersionIsSkippedAsMicroversionParseDoes()
    {
        // microversion-parse drops entries that do not split into type and version; Nova then serves its default
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", "compute"))).hasToString("2.1");
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", ""))).hasToString("2.1");
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", " , ,"))).hasToString("2.1");
    }

    @Test
    void versionsOutsideTheRangeAre406()
    {
        assertStatus(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2.0")), CoreErrorCode.NOT_ACCEPTABLE);
        assertStatus(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2.11")), CoreErrorCode.NOT_ACCEPTABLE);
        assertStatus(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 3.1")), CoreErrorCode.NOT_ACCEPTABLE);
        assertStatus(() -> COMPUTE.negotiate(headers(LEGACY, "1.1")), CoreErrorCode.NOT_ACCEPTABLE);
    }

    @Test
    void outOfRangeMessageIsNovas()
    {
        assertThatThrownBy(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2.999")))
                .hasMessage("Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is 2.10.");
    }

    @Test
    void numbersPastAnIntAre406()
    {
        assertStatus(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 2.99999999999999999999999")), CoreErrorCode.NOT_ACCEPTABLE);
        assertStatus(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", "compute 99999999999999999999.1")), CoreErrorCode.NOT_ACCEPTABLE);
    }

    @Test
    void oversizedValueIsRefusedWithAShortMessage()
    {
        String huge = "compute 2." + "1".repeat(8000) + "x";
        assertThatThrownBy(() -> COMPUTE.negotiate(headers("OpenStack-API-Version", huge)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(CoreErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).hasSizeLessThan(200);
                });
    }

    @Test
    void manyEntriesForOtherServicesStillFindThisOne()
    {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            entries.add("service" + i + " 1." + i);
        }
        entries.add(1000, "compute 2.9");
        assertThat(COMPUTE.negotiate(headers("OpenStack-API-Version", String.join(",", entries)))).hasToString("2.9");
    }

    @Test
    void responseHeadersEchoBothHeadersAndVaryOnBoth()
    {
        assertThat(COMPUTE.responseHeaders(Microversion.parse("2.5"))).containsExactly(
                Map.entry("OpenStack-API-Version", "compute 2.5"),
                Map.entry(LEGACY, "2.5"),
                Map.entry("Vary", "OpenStack-API-Version"),
                Map.entry("Vary", LEGACY));
    }

    @Test
    void responseHeadersWithoutLegacyHeader()
    {
        assertThat(VOLUME.responseHeaders(Microversion.parse("3.0"))).containsExactly(
                Map.entry("OpenStack-API-Version", "volume 3.0"),
                Map.entry("Vary", "OpenStack-API-Version"));
    }

    @Test
    void declarationIsChecked()
    {
        assertThatThrownBy(() -> MicroversionSupport.of("com pute", "2.1", "2.10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MicroversionSupport.of("", "2.1", "2.10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MicroversionSupport.of("compute", "2.10", "2.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MicroversionSupport.of("compute", "2.1", "2.10").withLegacyHeader("OpenStack-API-Version"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertStatus(Runnable negotiation, CoreErrorCode code)
    {
        assertThatThrownBy(negotiation::run).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Header lines by name, without case, in the order sent, as Jetty gives them. */
    private static Function<String, List<String>> headers(String... namesAndValues)
    {
        Map<String, List<String>> lines = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            lines.computeIfAbsent(namesAndValues[i], ignored -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return name -> lines.getOrDefault(name, List.of());
    }
}
