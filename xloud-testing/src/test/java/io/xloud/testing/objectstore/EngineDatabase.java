package io.xloud.testing.objectstore;

import io.xloud.core.db.Database;
import io.xloud.testing.TestServer;

import java.util.Optional;
import java.util.UUID;

/** The database of an object engine test, migrated: H2 in memory, or a fresh schema of the PostgreSQL the suite runs on (-Dxloud.test.db=jdbc:postgresql:...). */
final class EngineDatabase
{
    private EngineDatabase() {}

    static Database open()
    {
        Optional<String> postgres = TestServer.freshDatabaseUrl();
        Database database = postgres.isPresent()
                ? Database.open(postgres.get(), System.getProperty("xloud.test.db.user", "xloud"), System.getProperty("xloud.test.db.password", "xloud"), 8)
                : Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;OPTIMIZE_REUSE_RESULTS=FALSE;DB_CLOSE_DELAY=-1",
                        "", "", 8);
        database.migrate("object-store");
        return database;
    }
}
