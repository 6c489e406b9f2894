package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tag sets, CORS and lifecycle documents: what is accepted, how it is kept and read back, and what each refusal is called. */
class BucketConfigurationsTest
{
    private static InputStream xml(String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCode(Runnable call, S3ErrorCode code)
    {
        assertThatThrownBy(call::run).isInstanceOf(ApiException.class).satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(code));
    }

    // ---- tags

    @Test
    void tagSetsSurviveTheirStoredFormWhateverTheirCharacters()
    {
        Tagging tagging = new Tagging(List.of(new Tagging.Tag("a=b+c", "1 + 1 = 2"), new Tagging.Tag("名前", "値:/@_.-")));
        Tagging checked = Tagging.fromTags(tagging.tags(), Tagging.MAX_OBJECT_TAGS);

        assertThat(Tagging.decode(checked.encode())).isEqualTo(tagging);
        assertThat(Tagging.fromHeader("k%201=v%2B1&empty=&flag", 10).tags())
                .containsExactly(new Tagging.Tag("k 1", "v+1"), new Tagging.Tag("empty", ""), new Tagging.Tag("flag", ""));
    }

    @Test
    void badHeadersAreRefused()
    {
        assertCode(() -> Tagging.fromHeader("a=%zz", 10), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> Tagging.fromHeader("a=1&a=2", 10), S3ErrorCode.INVALID_TAG);
        assertCode(() -> Tagging.fromHeader("=v", 10), S3ErrorCode.INVALID_TAG);
    }

    @Test
    void anOversizedTaggingDocumentIsRefusedBeforeItIsRead()
    {
        String huge = "<Tagging><TagSet>" + "<Tag><Key>k</Key><Value>v</Value></Tag>".repeat(5000) + "</TagSet></Tagging>";

        assertThatThrownBy(() -> Tagging.parse(xml(huge), Tagging.MAX_BUCKET_TAGS)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    // ---- CORS

    @Test
    void corsRulesMatchOriginsMethodsAndHeadersWithOneWildcard()
    {
        CorsConfiguration configuration = CorsConfiguration.parse(xml("<CORSConfiguration><CORSRule><AllowedOrigin>https://*.example.com</AllowedOrigin>"
                + "<AllowedMethod>PUT</AllowedMethod><AllowedHeader>X-Amz-*</AllowedHeader></CORSRule></CORSConfiguration>"));

        assertThat(configuration.match("https://app.example.com", "PUT", List.of("x-amz-date"))).isPresent();
        assertThat(configuration.match("https://app.example.com", "GET", List.of())).isEmpty();
        assertThat(configuration.match("http://app.example.com", "PUT", List.of())).isEmpty();
        assertThat(configuration.match("https://app.example.com", "PUT", List.of("content-type"))).isEmpty();
        assertThat(CorsConfiguration.fromStored(configuration.toXml())).isEqualTo(configuration);
    }

    // ---- lifecycle

    private static LifecycleConfiguration.Rule onlyRule(String body)
    {
        return LifecycleConfiguration.parse(xml("<LifecycleConfiguration><Rule>" + body + "</Rule></LifecycleConfiguration>")).rules().getFirst();
    }

    @Test
    void expirationDaysAreCountedFromCreationAndRoundedUpToMidnightUtc()
    {
        LifecycleConfiguration.Rule rule = onlyRule("<Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>");

        assertThat(rule.expiry(Instant.parse("2026-03-01T10:15:00Z"), Duration.ofDays(1))).contains(Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(rule.expiry(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(1))).contains(Instant.parse("2026-03-02T00:00:00Z"));
        // a test day is not rounded
        assertThat(rule.expiry(Instant.parse("2026-03-01T10:15:00Z"), Duration.ofSeconds(2))).contains(Instant.parse("2026-03-01T10:15:02Z"));
    }

    @Test
    void aDateRuleExpiresEverythingMatchingOnItsDate()
    {
        LifecycleConfiguration.Rule rule = onlyRule("<Filter><And><Prefix>logs/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag>"
                + "<ObjectSizeGreaterThan>10</ObjectSizeGreaterThan></And></Filter><Status>Enabled</Status>"
                + "<Expiration><Date>2030-01-01</Date></Expiration>");

        assertThat(rule.expiry(Instant.EPOCH, Duration.ofDays(1))).contains(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(rule.filter().matches("logs/a", 11, Map.of("k", "v"))).isTrue();
        assertThat(rule.filter().matches("logs/a", 10, Map.of("k", "v"))).isFalse();
        assertThat(rule.filter().matches("logs/a", 11, Map.of("k", "w"))).isFalse();
        assertThat(rule.filter().matches("other/a", 11, Map.of("k", "v"))).isFalse();
    }

    @Test
    void aConfigurationReadsBackAsItWasWritten()
    {
        String document = "<LifecycleConfiguration><Rule><ID>a</ID><Prefix>old/</Prefix><Status>Disabled</Status>"
                + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>3</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>"
                + "<Rule><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status>"
                + "<Expiration><Days>30</Days></Expiration></Rule></LifecycleConfiguration>";
        LifecycleConfiguration configuration = LifecycleConfiguration.parse(xml(document));

        assertThat(LifecycleConfiguration.fromStored(configuration.toXml())).isEqualTo(configuration);
        assertThat(configuration.rules().getFirst().id()).isEqualTo(Optional.of("a"));
        assertThat(configuration.rules().getFirst().filter().form()).isEqualTo(LifecycleConfiguration.Filter.Form.LEGACY_PREFIX);
    }

    @Test
    void aRuleWithTooLongAnIdOrABadTagIsRefused()
    {
        assertCode(() -> onlyRule("<ID>" + "x".repeat(256) + "</ID><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"),
                S3ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> onlyRule("<Filter><Tag><Key>aws:x</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status>"
                + "<Expiration><Days>1</Days></Expiration>"), S3ErrorCode.INVALID_TAG);
        assertCode(() -> onlyRule("<Filter><And><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag></And></Filter>"
                + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"), S3ErrorCode.INVALID_REQUEST);
        assertCode(() -> onlyRule("<Filter/><Status>Enabled</Status><Expiration><Days>99999999999</Days></Expiration>"), S3ErrorCode.MALFORMED_XML);
    }
}
