package io.xloud.core.events;

import io.xloud.core.events.delivery.Backoff;
import io.xloud.core.events.delivery.WebhookSignature;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureAndBackoffTest
{
    @Test
    void signatureIsHexHmacSha256OfTheBody()
    {
        // RFC 4231 test case 2
        assertThat(WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void verifyRefusesAnotherBodyOrSecret()
    {
        byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign("secret", body);
        assertThat(WebhookSignature.verify("secret", body, signature)).isTrue();
        assertThat(WebhookSignature.verify("other", body, signature)).isFalse();
        assertThat(WebhookSignature.verify("secret", "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(WebhookSignature.verify("secret", body, null)).isFalse();
    }

    @Test
    void backoffDoublesUpToItsMaximum()
    {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(24), 0);
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delayAfter(10_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void deadAfterMaxAgeOrMaxAttempts()
    {
        Backoff byAge = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(24), 0);
        assertThat(byAge.isDead(1_000_000, Duration.ofHours(23))).isFalse();
        assertThat(byAge.isDead(3, Duration.ofHours(24))).isTrue();
        Backoff byAttempts = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(24), 3);
        assertThat(byAttempts.isDead(2, Duration.ZERO)).isFalse();
        assertThat(byAttempts.isDead(3, Duration.ZERO)).isTrue();
    }
}
