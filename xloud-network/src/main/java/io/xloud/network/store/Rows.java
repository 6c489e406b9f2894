package io.xloud.network.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.xloud.core.json.Json;
import io.xloud.network.service.Standard;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading and binding the columns every resource shares, and the JSON text columns. */
public final class Rows
{
    private Rows() {}

    public static Standard standard(ResultSet rs, List<String> tags)
            throws SQLException
    {
        return new Standard(rs.getString("project_id"), rs.getString("description"), tags, instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getLong("revision_number"));
    }

    public static Instant instant(ResultSet rs, String column)
            throws SQLException
    {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? Instant.EPOCH : value.toInstant(ZoneOffset.UTC);
    }

    public static LocalDateTime time(Instant instant)
    {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Binds project_id, description, created_at, updated_at and revision_number. */
    public static <S extends SqlStatement<S>> S bindStandard(S statement, Standard standard)
    {
        return statement.bind("project_id", standard.projectId())
                .bind("description", standard.description())
                .bind("created_at", time(standard.createdAt()))
                .bind("updated_at", time(standard.updatedAt()))
                .bind("revision_number", standard.revisionNumber());
    }

    public static Optional<String> optional(ResultSet rs, String column)
            throws SQLException
    {
        return Optional.ofNullable(rs.getString(column));
    }

    public static Optional<Integer> optionalInt(ResultSet rs, String column)
            throws SQLException
    {
        int value = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static String json(Object value)
    {
        return Json.string(value);
    }

    public static List<String> stringList(String json)
    {
        // most such columns hold an empty list: lists of many rows read thousands of them
        if (isEmptyList(json)) {
            return List.of();
        }
        return Json.mapper().convertValue(Json.parse(json), new TypeReference<List<String>>() {});
    }

    public static List<Map<String, Object>> mapList(String json)
    {
        if (isEmptyList(json)) {
            return List.of();
        }
        return Json.mapper().convertValue(Json.parse(json), new TypeReference<List<Map<String, Object>>>() {});
    }

    private static boolean isEmptyList(String json)
    {
        return json != null && json.length() == 2 && json.charAt(0) == '[' && json.charAt(1) == ']';
    }

    public static Map<String, Object> map(String json)
    {
        return Json.mapper().convertValue(Json.parse(json), new TypeReference<Map<String, Object>>() {});
    }

    /** Whether a failure is a unique-key violation (SQLState 23505 on H2 and PostgreSQL). */
    /** Whether the failure is a foreign key that names no row (SQLState 23503, or H2's 23506 for a missing parent). */
    public static boolean foreignKeyViolation(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("23503".equals(sql.getSQLState()) || "23506".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    public static boolean uniqueViolation(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
