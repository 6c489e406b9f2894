package io.xloud.core.db;


import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** An empty database for a store test: H2 in a temp directory, or a fresh schema on the PostgreSQL given by -Dxloud.test.db. */
public final class TestDatabases
{
    private TestDatabases() {}

    public static Database open(Path directory)
    {
        String base = System.getProperty("xloud.test.db", "h2");
        String user = System.getProperty("xloud.test.db.user", "xloud");
        String password = System.getProperty("xloud.test.db.password", "xloud");
        if (!base.startsWith("jdbc:postgresql:")) {
            return Database.open(Database.embeddedUrl(directory), "", "", 20);
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(base, user, password); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Database.open(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password, 20);
    }
}
