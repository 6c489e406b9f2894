package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.service.ObjectErrorCode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Swift's header conventions: metadata prefixes and limits, timestamps, dates, transaction ids. */
public final class SwiftHeaders
{
    public static final int MAX_META_NAME_LENGTH = 128;
    public static final int MAX_META_VALUE_LENGTH = 256;
    public static final int MAX_META_COUNT = 90;
    public static final int MAX_META_OVERALL_SIZE = 4096;
    public static final int MAX_HEADER_SIZE = 8192;
    public static final int MAX_ACCOUNT_NAME_LENGTH = 256;
    /** The latest expiry Swift keeps: normalize_delete_at_timestamp clamps to ten digits. */
    public static final long MAX_DELETE_AT = 9_999_999_999L;
    /** What Python's int() takes from a header: an optional sign, digits (with single underscores), blanks around. */
    private static final Pattern PYTHON_INT = Pattern.compile("\\s*([+-]?\\d+(?:_\\d+)*)\\s*");

    public static final String ACCOUNT_META = "X-Account-Meta-";
    public static final String CONTAINER_META = "X-Container-Meta-";
    public static final String OBJECT_META = "X-Object-Meta-";

    /** Object headers Swift stores and returns as given (its allowed_headers). */
    public static final List<String> STORED_OBJECT_HEADERS = List.of(
            "content-disposition", "content-encoding", "content-language", "cache-control", "expires", "x-robots-tag");

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US);
    private static final DateTimeFormatter LISTING_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private SwiftHeaders() {}

    // ---- metadata

    /** The metadata headers with a prefix: keys lower case, '_' as '-' (as WSGI servers hand them to Swift). */
    public static Map<String, String> metadata(Exchange exchange, String prefix)
    {
        Map<String, String> metadata = new LinkedHashMap<>();
        exchange.headersStartingWith(prefix).forEach((name, value) -> metadata.put(metaKey(name.substring(prefix.length())), value.strip()));
        return metadata;
    }

    /** Keys named by {@code X-Remove-<Kind>-Meta-*} headers. */
    public static Set<String> removals(Exchange exchange, String prefix)
    {
        String removePrefix = "X-Remove-" + prefix.substring("X-".length());
        Set<String> keys = new LinkedHashSet<>();
        exchange.headersStartingWith(removePrefix).keySet().forEach(name -> keys.add(metaKey(name.substring(removePrefix.length()))));
        return keys;
    }

    static String metaKey(String name)
    {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Swift's constraints.check_metadata on one request: no header value over max_header_size, and the
     * metadata headers with the prefix within the name, value, count and overall limits. Lengths are in
     * bytes; messages name the header as Swift does, the prefix in lower case.
     */
    public static void checkMetadata(Exchange exchange, String prefix)
    {
        String lowerPrefix = prefix.toLowerCase(Locale.ROOT);
        int count = 0;
        int size = 0;
        for (Map.Entry<String, String> header : exchange.headersStartingWith("").entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (wireLength(value) > MAX_HEADER_SIZE) {
                String shown = titleCase(name.toLowerCase(Locale.ROOT));
                throw badMetadata("Header value too long: " + shown.substring(0, Math.min(shown.length(), MAX_META_NAME_LENGTH)));
            }
            if (!name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                continue;
            }
            String key = titleCase(name.substring(prefix.length()).toLowerCase(Locale.ROOT));
            if (key.isEmpty()) {
                throw badMetadata("Metadata name cannot be empty");
            }
            if (!prefix.equals(OBJECT_META) && (!validUtf8(key) || (!value.isEmpty() && !validUtf8(value)))) {
                throw badMetadata("Metadata must be valid UTF-8");
            }
            count++;
            int keyLength = wireLength(key);
            int valueLength = wireLength(value);
            size += keyLength + valueLength;
            if (keyLength > MAX_META_NAME_LENGTH) {
                throw badMetadata("Metadata name too long: " + lowerPrefix + key);
            }
            if (valueLength > MAX_META_VALUE_LENGTH) {
                throw badMetadata("Metadata value longer than " + MAX_META_VALUE_LENGTH + ": " + lowerPrefix + key);
            }
            if (count > MAX_META_COUNT) {
                throw badMetadata("Too many metadata items; max " + MAX_META_COUNT);
            }
            if (size > MAX_META_OVERALL_SIZE) {
                throw badMetadata("Total metadata too large; max " + MAX_META_OVERALL_SIZE);
            }
        }
    }

    /**
     * The bytes a header value took on the wire. Header values arrive as ISO-8859-1 (one char per byte, so
     * UTF-8 text keeps its bytes, as in Swift's WSGI strings); any wider char counts as its UTF-8 bytes.
     */
    static int wireLength(String value)
    {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            length += c <= 0xff ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return length;
    }

    /** Swift's check_utf8 on a header value carried as ISO-8859-1: its bytes are strict UTF-8 without NUL. */
    static boolean validUtf8(String value)
    {
        if (value.indexOf('\0') >= 0) {
            return false;
        }
        if (value.chars().anyMatch(c -> c > 0xff)) {
            return value.codePoints().noneMatch(c -> Character.isSurrogate((char) c) && c <= 0xffff);
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)));
            return true;
        }
        catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Swift refuses a name of an account longer than max_account_name_length (bytes, AUTH_ included). */
    public static void checkAccountName(String account)
    {
        int length = account.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_ACCOUNT_NAME_LENGTH) {
            throw new ApiException(ObjectErrorCode.BAD_REQUEST, "Account name length of " + length + " longer than " + MAX_ACCOUNT_NAME_LENGTH);
        }
    }

    /**
     * The expiry of a write as Swift's check_delete_headers reads it: X-Delete-After (seconds from now) wins
     * over X-Delete-At (epoch seconds); both are integers and must name a time after now.
     */
    public static OptionalLong deleteAt(Exchange exchange, long now)
    {
        Optional<String> after = exchange.header("X-Delete-After");
        if (after.isPresent()) {
            long at = clampDeleteAt(pythonInt(after.get(), "Non-integer X-Delete-After").add(BigInteger.valueOf(now)));
            if (at <= now) {
                throw new ApiException(ObjectErrorCode.BAD_REQUEST, "X-Delete-After in past");
            }
            return OptionalLong.of(at);
        }
        Optional<String> at = exchange.header("X-Delete-At");
        if (at.isEmpty()) {
            return OptionalLong.empty();
        }
        long value = clampDeleteAt(pythonInt(at.get(), "Non-integer X-Delete-At"));
        if (value <= now) {
            throw new ApiException(ObjectErrorCode.BAD_REQUEST, "X-Delete-At in past");
        }
        return OptionalLong.of(value);
    }

    private static BigInteger pythonInt(String value, String message)
    {
        Matcher matcher = PYTHON_INT.matcher(value);
        if (!matcher.matches()) {
            throw new ApiException(ObjectErrorCode.BAD_REQUEST, message);
        }
        return new BigInteger(matcher.group(1).replace("_", ""));
    }

    private static long clampDeleteAt(BigInteger value)
    {
        return value.max(BigInteger.ZERO).min(BigInteger.valueOf(MAX_DELETE_AT)).longValueExact();
    }

    private static ApiException badMetadata(String message)
    {
        return new ApiException(ObjectErrorCode.INVALID_METADATA, message);
    }

    /** Writes metadata back as headers, with Swift's title-cased names. */
    public static void putMetadata(Exchange exchange, String prefix, Map<String, String> metadata)
    {
        new TreeMap<>(metadata).forEach((key, value) -> exchange.header(prefix + titleCase(key), value));
    }

    public static String titleCase(String key)
    {
        StringBuilder out = new StringBuilder(key.length());
        boolean start = true;
        for (char c : key.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : c);
            start = c == '-';
        }
        return out.toString();
    }

    // ---- times

    /** Swift's X-Timestamp form of epoch microseconds: seconds with five decimals. */
    public static String timestamp(long micros)
    {
        return String.format(Locale.ROOT, "%d.%05d", micros / 1_000_000, (micros % 1_000_000) / 10);
    }

    /** An HTTP date of epoch microseconds rounded up to the second, as Swift's Last-Modified is. */
    public static String httpDate(long micros)
    {
        return HTTP_DATE.format(Instant.ofEpochSecond(ceilSeconds(micros)));
    }

    public static long ceilSeconds(long micros)
    {
        return (micros + 999_999) / 1_000_000;
    }

    /** The last_modified of JSON and XML listings: UTC with microseconds and no zone. */
    public static String listingDate(long micros)
    {
        return LISTING_DATE.format(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000));
    }

    /** An HTTP date in any of the three forms HTTP allows; empty when it is none of them. */
    public static OptionalLong parseHttpDate(String value)
    {
        String text = value.strip().replaceAll("\\s+", " ");
        try {
            return OptionalLong.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond());
        }
        catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OptionalLong.of(LocalDateTime.parse(text, RFC_850).toEpochSecond(ZoneOffset.UTC));
        }
        catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OptionalLong.of(LocalDateTime.parse(text, ASCTIME).toEpochSecond(ZoneOffset.UTC));
        }
        catch (DateTimeParseException ignored) {
            return OptionalLong.empty();
        }
    }

    // ---- requests

    /** Swift's transaction id, {@code tx<21 hex>-<10 hex seconds>}, made from the kernel's request id. */
    public static String transactionId(String requestId, long epochSeconds)
    {
        String hex = requestId.replace("req-", "").replace("-", "");
        if (hex.length() < 21) {
            hex = (hex + "000000000000000000000").substring(0, 21);
        }
        return "tx" + hex.substring(0, 21) + String.format(Locale.ROOT, "-%010x", epochSeconds);
    }

    public static boolean isTrue(Optional<String> value)
    {
        return value.map(v -> switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> true;
            default -> false;
        }).orElse(false);
    }

    /** A non-negative integer header, 400 when it is something else. */
    public static OptionalLong nonNegative(Optional<String> value, String message)
    {
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long parsed = Long.parseLong(value.get().strip());
            if (parsed < 0) {
                throw new ApiException(ObjectErrorCode.BAD_REQUEST, message);
            }
            return OptionalLong.of(parsed);
        }
        catch (NumberFormatException e) {
            throw new ApiException(ObjectErrorCode.BAD_REQUEST, message);
        }
    }
}
