package io.xloud.core.collection;

import java.util.Locale;
import java.util.Optional;

public enum SortDirection
{
    ASC,
    DESC;

    static Optional<SortDirection> parse(String text)
    {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "asc" -> Optional.of(ASC);
            case "desc" -> Optional.of(DESC);
            default -> Optional.empty();
        };
    }

    SortDirection reversed()
    {
        return this == ASC ? DESC : ASC;
    }
}
