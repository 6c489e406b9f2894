package io.xloud.core.collection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * How a listed attribute is typed: what a query value must look like to filter on it, and how its column is read.
 * A value that does not parse is a 400, so the database only ever sees well-typed parameters.
 */
public enum AttributeType
{
    STRING,
    /** Compared as text; a value that is no UUID simply matches nothing (ids of other forms exist, e.g. Keystone's hex ids). */
    UUID,
    INTEGER,
    BOOLEAN,
    /** A SQL TIMESTAMP column holding UTC; ISO 8601 on the wire. */
    TIMESTAMP,
    /** A BIGINT column of epoch milliseconds; ISO 8601 on the wire. */
    EPOCH_MILLIS;

    /** The bound value for a query text, or empty when it is not of this type. */
    Optional<Object> parse(String text)
    {
        return switch (this) {
            case STRING, UUID -> Optional.of(text);
            case INTEGER -> parseInteger(text);
            case BOOLEAN -> parseBoolean(text).map(Object.class::cast);
            case TIMESTAMP -> parseInstant(text).map(instant -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            case EPOCH_MILLIS -> parseInstant(text).map(Instant::toEpochMilli);
        };
    }

    /** Whether values of this type have an order a client may compare against (gt, lt, ...). */
    boolean ordered()
    {
        return this != BOOLEAN;
    }

    boolean textual()
    {
        return this == STRING || this == UUID;
    }

    Object read(ResultSet rs, int column)
            throws SQLException
    {
        Object value = switch (this) {
            case STRING, UUID -> rs.getString(column);
            case INTEGER, EPOCH_MILLIS -> rs.getLong(column);
            case BOOLEAN -> rs.getBoolean(column);
            case TIMESTAMP -> rs.getObject(column, LocalDateTime.class);
        };
        return rs.wasNull() ? null : value;
    }

    static Optional<Boolean> parseBoolean(String text)
    {
        // oslo's TRUE_STRINGS and FALSE_STRINGS, which Keystone and Neutron read booleans by
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> Optional.of(true);
            case "false", "0", "no", "off", "f", "n" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static Optional<Object> parseInteger(String text)
    {
        if (text.isEmpty() || text.length() > 19) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** ISO 8601 with a zone or offset, or without one meaning UTC (as Keystone, Glance and Nova accept it). */
    static Optional<Instant> parseInstant(String text)
    {
        if (text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        }
        catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            }
            catch (DateTimeParseException again) {
                // a date alone is its midnight, UTC, as oslo's parse_isotime reads it
                try {
                    return Optional.of(java.time.LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
                }
                catch (DateTimeParseException dateOnly) {
                    return Optional.empty();
                }
            }
        }
    }
}
