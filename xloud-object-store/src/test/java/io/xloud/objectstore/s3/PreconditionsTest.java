package io.xloud.objectstore.s3;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static io.xloud.objectstore.s3.SignatureV4VerifierTest.assertCode;
import static org.assertj.core.api.Assertions.assertThatCode;

class PreconditionsTest
{
    private static final String ETAG = "5d41402abc4b2a76b9719d911017c592";
    private static final Instant MODIFIED = Instant.parse("2026-01-10T12:00:00.250Z");

    @Test
    void readsProceedWhenEveryConditionHolds()
    {
        assertThatCode(() -> Preconditions.checkRead(RequestHeaders.of(
                "If-Match", "\"" + ETAG + "\"",
                "If-None-Match", "\"other\"",
                "If-Modified-Since", "Sat, 10 Jan 2026 11:00:00 GMT",
                "If-Unmodified-Since", "Sat, 10 Jan 2026 12:00:00 GMT"), ETAG, MODIFIED)).doesNotThrowAnyException();
        assertThatCode(() -> Preconditions.checkRead(RequestHeaders.of("If-Match", "*"), ETAG, MODIFIED)).doesNotThrowAnyException();
    }

    @Test
    void readsFailOrAreNotModifiedAsS3Decides()
    {
        assertCode(() -> Preconditions.checkRead(RequestHeaders.of("If-Match", "\"other\""), ETAG, MODIFIED), S3ErrorCode.PRECONDITION_FAILED, "");
        assertCode(() -> Preconditions.checkRead(RequestHeaders.of("If-Unmodified-Since", "Sat, 10 Jan 2026 11:59:59 GMT"), ETAG, MODIFIED),
                S3ErrorCode.PRECONDITION_FAILED, "");
        assertCode(() -> Preconditions.checkRead(RequestHeaders.of("If-None-Match", ETAG), ETAG, MODIFIED), S3ErrorCode.NOT_MODIFIED, "");
        assertCode(() -> Preconditions.checkRead(RequestHeaders.of("If-Modified-Since", "Sat, 10 Jan 2026 12:00:00 GMT"), ETAG, MODIFIED),
                S3ErrorCode.NOT_MODIFIED, "");
        // If-Match that holds overrides a failing If-Unmodified-Since; If-None-Match that holds overrides If-Modified-Since
        assertThatCode(() -> Preconditions.checkRead(RequestHeaders.of("If-Match", ETAG, "If-Unmodified-Since", "Sat, 10 Jan 2026 11:00:00 GMT"),
                ETAG, MODIFIED)).doesNotThrowAnyException();
        assertThatCode(() -> Preconditions.checkRead(RequestHeaders.of("If-None-Match", "\"x\"", "If-Modified-Since", "Sat, 10 Jan 2026 13:00:00 GMT"),
                ETAG, MODIFIED)).doesNotThrowAnyException();
        assertThatCode(() -> Preconditions.checkRead(RequestHeaders.of("If-Modified-Since", "not a date"), ETAG, MODIFIED)).doesNotThrowAnyException();
    }

    @Test
    void copySourceConditionsFailWith412()
    {
        assertCode(() -> Preconditions.checkCopySource(RequestHeaders.of("x-amz-copy-source-if-none-match", ETAG), ETAG, MODIFIED),
                S3ErrorCode.PRECONDITION_FAILED, "");
        assertCode(() -> Preconditions.checkCopySource(RequestHeaders.of("x-amz-copy-source-if-modified-since", "Sat, 10 Jan 2026 13:00:00 GMT"),
                ETAG, MODIFIED), S3ErrorCode.PRECONDITION_FAILED, "");
        assertThatCode(() -> Preconditions.checkCopySource(RequestHeaders.of("x-amz-copy-source-if-match", ETAG), ETAG, MODIFIED))
                .doesNotThrowAnyException();
    }

    @Test
    void conditionalWrites()
    {
        assertCode(() -> Preconditions.checkWrite(RequestHeaders.of("If-None-Match", "*"), Optional.of(ETAG)), S3ErrorCode.PRECONDITION_FAILED, "");
        assertThatCode(() -> Preconditions.checkWrite(RequestHeaders.of("If-None-Match", "*"), Optional.empty())).doesNotThrowAnyException();
        assertCode(() -> Preconditions.checkWrite(RequestHeaders.of("If-Match", "\"x\""), Optional.of(ETAG)), S3ErrorCode.PRECONDITION_FAILED, "");
        assertCode(() -> Preconditions.checkWrite(RequestHeaders.of("If-Match", ETAG), Optional.empty()), S3ErrorCode.PRECONDITION_FAILED, "");
    }
}
