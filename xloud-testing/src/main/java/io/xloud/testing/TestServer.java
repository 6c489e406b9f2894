package io.xloud.testing;

import io.xloud.core.config.XloudConfig;
import io.xloud.server.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole platform in-process on a random port, with a fresh data directory. The database is the
 * embedded H2 by default; with {@code -Dxloud.test.db=jdbc:postgresql://...} every server gets a fresh
 * PostgreSQL schema of its own, so the same tests run on both.
 */
public final class TestServer
        implements AutoCloseable
{
    public static final String ADMIN_PASSWORD = "admin-secret";

    private final Platform platform;
    private final Path dataDir;
    private final boolean ownsDataDir;

    private TestServer(Platform platform, Path dataDir, boolean ownsDataDir)
    {
        this.platform = platform;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    public static TestServer start()
    {
        return start(Map.of());
    }

    public static TestServer start(Map<String, String> settings)
    {
        try {
            Path dataDir = Files.createTempDirectory("xloud-test-");
            return start(dataDir, freshDatabaseUrl(), settings, true);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server on a given data directory and database, e.g. a second node of the same cloud. */
    public static TestServer start(Path dataDir, Optional<String> databaseUrl, Map<String, String> settings, boolean ownsDataDir)
    {
        Map<String, String> values = new HashMap<>();
        values.put("listen", "127.0.0.1:0");
        values.put("data_dir", dataDir.toString());
        values.put("identity.password_hash_rounds", "4");
        databaseUrl.ifPresent(url -> {
            values.put("db_url", url);
            values.put("db_user", System.getProperty("xloud.test.db.user", "xloud"));
            values.put("db_password", System.getProperty("xloud.test.db.password", "xloud"));
        });
        values.putAll(settings);
        try {
            XloudConfig config = XloudConfig.of(Platform.settings(), values);
            return new TestServer(Platform.start(config, Optional.of(ADMIN_PASSWORD)), dataDir, ownsDataDir);
        }
        catch (Exception e) {
            throw new IllegalStateException("test server failed to start", e);
        }
    }

    /** Empty for H2; for PostgreSQL a new schema, so that every test server starts from an empty database. */
    public static Optional<String> freshDatabaseUrl()
    {
        String base = System.getProperty("xloud.test.db", "h2");
        if (!base.startsWith("jdbc:postgresql:")) {
            return Optional.empty();
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(base, System.getProperty("xloud.test.db.user", "xloud"),
                System.getProperty("xloud.test.db.password", "xloud"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot create a test schema on " + base, e);
        }
        return Optional.of(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    public static boolean onPostgres()
    {
        return System.getProperty("xloud.test.db", "h2").startsWith("jdbc:postgresql:");
    }

    public String baseUrl()
    {
        return platform.publicUrl();
    }

    public String identityUrl()
    {
        return baseUrl() + "/identity/v3";
    }

    public Platform platform()
    {
        return platform;
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public Http http()
    {
        return new Http(baseUrl());
    }

    /** A client holding an admin token scoped to the admin project. */
    public Http admin()
    {
        Http http = http();
        http.login("admin", ADMIN_PASSWORD, "admin");
        return http;
    }

    @Override
    public void close()
    {
        try {
            platform.close();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (ownsDataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}
