package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostPolicyTest
{
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static PostPolicy policy(String conditions)
    {
        return PostPolicy.parse(PostPolicy.encode("{\"expiration\": \"2030-01-01T00:10:00.000Z\", \"conditions\": [" + conditions + "]}"));
    }

    private static void assertDenied(Runnable check, String message)
    {
        assertThatThrownBy(check::run).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(S3ErrorCode.ACCESS_DENIED))
                .hasMessageContaining(message);
    }

    @Test
    void conditionsOfEveryFormAreChecked()
    {
        PostPolicy policy = policy("""
                {"bucket": "b"}, ["starts-with", "$key", "user/"], ["eq", "$acl", "private"], ["starts-with", "$Content-Type", "image/"],
                ["content-length-range", 10, "100"]""");

        policy.check(Map.of("key", "user/a", "acl", "private", "content-type", "image/png, image/jpeg", "x-ignore-me", "1"), "b", NOW);
        assertThat(policy.minLength()).isEqualTo(10);
        assertThat(policy.maxLength()).isEqualTo(100);
        assertDenied(() -> policy.check(Map.of("key", "other/a", "acl", "private", "content-type", "image/png"), "b", NOW),
                "Policy Condition failed: [\"starts-with\",\"$key\",\"user/\"]");
        assertDenied(() -> policy.check(Map.of("key", "user/a", "acl", "private", "content-type", "image/png"), "c", NOW), "{\"bucket\":\"b\"}");
        assertDenied(() -> policy.check(Map.of("key", "user/a", "acl", "private", "content-type", "image/png, text/plain"), "b", NOW), "Content-Type");
        assertDenied(() -> policy.check(Map.of("key", "user/a", "acl", "private", "content-type", "image/png", "x-amz-meta-a", "1"), "b", NOW),
                "Extra input fields: x-amz-meta-a");
        assertDenied(() -> policy.check(Map.of("key", "user/a"), "b", NOW.plusSeconds(600)), "Policy expired.");
    }

    @Test
    void malformedPoliciesAreInvalidDocuments()
    {
        for (String document : new String[] {"not base64 !", PostPolicy.encode("[]"), PostPolicy.encode("{\"conditions\": []}"),
                PostPolicy.encode("{\"expiration\": \"2030-01-01T00:00:00Z\"}"),
                PostPolicy.encode("{\"expiration\": \"2030-01-01T00:00:00Z\", \"conditions\": [[\"matches\", \"$key\", \"x\"]]}"),
                PostPolicy.encode("{\"expiration\": \"2030-01-01T00:00:00Z\", \"conditions\": [[\"content-length-range\", 5, 1]]}")}) {
            assertThatThrownBy(() -> PostPolicy.parse(document)).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(S3ErrorCode.INVALID_POLICY_DOCUMENT));
        }
    }
}
