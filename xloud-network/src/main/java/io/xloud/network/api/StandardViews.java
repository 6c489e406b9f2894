package io.xloud.network.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.Standard;

import java.time.Instant;
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
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
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
