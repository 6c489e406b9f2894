package io.xloud.core.events.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Limit, marker and the {@code links} of a page, as Keystone writes them ({@code self}, {@code next}). */
final class Paging
{
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Paging() {}

    static int limit(Exchange exchange)
    {
        Optional<String> value = exchange.query("limit");
        if (value.isEmpty() || value.get().isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.get());
            if (limit < 1) {
                throw ApiException.badRequest("limit must be a positive integer.");
            }
            return Math.min(limit, MAX_LIMIT);
        }
        catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a positive integer.");
        }
    }

    static Optional<String> nonEmpty(Exchange exchange, String name)
    {
        return exchange.query(name).filter(value -> !value.isEmpty());
    }

    /** {@code self} and, when the page is full, {@code next} with the last item as marker and the other parameters kept. */
    static Map<String, Object> links(String base, Exchange exchange, boolean full, String lastId)
    {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", base + (exchange.rawQuery() == null || exchange.rawQuery().isEmpty() ? "" : "?" + exchange.rawQuery()));
        if (!full) {
            links.put("next", null);
            return links;
        }
        StringBuilder next = new StringBuilder(base).append("?marker=").append(encode(lastId));
        for (Map.Entry<String, java.util.List<String>> parameter : exchange.queryParameters().entrySet()) {
            if (parameter.getKey().equals("marker")) {
                continue;
            }
            for (String value : parameter.getValue()) {
                next.append('&').append(encode(parameter.getKey())).append('=').append(encode(value == null ? "" : value));
            }
        }
        links.put("next", next.toString());
        return links;
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
