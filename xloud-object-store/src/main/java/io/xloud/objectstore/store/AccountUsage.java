package io.xloud.objectstore.store;

/** An account's totals, summed over its containers. */
public record AccountUsage(long containerCount, long objectCount, long bytesUsed)
{
    public static final AccountUsage EMPTY = new AccountUsage(0, 0, 0);
}
