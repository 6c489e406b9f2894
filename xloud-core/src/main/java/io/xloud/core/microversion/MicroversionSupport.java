package io.xloud.core.microversion;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * What a service module declares to have microversions: its service type as clients name it in
 * {@code OpenStack-API-Version} ({@code compute}, {@code volume}), the range it serves, and the legacy header
 * it still accepts (Nova's {@code X-OpenStack-Nova-API-Version}; Cinder has none). The kernel negotiates
 * once per request with {@link #negotiate} and echoes the result with {@link #responseHeaders}.
 */
public record MicroversionSupport(String serviceType, MicroversionRange range, Optional<String> legacyHeader)
{
    public static final String HEADER = "OpenStack-API-Version";
    public static final String LATEST = "latest";

    private static final int MAX_ECHOED_LENGTH = 64;

    public MicroversionSupport
    {
        requireNonNull(serviceType, "serviceType is null");
        requireNonNull(range, "range is null");
        requireNonNull(legacyHeader, "legacyHeader is null");
        if (serviceType.isBlank() || serviceType.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
            throw new IllegalArgumentException("service type must be one word: '" + serviceType + "'");
        }
        if (range.isAny()) {
            throw new IllegalArgumentException("a service's microversion range needs a minimum and a maximum");
        }
        legacyHeader.ifPresent(name -> {
            if (name.isBlank() || name.equalsIgnoreCase(HEADER)) {
                throw new IllegalArgumentException("not a legacy header name: '" + name + "'");
            }
        });
    }

    public static MicroversionSupport of(String serviceType, String minimum, String maximum)
    {
        return new MicroversionSupport(serviceType, MicroversionRange.between(minimum, maximum), Optional.empty());
    }

    public MicroversionSupport withLegacyHeader(String name)
    {
        return new MicroversionSupport(serviceType, range, Optional.of(name));
    }

    public Microversion minimum()
    {
        return range.minimum();
    }

    public Microversion maximum()
    {
        return range.maximum();
    }

    /**
     * The version a request asks for, given its header values by name (each header line once, as sent).
     * No header: the minimum, as Nova's and Cinder's default is. {@code latest}: the maximum. A value that is
     * not {@code major.minor}: 400. A version outside the range: 406.
     */
    public Microversion negotiate(Function<String, List<String>> headers)
    {
        Optional<String> requested = requested(headers);
        if (requested.isEmpty()) {
            return range.minimum();
        }
        String text = requested.get();
        if (text.equals(LATEST)) {
            return range.maximum();
        }
        if (!Microversion.isWellFormed(text)) {
            throw new ApiException(CoreErrorCode.BAD_REQUEST,
                    "API Version String " + echo(text) + " is of invalid format. Must be of format MajorNum.MinorNum.");
        }
        Microversion version;
        try {
            version = Microversion.parse(text);
        }
        catch (IllegalArgumentException e) {
            // well formed but past an int: beyond every maximum
            throw notSupported(echo(text));
        }
        if (!range.contains(version)) {
            throw notSupported(version.toString());
        }
        return version;
    }

    /**
     * The header value meant for this service, read as microversion-parse does (Nova's and Placement's
     * parser): in the standard header, the last {@code <type> <version>} entry of this service type, its
     * type compared without case, entries without a version skipped; else the last value of the legacy header.
     */
    Optional<String> requested(Function<String, List<String>> headers)
    {
        List<String> standard = headers.apply(HEADER);
        if (!standard.isEmpty()) {
            String[] entries = String.join(",", standard).split(",", -1);
            for (int i = entries.length - 1; i >= 0; i--) {
                String entry = entries[i].strip();
                int space = firstWhitespace(entry);
                if (space < 0) {
                    continue;
                }
                if (entry.substring(0, space).equalsIgnoreCase(serviceType)) {
                    return Optional.of(entry.substring(space).strip());
                }
            }
        }
        if (legacyHeader.isPresent()) {
            List<String> legacy = headers.apply(legacyHeader.get());
            if (!legacy.isEmpty()) {
                String folded = String.join(",", legacy);
                return Optional.of(folded.substring(folded.lastIndexOf(',') + 1).strip());
            }
        }
        return Optional.empty();
    }

    /**
     * What every response of the service carries once a version is negotiated, as Nova sends them: the
     * standard header, the legacy one if declared, and {@code Vary} naming both (caches must key on them).
     */
    public List<Map.Entry<String, String>> responseHeaders(Microversion version)
    {
        List<Map.Entry<String, String>> headers = new ArrayList<>(4);
        headers.add(Map.entry(HEADER, serviceType + " " + version));
        legacyHeader.ifPresent(name -> headers.add(Map.entry(name, version.toString())));
        headers.add(Map.entry("Vary", HEADER));
        legacyHeader.ifPresent(name -> headers.add(Map.entry("Vary", name)));
        return List.copyOf(headers);
    }

    private ApiException notSupported(String requested)
    {
        return new ApiException(CoreErrorCode.NOT_ACCEPTABLE, "Version " + requested + " is not supported by the API. Minimum is "
                + range.minimum() + " and maximum is " + range.maximum() + ".");
    }

    private static int firstWhitespace(String text)
    {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String echo(String text)
    {
        return text.length() <= MAX_ECHOED_LENGTH ? text : text.substring(0, MAX_ECHOED_LENGTH) + "...";
    }
}
