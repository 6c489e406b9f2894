package io.xloud.core.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRuleTest
{
    private static AccessRule rule(String path)
    {
        return new AccessRule("compute", "GET", Optional.of(path));
    }

    @Test
    void aStarOrANamedPartMatchesOneSegment()
    {
        assertThat(rule("/v2.1/servers/*").allows("compute", "GET", "/v2.1/servers/abc")).isTrue();
        assertThat(rule("/v2.1/servers/{server_id}").allows("compute", "GET", "/v2.1/servers/abc")).isTrue();
        assertThat(rule("/v2.1/servers/*").allows("compute", "GET", "/v2.1/servers/abc/ips")).isFalse();
        assertThat(rule("/v2.1/servers/*").allows("compute", "GET", "/v2.1/servers/")).isFalse();
    }

    @Test
    void aDoubleStarMatchesAcrossSegments()
    {
        assertThat(rule("/v2.1/servers/**").allows("compute", "GET", "/v2.1/servers/abc/ips/private")).isTrue();
        assertThat(rule("/v2.1/**").allows("compute", "GET", "/v2.1/")).isTrue();
    }

    @Test
    void literalsAreLiteralAndServiceAndMethodMustMatch()
    {
        assertThat(rule("/v2.1/servers").allows("compute", "GET", "/v2x1/servers")).isFalse();
        assertThat(rule("/v2.1/servers").allows("compute", "POST", "/v2.1/servers")).isFalse();
        assertThat(rule("/v2.1/servers").allows("image", "GET", "/v2.1/servers")).isFalse();
        assertThat(new AccessRule("compute", "GET", Optional.empty()).allows("compute", "GET", "/anything/at/all")).isTrue();
    }
}
