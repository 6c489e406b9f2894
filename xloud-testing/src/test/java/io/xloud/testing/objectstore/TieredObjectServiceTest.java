package io.xloud.testing.objectstore;

import io.xloud.core.db.Database;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.objectstore.driver.BlobStore.StagedBlob;
import io.xloud.objectstore.driver.LocalDiskBlobStore;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;
import io.xloud.objectstore.service.PutResult;
import io.xloud.objectstore.service.Timestamps;
import io.xloud.objectstore.store.ObjectMetadataStore;
import io.xloud.objectstore.store.SmallBlobStore;
import io.xloud.objectstore.store.TieredBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine over small blobs kept in the database: a small object's bytes commit with its metadata, and the bytes
 * an overwrite frees go in the same commit, so that no write leaves a blob row that nothing names, or names a row
 * that is not there.
 */
class TieredObjectServiceTest
{
    private static final String ACCOUNT = "project1";
    private static final int LIMIT = 1024;

    @TempDir
    Path dir;
    private Database database;
    private LocalDiskBlobStore disk;
    private TieredBlobStore blobs;
    private ObjectService objects;

    @BeforeEach
    void setUp()
            throws Exception
    {
        database = EngineDatabase.open();
        disk = new LocalDiskBlobStore(dir.resolve("objects"));
        blobs = new TieredBlobStore(disk, new SmallBlobStore(database.jdbi()), LIMIT, Clock.systemUTC());
        objects = new ObjectService(new ObjectMetadataStore(database.jdbi()), blobs, new Timestamps(Clock.systemUTC()));
        objects.createContainer(ACCOUNT, "c", MetadataUpdate.none(), MetadataUpdate.none());
    }

    @AfterEach
    void tearDown()
            throws Exception
    {
        disk.close();
        database.close();
    }

    @Test
    void overwritesOfASmallObjectLeaveOneBlobRow()
            throws Exception
    {
        for (int i = 0; i < 5; i++) {
            put("a", "version " + i);
        }
        assertThat(read("a")).isEqualTo("version 4");
        assertThat(rows()).isEqualTo(1);
        assertThat(files()).isZero();
        objects.deleteObject(path("a"));
        assertThat(rows()).isZero();
    }

    @Test
    void aSmallWriteIsOneCommitOfTheEmbeddedDatabase()
            throws Exception
    {
        // the embedded default syncs its file for every commit (shared among concurrent ones): a small object's
        // bytes, its metadata and the bytes it replaces take one commit, not one each
        Path embedded = dir.resolve("embedded");
        try (Database file = Database.open(Database.embeddedUrl(embedded), "", "", 4)) {
            file.migrate("object-store");
            TieredBlobStore tiered = new TieredBlobStore(disk, new SmallBlobStore(file.jdbi()), LIMIT, Clock.systemUTC());
            ObjectService service = new ObjectService(new ObjectMetadataStore(file.jdbi()), tiered, new Timestamps(Clock.systemUTC()));
            service.createContainer(ACCOUNT, "c", MetadataUpdate.none(), MetadataUpdate.none());
            service.putObject(path("a"), stream("first"), ObjectWrite.builder("text/plain").build());
            long before = file.changes().orElseThrow();
            service.putObject(path("a"), stream("second"), ObjectWrite.builder("text/plain").build());
            assertThat(file.changes().orElseThrow() - before).isEqualTo(1);
            service.putObject(path("b"), stream("new"), ObjectWrite.builder("text/plain").build());
            assertThat(file.changes().orElseThrow() - before).isEqualTo(2);
            int rows = file.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM object_small_blobs").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(2);
        }
    }

    @Test
    void aSmallObjectReplacedByALargeOneAndBackLeavesOnlyTheCurrentBlob()
            throws Exception
    {
        put("a", "small");
        put("a", "x".repeat(LIMIT + 1));
        assertThat(rows()).isZero();
        assertThat(files()).isEqualTo(1);
        put("a", "small again");
        assertThat(read("a")).isEqualTo("small again");
        assertThat(rows()).isEqualTo(1);
        assertThat(files()).isZero();
    }

    @Test
    void aRefusedPutStoresNoBlobAndKeepsTheObjectItWouldHaveReplaced()
            throws Exception
    {
        put("a", "kept");
        assertThatThrownBy(() -> objects.putObject(path("a"), stream("other"), ObjectWrite.builder("text/plain").expectedMd5("0".repeat(32)).build()))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ObjectErrorCode.CHECKSUM_MISMATCH));
        // a quota is checked inside the transaction that would keep the blob: it rolls back with it
        objects.updateContainer(ACCOUNT, "c", MetadataUpdate.set(Map.of("quota-bytes", "10")), MetadataUpdate.none());
        assertThatThrownBy(() -> put("a", "far more than ten bytes")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ObjectErrorCode.QUOTA_EXCEEDED));
        assertThat(read("a")).isEqualTo("kept");
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void aSupersededSmallWriteStoresNoBlob()
            throws Exception
    {
        // the slow write takes its timestamp first; the fast one commits first, so the slow one is superseded
        ObjectServiceTest.BlockingStream slow = new ObjectServiceTest.BlockingStream("old content");
        try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
            Future<PutResult> older = executor.submit(() -> objects.putObject(path("a"), slow, ObjectWrite.builder("text/plain").build()));
            slow.started.await();
            put("a", "new content");
            slow.release.countDown();
            assertThat(older.get().superseded()).isTrue();
        }
        assertThat(read("a")).isEqualTo("new content");
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void concurrentOverwritesOfOneNameLeaveOneWholeObjectAndOneRow()
            throws Exception
    {
        List<String> contents = new ArrayList<>();
        List<Future<PutResult>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 64; i++) {
                String content = "writer " + i + " " + "y".repeat(i);
                contents.add(content);
                results.add(executor.submit(() -> put("same", content)));
            }
            for (Future<PutResult> result : results) {
                result.get();
            }
        }
        assertThat(contents).contains(read("same"));
        assertThat(rows()).isEqualTo(1);
        assertThat(objects.requireContainer(ACCOUNT, "c").objectCount()).isEqualTo(1);
    }

    @Test
    void aStagedSmallBlobIsStoredOnlyWhenKeptInACommittedTransaction()
            throws Exception
    {
        UnitOfWork work = new UnitOfWork(database.jdbi());
        StagedBlob rolledBack = blobs.stage(stream("rolled back"), Long.MAX_VALUE);
        assertThatThrownBy(() -> work.run(() -> {
            rolledBack.keep().run();
            throw new IllegalStateException("the metadata could not commit");
        })).hasMessage("the metadata could not commit");
        assertThat(blobs.exists(rolledBack.blob().blobId())).isFalse();

        StagedBlob unkept = blobs.stage(stream("never kept"), Long.MAX_VALUE);
        assertThatThrownBy(() -> unkept.keep().run()).isInstanceOf(IllegalStateException.class);
        assertThat(blobs.exists(unkept.blob().blobId())).isFalse();

        StagedBlob kept = blobs.stage(stream("kept"), Long.MAX_VALUE);
        work.run(() -> kept.keep().run());
        try (InputStream in = blobs.read(kept.blob().blobId(), 0, Long.MAX_VALUE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
        }
        assertThat(rows()).isEqualTo(1);

        // a body over the limit is a file, durable before any transaction
        StagedBlob large = blobs.stage(stream("z".repeat(LIMIT + 1)), Long.MAX_VALUE);
        assertThat(blobs.exists(large.blob().blobId())).isTrue();
    }

    @Test
    void aDeleteInATransactionGoesWithItsCommit()
            throws Exception
    {
        UnitOfWork work = new UnitOfWork(database.jdbi());
        String small = blobs.write(stream("small"), Long.MAX_VALUE).blobId();
        String large = blobs.write(stream("z".repeat(LIMIT + 1)), Long.MAX_VALUE).blobId();
        assertThatThrownBy(() -> work.run(() -> {
            assertThat(blobs.deleteInTransaction(small)).isTrue();
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(blobs.exists(small)).isTrue();
        work.run(() -> {
            assertThat(blobs.deleteInTransaction(small)).isTrue();
            // a file cannot be taken back by a rollback: the caller deletes it after the commit
            assertThat(blobs.deleteInTransaction(large)).isFalse();
        });
        assertThat(blobs.exists(small)).isFalse();
        assertThat(blobs.exists(large)).isTrue();
    }

    private PutResult put(String name, String content)
    {
        return objects.putObject(path(name), stream(content), ObjectWrite.builder("text/plain").build());
    }

    private String read(String name)
            throws Exception
    {
        ObjectInfo info = objects.requireObject(path(name));
        try (InputStream in = objects.open(info, 0, info.size())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private int rows()
    {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM object_small_blobs").mapTo(Integer.class).one());
    }

    private int files()
            throws Exception
    {
        int[] count = {0};
        disk.forEachBlob(blob -> count[0]++);
        return count[0];
    }

    private static ObjectPath path(String name)
    {
        return new ObjectPath(ACCOUNT, "c", name);
    }

    private static InputStream stream(String content)
    {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
