package io.xloud.network.store;

import org.jdbi.v3.core.Handle;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The owners of objects RBAC policies name, in the tables of the resources that own them. */
public final class RbacObjectStore
{
    private static final Pattern TABLE = Pattern.compile("[a-z_]{1,64}");

    private RbacObjectStore() {}

    /** The project of the row {@code id} of {@code table}; empty when there is no such row or no such table. */
    public static Optional<String> owner(Handle h, String table, String id)
    {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        if (!exists(h, table)) {
            return Optional.empty();
        }
        return h.createQuery("SELECT project_id FROM " + table + " WHERE id = :id").bind("id", id).mapTo(String.class).findOne();
    }

    /** Asked of the connection's metadata, so that a missing table never aborts the open transaction. */
    private static boolean exists(Handle h, String table)
    {
        try {
            DatabaseMetaData metadata = h.getConnection().getMetaData();
            for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
                try (ResultSet tables = metadata.getTables(null, null, name, new String[] {"TABLE", "BASE TABLE"})) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's tables: " + e.getMessage(), e);
        }
    }
}
