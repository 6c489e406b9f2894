package io.xloud.objectstore.s3;

import io.xloud.core.error.ApiException;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * S3's conditional requests: {@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since},
 * {@code If-Unmodified-Since} on reads, and the {@code x-amz-copy-source-if-*} family on copies.
 * A date that does not parse is ignored, as S3 ignores it.
 */
public final class Preconditions
{
    private Preconditions() {}

    /**
     * Checks a GET or HEAD: 412 PreconditionFailed when If-Match (or, without it, If-Unmodified-Since) fails;
     * 304 Not Modified when If-None-Match matches (or, without it, If-Modified-Since finds no change).
     */
    public static void checkRead(RequestHeaders headers, String etag, Instant lastModified)
    {
        Map<String, String> validators = Map.of("ETag", quoted(etag), "Last-Modified", S3Dates.http(lastModified));
        if (failsMatch(headers, "If-Match", "If-Unmodified-Since", etag, lastModified)) {
            throw new ApiException(S3ErrorCode.PRECONDITION_FAILED, "At least one of the pre-conditions you specified did not hold");
        }
        if (failsNoneMatch(headers, "If-None-Match", "If-Modified-Since", etag, lastModified)) {
            throw new ApiException(S3ErrorCode.NOT_MODIFIED, "Not Modified", validators);
        }
    }

    /** Checks the source of a copy: every failure is 412. */
    public static void checkCopySource(RequestHeaders headers, String etag, Instant lastModified)
    {
        if (failsMatch(headers, "x-amz-copy-source-if-match", "x-amz-copy-source-if-unmodified-since", etag, lastModified)
                || failsNoneMatch(headers, "x-amz-copy-source-if-none-match", "x-amz-copy-source-if-modified-since", etag, lastModified)) {
            throw new ApiException(S3ErrorCode.PRECONDITION_FAILED, "At least one of the pre-conditions you specified did not hold");
        }
    }

    /**
     * Checks a write's {@code If-None-Match: *} and {@code If-Match}: 412 when the object exists and must not,
     * or when it is absent or another version than the one named.
     */
    public static void checkWrite(RequestHeaders headers, Optional<String> currentEtag)
    {
        Optional<String> ifNoneMatch = headers.first("If-None-Match");
        if (ifNoneMatch.isPresent() && currentEtag.isPresent() && matches(ifNoneMatch.get(), currentEtag.get())) {
            throw new ApiException(S3ErrorCode.PRECONDITION_FAILED, "At least one of the pre-conditions you specified did not hold");
        }
        Optional<String> ifMatch = headers.first("If-Match");
        if (ifMatch.isPresent() && (currentEtag.isEmpty() || !matches(ifMatch.get(), currentEtag.get()))) {
            throw new ApiException(S3ErrorCode.PRECONDITION_FAILED, "At least one of the pre-conditions you specified did not hold");
        }
    }

    /**
     * The precondition of a conditional delete (DeleteObject's {@code If-Match}, or a DeleteObjects key's ETag) against
     * the current object's ETag: 412 when there is one and it does not match; none is no failure (the delete is a no-op).
     */
    public static void checkDelete(String ifMatch, Optional<String> currentEtag)
    {
        if (currentEtag.isPresent() && !matches(ifMatch, currentEtag.get())) {
            throw new ApiException(S3ErrorCode.PRECONDITION_FAILED, "At least one of the pre-conditions you specified did not hold");
        }
    }

    private static boolean failsMatch(RequestHeaders headers, String matchHeader, String sinceHeader, String etag, Instant lastModified)
    {
        Optional<String> match = headers.first(matchHeader);
        if (match.isPresent()) {
            return !matches(match.get(), etag);
        }
        Optional<Instant> since = headers.first(sinceHeader).flatMap(Preconditions::parseDate);
        return since.isPresent() && truncate(lastModified).isAfter(since.get());
    }

    private static boolean failsNoneMatch(RequestHeaders headers, String noneMatchHeader, String sinceHeader, String etag, Instant lastModified)
    {
        Optional<String> noneMatch = headers.first(noneMatchHeader);
        if (noneMatch.isPresent()) {
            return matches(noneMatch.get(), etag);
        }
        Optional<Instant> since = headers.first(sinceHeader).flatMap(Preconditions::parseDate);
        return since.isPresent() && !truncate(lastModified).isAfter(since.get());
    }

    /** Whether an If-Match style list ({@code "a", W/"b"} or {@code *}) names the ETag. */
    static boolean matches(String list, String etag)
    {
        String bare = unquote(etag);
        for (String candidate : list.split(",")) {
            String value = candidate.strip();
            if (value.equals("*")) {
                return true;
            }
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (unquote(value).equals(bare)) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String value)
    {
        String stripped = value.strip();
        return stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"") ? stripped.substring(1, stripped.length() - 1) : stripped;
    }

    private static String quoted(String etag)
    {
        return "\"" + unquote(etag) + "\"";
    }

    /** HTTP dates have whole seconds. */
    private static Instant truncate(Instant instant)
    {
        return Instant.ofEpochSecond(instant.getEpochSecond());
    }

    private static Optional<Instant> parseDate(String value)
    {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        }
        catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(value.strip()));
            }
            catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }
}
