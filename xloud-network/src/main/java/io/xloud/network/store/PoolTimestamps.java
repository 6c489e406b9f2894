package io.xloud.network.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** TIMESTAMP columns hold UTC wall-clock time, as the standard attributes' columns do. */
final class PoolTimestamps
{
    private PoolTimestamps() {}

    static Instant read(ResultSet rs, String column)
            throws SQLException
    {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    static LocalDateTime write(Instant instant)
    {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
