package io.xloud.core.collection;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A condition a service adds to every query of a list (project scoping, visibility rules): SQL written by the service
 * with {@code :named} parameters bound to values. Parameter names must not start with {@code xl_} (the query's own).
 */
public record SqlPredicate(String sql, Map<String, Object> parameters)
{
    public SqlPredicate
    {
        requireNonNull(sql, "sql is null");
        parameters = Map.copyOf(parameters);
        for (String name : parameters.keySet()) {
            if (name.startsWith("xl_")) {
                throw new IllegalArgumentException("parameter names starting with xl_ are reserved: " + name);
            }
        }
    }

    public static SqlPredicate of(String sql)
    {
        return new SqlPredicate(sql, Map.of());
    }

    public static SqlPredicate of(String sql, String name, Object value)
    {
        return new SqlPredicate(sql, Map.of(name, value));
    }

    /** Matches nothing, e.g. a filter on something this deployment never has (Keystone's idp_id without federation). */
    public static SqlPredicate none()
    {
        return of("1 = 0");
    }
}
