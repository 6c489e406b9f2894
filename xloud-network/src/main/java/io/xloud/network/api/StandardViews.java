package io.xloud.network.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.Standard;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/** How the standard attributes appear in a view, and Neutron's {@code If-Match: revision_number=N}. */
public final class StandardViews
{
    private StandardViews() {}

    /** Adds project_id, tenant_id, description, tags, created_at, updated_at and revision_number to a view. */
    public static Map<String, Object> put(Map<String, Object> view, Standard standard)
    {
        view.put("project_id", standard.projectId());
        view.put("tenant_id", standard.projectId());
        view.put("description", standard.description());
        view.put("tags", standard.tags());
        view.put("created_at", timestamp(standard.createdAt()));
        view.put("updated_at", timestamp(standard.updatedAt()));
        view.put("revision_number", standard.revisionNumber());
        return view;
    }

    /** A small map in the order its keys are given, as Neutron writes nested objects ({@code start} before {@code end}). */
    public static Map<String, Object> ordered(Object... keysAndValues)
    {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** ISO 8601 in UTC, whole seconds, with a Z: {@code 2024-05-01T10:00:00Z}. */
    public static String timestamp(Instant instant)
    {
        // what ISO_INSTANT writes for whole seconds (2024-05-01T10:00:00Z), without its formatter: lists write two per item
        long seconds = instant.getEpochSecond();
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
        }
        char[] text = new char[20];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        text[19] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width)
    {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * The revision a client constrains a change to, from {@code If-Match: revision_number=N} (several comma
     * separated constraints as Neutron accepts them; the first revision_number counts). Anything else in If-Match is
     * a 400, as Neutron answers.
     */
    public static Optional<Long> ifMatch(Exchange exchange)
    {
        Optional<String> header = exchange.header("If-Match");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        for (String part : header.get().split(",")) {
            String constraint = part.strip();
            if (constraint.startsWith("revision_number=")) {
                String value = constraint.substring("revision_number=".length()).strip();
                if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
                    throw new ApiException(NetworkErrorCode.BAD_REQUEST, "If-Match header without revision_number=<int> is not supported.");
                }
                return Optional.of(Long.parseLong(value));
            }
        }
        throw new ApiException(NetworkErrorCode.BAD_REQUEST, "If-Match header without revision_number=<int> is not supported.");
    }
}
