package io.xloud.core.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseMigrationTest
{
    @TempDir
    Path directory;

    private Database database;

    @BeforeEach
    void open()
    {
        database = Database.open(Database.embeddedUrl(directory), "", "", 2);
    }

    @AfterEach
    void close()
    {
        database.close();
    }

    @Test
    void aMigratedModuleRecordsTheFingerprintOfItsScripts()
    {
        database.migrate("core");

        String recorded = database.jdbi().withHandle(handle -> handle.createQuery("SELECT fingerprint FROM xloud_schema_fingerprints WHERE module = 'core'")
                .mapTo(String.class).one());
        assertThat(recorded).isEqualTo(MigrationFingerprint.of("db/migration/core"));
    }

    @Test
    void migrationsAreNotRunAgainWhileTheScriptsMatchWhatWasApplied()
    {
        database.migrate("core");
        // without its history Flyway would try to create the tables again; a matching fingerprint never asks it
        database.jdbi().useHandle(handle -> handle.execute("DROP TABLE flyway_history_core"));

        database.migrate("core");

        assertThat(tableCount("quota_limits")).isEqualTo(1);
    }

    @Test
    void scriptsThatDifferFromWhatWasAppliedRunFlywayAgain()
    {
        database.migrate("core");
        database.jdbi().useHandle(handle -> handle.execute("UPDATE xloud_schema_fingerprints SET fingerprint = 'older' WHERE module = 'core'"));
        database.jdbi().useHandle(handle -> handle.execute("DROP TABLE flyway_history_core"));

        // Flyway runs, finds the tables already there without a history, and fails: proof that it was asked
        assertThatThrownBy(() -> database.migrate("core")).isInstanceOf(RuntimeException.class);
    }

    private long tableCount(String table)
    {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = :table")
                .bind("table", table).mapTo(Long.class).one());
    }
}
