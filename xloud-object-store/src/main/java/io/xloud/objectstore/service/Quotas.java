package io.xloud.objectstore.service;

import java.util.OptionalLong;

final class Quotas
{
    private Quotas() {}

    /** A quota value as stored in metadata; absent, empty or not a non-negative number means no quota. */
    static OptionalLong parse(String value)
    {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long quota = Long.parseLong(value.strip());
            return quota < 0 ? OptionalLong.empty() : OptionalLong.of(quota);
        }
        catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
