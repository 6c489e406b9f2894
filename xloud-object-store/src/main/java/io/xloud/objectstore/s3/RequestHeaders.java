package io.xloud.objectstore.s3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The request headers the S3 machinery reads, by case-insensitive name, each value as sent. */
@FunctionalInterface
public interface RequestHeaders
{
    /** Every value of a header in the order sent, one entry per header line; empty when absent. */
    List<String> values(String name);

    default Optional<String> first(String name)
    {
        List<String> values = values(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.getFirst());
    }

    /** Headers from name/value pairs, e.g. {@code of("Host", "example.com", "X-Amz-Date", "...")}. */
    static RequestHeaders of(String... namesAndValues)
    {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.computeIfAbsent(namesAndValues[i].toLowerCase(Locale.ROOT), ignored -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return name -> headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
