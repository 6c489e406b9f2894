package io.xloud.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

import java.nio.file.Path;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The relational store: H2 in a file of the data directory by default (PostgreSQL mode), or PostgreSQL
 * for many nodes. One set of migrations serves both; each module keeps its own migration history.
 */
public final class Database
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(HikariDataSource pool, DataSource dataSource, boolean postgres)
    {
        this.pool = pool;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.postgres = postgres;
    }

    /** The embedded database's URL. WRITE_DELAY=1000: H2 writes commits to its file in the background at most a
     * second apart; a commit that wrote does not wait for that, {@link #open} has it write and sync the file before
     * the commit returns, once for all the commits waiting at the time; OPTIMIZE_REUSE_RESULTS=FALSE: a query run
     * again with the same parameters is run, not answered from the session's previous result, which under
     * concurrent transactions could miss a row committed since (a writer holding a row lock then read an object as
     * it was before the last commit); DB_CLOSE_ON_EXIT=FALSE: the database stays open until the platform closes
     * it, after requests in flight finished on SIGTERM; RETENTION_TIME=5000: a chunk of the file that no longer
     * holds live data may be written over 5 s after it was written instead of H2's 45 s. Each sync writes a new
     * chunk, about a hundred a second under a steady load of small writes, so with 45 s the file grew to 2 GB in
     * 90 s of 4 KiB PUTs for 10 MB of live data, and to 0.4 GB with 5 s. The wait guards a chunk that an unsynced
     * later chunk stopped using; every chunk a commit writes here is synced before the next one is written.
     * QUERY_CACHE_SIZE=64: each connection keeps the parsed form of its last 64 statements instead of H2's 8; a
     * request runs more than 8 different statements, so with 8 nearly every statement was parsed and planned again,
     * 11.5% of the CPU under small PUTs, 2.6% with 64. */
    public static String embeddedUrl(Path dataDir)
    {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("xloud")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=1000;OPTIMIZE_REUSE_RESULTS=FALSE;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;RETENTION_TIME=5000;QUERY_CACHE_SIZE=64";
    }

    public static Database open(String url, String user, String password, int poolSize)
    {
        requireNonNull(url, "url is null");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName("xloud-db");
        config.setConnectionTimeout(30_000);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource pool = new HikariDataSource(config);
        // PostgreSQL syncs its log at each commit itself (synchronous_commit); H2 in a file does not
        DataSource dataSource = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") ? new DurableDataSource(pool) : pool;
        return new Database(pool, dataSource, url.startsWith("jdbc:postgresql:"));
    }

    /** Key of the PostgreSQL advisory lock that lets one node at a time migrate. */
    private static final long MIGRATION_LOCK = 0x786c6f7564L;

    /**
     * Applies a module's migrations from {@code db/migration/<module>}. Nodes starting at once on one
     * PostgreSQL take turns through an advisory lock, so the first creates each module's history and the
     * others find it complete; the embedded H2 belongs to one process anyway.
     */
    public void migrate(String module)
    {
        // Flyway's scan and validation cost a few hundred milliseconds of every start; when the module's
        // migrations are exactly those last applied here, there is nothing for it to do
        String fingerprint = MigrationFingerprint.of("db/migration/" + module);
        if (fingerprint.equals(appliedFingerprint(module))) {
            return;
        }
        if (!postgres) {
            flyway(module);
            recordFingerprint(module, fingerprint);
            return;
        }
        try (java.sql.Connection connection = dataSource.getConnection()) {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            }
            try {
                flyway(module);
                recordFingerprint(module, fingerprint);
            }
            finally {
                try (java.sql.Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
                }
            }
        }
        catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot lock the database for migrations: " + e.getMessage(), e);
        }
    }

    private void flyway(String module)
    {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + module)
                .table("flyway_history_" + module.replace('-', '_'))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** The fingerprint recorded after the module's last successful migration, or empty before the first. */
    private String appliedFingerprint(String module)
    {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement statement = connection.prepareStatement("SELECT fingerprint FROM xloud_schema_fingerprints WHERE module = ?")) {
            statement.setString(1, module);
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        }
        catch (java.sql.SQLException e) {
            // no table yet: a database that was never migrated by this build
            return "";
        }
    }

    private void recordFingerprint(String module, String fingerprint)
    {
        jdbi.useTransaction(handle -> {
            handle.execute("CREATE TABLE IF NOT EXISTS xloud_schema_fingerprints (module VARCHAR(64) PRIMARY KEY, fingerprint VARCHAR(128) NOT NULL)");
            int updated = handle.createUpdate("UPDATE xloud_schema_fingerprints SET fingerprint = :fingerprint WHERE module = :module")
                    .bind("module", module).bind("fingerprint", fingerprint).execute();
            if (updated == 0) {
                handle.createUpdate("INSERT INTO xloud_schema_fingerprints (module, fingerprint) VALUES (:module, :fingerprint)")
                        .bind("module", module).bind("fingerprint", fingerprint).execute();
            }
        });
    }

    public Jdbi jdbi()
    {
        return jdbi;
    }

    public DataSource dataSource()
    {
        return dataSource;
    }

    public boolean isPostgres()
    {
        return postgres;
    }

    /**
     * A number that grows after every committed write, when this process is the only writer of the database (the
     * embedded H2, whose file one process holds): a result read while it had one value is current as long as it
     * keeps that value. Empty over PostgreSQL, where other nodes write too.
     */
    public OptionalLong changes()
    {
        return dataSource instanceof DurableDataSource durable ? OptionalLong.of(durable.changes()) : OptionalLong.empty();
    }

    /** Syncs of the database file made for commits so far; 0 where the database syncs its own commits. */
    long commitSyncs()
    {
        return dataSource instanceof DurableDataSource durable ? durable.groupCommit().syncs() : 0;
    }

    @Override
    public void close()
    {
        pool.close();
        if (dataSource instanceof DurableDataSource durable) {
            durable.close();
        }
        if (dataSource instanceof DurableDataSource durable && durable.groupCommit().waits() > 0) {
            // how well concurrent commits shared their syncs
            LOG.info("database: {} durable commits took {} syncs of the file", durable.groupCommit().waits(), durable.groupCommit().syncs());
        }
    }
}
