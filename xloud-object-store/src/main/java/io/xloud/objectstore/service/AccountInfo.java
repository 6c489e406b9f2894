package io.xloud.objectstore.service;

import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * An account (one per project) as the engine knows it. Every account exists implicitly; one never used has
 * no metadata, zero counts and {@code createdAt} 0. Times are epoch microseconds. {@code sysmeta} is face-private
 * state (e.g. Swift's account ACL) that user metadata can neither see nor change.
 */
public record AccountInfo(
        String account,
        Map<String, String> metadata,
        Map<String, String> sysmeta,
        long containerCount,
        long objectCount,
        long bytesUsed,
        long createdAt,
        long updatedAt)
{
    /** The user metadata key that holds an account's byte quota (Swift's X-Account-Meta-Quota-Bytes). */
    public static final String QUOTA_BYTES = "quota-bytes";

    public AccountInfo
    {
        requireNonNull(account, "account is null");
        metadata = Map.copyOf(metadata);
        sysmeta = Map.copyOf(sysmeta);
    }

    public boolean used()
    {
        return createdAt > 0;
    }

    public OptionalLong quotaBytes()
    {
        return Quotas.parse(metadata.get(QUOTA_BYTES));
    }
}
