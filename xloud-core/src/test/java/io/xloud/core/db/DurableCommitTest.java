package io.xloud.core.db;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded H2 syncs its file before a commit that wrote returns: for Jdbi transactions, single statements in
 * autocommit and plain JDBC; reads cost no sync; concurrent commits share syncs.
 */
class DurableCommitTest
{
    @TempDir
    Path directory;

    private Database database;

    @BeforeEach
    void open()
    {
        database = Database.open(Database.embeddedUrl(directory), "", "", 20);
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(64) NOT NULL)"));
    }

    @AfterEach
    void close()
    {
        database.close();
    }

    private long syncsDuring(Runnable work)
    {
        long before = database.commitSyncs();
        work.run();
        return database.commitSyncs() - before;
    }

    private static void insert(Handle handle, long id)
    {
        handle.createUpdate("INSERT INTO notes (id, body) VALUES (:id, 'x')").bind("id", id).execute();
    }

    @Test
    void aTransactionThatWroteSyncsOnceAtCommit()
    {
        assertThat(syncsDuring(() -> database.jdbi().useTransaction(h -> {
            insert(h, 1);
            insert(h, 2);
        }))).isEqualTo(1);
    }

    @Test
    void theUnitOfWorkSyncsItsCommit()
    {
        UnitOfWork work = new UnitOfWork(database.jdbi());
        assertThat(syncsDuring(() -> work.run(() -> work.transaction(h -> {
            insert(h, 1);
            return null;
        })))).isEqualTo(1);
    }

    @Test
    void aWriteInAutocommitSyncsBeforeItReturns()
    {
        assertThat(syncsDuring(() -> database.jdbi().useHandle(h -> insert(h, 1)))).isEqualTo(1);
        assertThat(syncsDuring(() -> database.jdbi().useHandle(h -> h.execute("UPDATE notes SET body = 'y' WHERE id = 1")))).isEqualTo(1);
    }

    @Test
    void readsAndReadOnlyTransactionsDoNotSync()
    {
        database.jdbi().useHandle(h -> insert(h, 1));
        assertThat(syncsDuring(() -> {
            database.jdbi().withHandle(h -> h.createQuery("SELECT body FROM notes WHERE id = 1").mapTo(String.class).one());
            database.jdbi().inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM notes").mapTo(Long.class).one());
        })).isZero();
    }

    @Test
    void statementsThatChangedNoRowAndRowLocksDoNotSync()
    {
        database.jdbi().useHandle(h -> insert(h, 1));
        assertThat(syncsDuring(() -> database.jdbi().useTransaction(h -> {
            h.createQuery("SELECT body FROM notes WHERE id = 1 FOR UPDATE").mapTo(String.class).one();
            h.createUpdate("UPDATE notes SET body = 'y' WHERE id = 99").execute();
            h.createUpdate("DELETE FROM notes WHERE id = 99").execute();
            h.execute("UPDATE notes SET body = 'y' WHERE id = 98");
        }))).isZero();
        assertThat(syncsDuring(() -> database.jdbi().useHandle(h -> h.createUpdate("DELETE FROM notes WHERE id = 99").execute()))).isZero();
        // the same statements when they do change a row
        assertThat(syncsDuring(() -> database.jdbi().useTransaction(h -> {
            h.createQuery("SELECT body FROM notes WHERE id = 1 FOR UPDATE").mapTo(String.class).one();
            h.createUpdate("UPDATE notes SET body = 'y' WHERE id = 1").execute();
        }))).isEqualTo(1);
        assertThat(syncsDuring(() -> database.jdbi().useHandle(h -> h.createUpdate("DELETE FROM notes WHERE id = 1").execute()))).isEqualTo(1);
        // a change of schema answers a count of 0 and still syncs
        assertThat(syncsDuring(() -> database.jdbi().useHandle(h -> h.createUpdate("CREATE TABLE more_notes (id BIGINT PRIMARY KEY)").execute())))
                .isEqualTo(1);
        String body = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM notes").mapTo(String.class).one());
        assertThat(body).isEqualTo("0");
    }

    @Test
    void aRolledBackTransactionDoesNotSync()
    {
        assertThat(syncsDuring(() -> database.jdbi().useTransaction(h -> {
            insert(h, 1);
            h.rollback();
        }))).isZero();
    }

    @Test
    void plainJdbcCommitsAndAutocommitWritesSync()
            throws Exception
    {
        long before = database.commitSyncs();
        try (Connection connection = database.dataSource().getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO notes (id, body) VALUES (?, 'x')")) {
                statement.setLong(1, 1);
                statement.executeUpdate();
            }
            assertThat(database.commitSyncs() - before).isEqualTo(1);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO notes (id, body) VALUES (2, 'x')");
                assertThat(statement.getConnection()).isSameAs(connection);
            }
            assertThat(database.commitSyncs() - before).isEqualTo(1);
            // turning autocommit back on commits the open transaction
            connection.setAutoCommit(true);
            assertThat(database.commitSyncs() - before).isEqualTo(2);
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM notes")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
            assertThat(database.commitSyncs() - before).isEqualTo(2);
        }
    }

    @Test
    void concurrentCommitsShareSyncs()
            throws Exception
    {
        int threads = 16;
        int commits = 25;
        CountDownLatch start = new CountDownLatch(1);
        long before = database.commitSyncs();
        List<Future<?>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                long base = t * 1000L;
                results.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < commits; i++) {
                        long id = base + i;
                        database.jdbi().useTransaction(h -> insert(h, id));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get();
            }
        }
        long rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM notes").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(threads * commits);
        long syncs = database.commitSyncs() - before;
        assertThat(syncs).isPositive().isLessThan(threads * commits);
    }

    @Test
    void anInMemoryDatabaseHasNothingToSync()
    {
        try (Database memory = Database.open("jdbc:h2:mem:durable-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "", "", 2)) {
            memory.jdbi().useTransaction(h -> h.execute("CREATE TABLE notes (id BIGINT PRIMARY KEY)"));
            memory.jdbi().useHandle(h -> h.execute("INSERT INTO notes (id) VALUES (1)"));
            assertThat(memory.commitSyncs()).isZero();
        }
    }

    @Test
    void committedRowsAreThereAfterReopening()
    {
        database.jdbi().useTransaction(h -> insert(h, 7));
        database.close();
        database = Database.open(Database.embeddedUrl(directory), "", "", 2);
        String body = database.jdbi().withHandle(h -> h.createQuery("SELECT body FROM notes WHERE id = 7").mapTo(String.class).one());
        assertThat(body).isEqualTo("x");
    }

    @Test
    void aCommitIsInTheFileWhenItReturns(@TempDir Path crashed)
            throws Exception
    {
        // the file as a crash right after the commits returned would leave it: copied while the database is open
        database.jdbi().useTransaction(h -> insert(h, 8));
        database.jdbi().useHandle(h -> insert(h, 9));
        Files.copy(directory.resolve("xloud.mv.db"), crashed.resolve("xloud.mv.db"));
        try (Database copy = Database.open(Database.embeddedUrl(crashed), "", "", 2)) {
            List<Long> ids = copy.jdbi().withHandle(h -> h.createQuery("SELECT id FROM notes ORDER BY id").mapTo(Long.class).list());
            assertThat(ids).containsExactly(8L, 9L);
        }
    }

    @Test
    void eachConnectionKeepsTheParsedFormOfItsLast64Statements()
    {
        // a request runs more different statements than H2's default of 8, which parsed nearly all of them again
        String size = database.jdbi().withHandle(h -> h.createQuery("SELECT setting_value FROM information_schema.settings WHERE setting_name = 'QUERY_CACHE_SIZE'")
                .mapTo(String.class).one());
        assertThat(size).isEqualTo("64");
    }
}
