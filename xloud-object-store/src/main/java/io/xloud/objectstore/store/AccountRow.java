package io.xloud.objectstore.store;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** An account's own row: its metadata and when it was first used (epoch microseconds). */
public record AccountRow(String account, Map<String, String> metadata, long createdAt, long updatedAt)
{
    public AccountRow
    {
        requireNonNull(account, "account is null");
        metadata = Map.copyOf(metadata);
    }
}
