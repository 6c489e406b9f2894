package io.xloud.objectstore.store;

import org.jdbi.v3.core.statement.Query;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A range of names in byte order: an optional lower bound (inclusive or not), an optional exclusive upper
 * bound, and the direction of the walk. Listings narrow it as they go (markers, prefixes, skipped subdirs).
 */
public record Bounds(Optional<byte[]> lower, boolean lowerInclusive, Optional<byte[]> upper, boolean descending)
{
    public Bounds
    {
        requireNonNull(lower, "lower is null");
        requireNonNull(upper, "upper is null");
    }

    public static Bounds all(boolean descending)
    {
        return new Bounds(Optional.empty(), false, Optional.empty(), descending);
    }

    /** Names strictly after {@code name}. */
    public Bounds after(String name)
    {
        return atLeast(utf8(name), false);
    }

    /** Names from {@code name} on. */
    public Bounds from(byte[] name)
    {
        return atLeast(name, true);
    }

    /** Names strictly before {@code name}. */
    public Bounds before(String name)
    {
        return before(utf8(name));
    }

    public Bounds before(byte[] name)
    {
        if (upper.isPresent() && Arrays.compareUnsigned(upper.get(), name) <= 0) {
            return this;
        }
        return new Bounds(lower, lowerInclusive, Optional.of(name), descending);
    }

    /** Names that start with {@code prefix}. */
    public Bounds withPrefix(String prefix)
    {
        byte[] bytes = utf8(prefix);
        if (bytes.length == 0) {
            return this;
        }
        Bounds bounded = atLeast(bytes, true);
        return successor(bytes).map(bounded::before).orElse(bounded);
    }

    private Bounds atLeast(byte[] name, boolean inclusive)
    {
        if (lower.isPresent()) {
            int order = Arrays.compareUnsigned(lower.get(), name);
            if (order > 0 || (order == 0 && !lowerInclusive)) {
                return this;
            }
        }
        return new Bounds(Optional.of(name), inclusive, upper, descending);
    }

    /**
     * Names from {@code name} on in the listing's order, {@code name} included (a listing that goes on among its
     * versions): at or after it, or (descending) at or before it.
     */
    public Bounds resumingAt(String name)
    {
        byte[] bytes = utf8(name);
        // at or before a name: before its immediate successor in byte order, the name and a zero byte
        return descending ? before(Arrays.copyOf(bytes, bytes.length + 1)) : from(bytes);
    }

    /** Past every name that starts with {@code prefix} in the listing's order; empty when no name can come after them. */
    public Optional<Bounds> past(String prefix)
    {
        byte[] bytes = utf8(prefix);
        return descending ? Optional.of(before(bytes)) : successor(bytes).map(this::from);
    }

    /** Whether no name can fall in the range. */
    public boolean isEmpty()
    {
        if (lower.isEmpty() || upper.isEmpty()) {
            return false;
        }
        return Arrays.compareUnsigned(lower.get(), upper.get()) >= 0;
    }

    /** The smallest byte string greater than every string starting with {@code prefix}, if there is one. */
    public static Optional<byte[]> successor(byte[] prefix)
    {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if ((prefix[i] & 0xff) != 0xff) {
                byte[] next = Arrays.copyOf(prefix, i + 1);
                next[i]++;
                return Optional.of(next);
            }
        }
        return Optional.empty();
    }

    void appendTo(StringBuilder sql, String column)
    {
        lower.ifPresent(ignored -> sql.append(" AND ").append(column).append(lowerInclusive ? " >= :lower" : " > :lower"));
        upper.ifPresent(ignored -> sql.append(" AND ").append(column).append(" < :upper"));
    }

    void bind(Query query)
    {
        lower.ifPresent(value -> query.bind("lower", value));
        upper.ifPresent(value -> query.bind("upper", value));
    }

    public static byte[] utf8(String name)
    {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
