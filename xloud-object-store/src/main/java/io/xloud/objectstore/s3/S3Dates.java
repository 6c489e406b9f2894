package io.xloud.objectstore.s3;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The two ways S3 writes a time: ISO 8601 with milliseconds in XML, RFC 1123 in headers. */
public final class S3Dates
{
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private S3Dates() {}

    /** {@code 2009-10-12T17:50:30.000Z}. */
    public static String iso(Instant instant)
    {
        return ISO.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** {@code Mon, 12 Oct 2009 17:50:30 GMT}. */
    public static String http(Instant instant)
    {
        return HTTP.format(instant);
    }

    public static Instant ofMicros(long epochMicros)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000);
    }
}
