package io.xloud.testing.objectstore;

import io.xloud.core.db.Database;
import io.xloud.objectstore.driver.BlobNotFoundException;
import io.xloud.objectstore.driver.BlobStore;
import io.xloud.objectstore.driver.BlobStore.BlobWrite;
import io.xloud.objectstore.driver.BlobTooLargeException;
import io.xloud.objectstore.driver.LocalDiskBlobStore;
import io.xloud.objectstore.store.SmallBlobStore;
import io.xloud.objectstore.store.TieredBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small blobs as rows of the database, the others as files: the blob store contract over both, and where each lands. */
class TieredBlobStoreTest
        extends BaseBlobStoreTest
{
    private static final int LIMIT = 4096;

    @TempDir
    Path root;
    private Database database;
    private LocalDiskBlobStore disk;

    @Override
    protected BlobStore createStore()
            throws Exception
    {
        database = EngineDatabase.open();
        disk = new LocalDiskBlobStore(root);
        return new TieredBlobStore(disk, new SmallBlobStore(database.jdbi()), LIMIT, Clock.systemUTC());
    }

    @Override
    protected void destroyStore()
            throws Exception
    {
        disk.close();
        database.close();
    }

    @Test
    void bodiesUpToTheLimitAreRowsAndLongerOnesFiles()
            throws Exception
    {
        byte[] atLimit = random(LIMIT);
        byte[] overLimit = random(LIMIT + 1);
        BlobWrite small = store.write(new ByteArrayInputStream(atLimit), Long.MAX_VALUE);
        BlobWrite large = store.write(new ByteArrayInputStream(overLimit), Long.MAX_VALUE);
        assertThat(small.blobId()).startsWith("s").hasSize(32);
        assertThat(small.size()).isEqualTo(LIMIT);
        assertThat(small.md5()).isEqualTo(md5(atLimit));
        assertThat(large.blobId()).matches("[0-9a-f]{32}");
        assertThat(large.md5()).isEqualTo(md5(overLimit));
        assertThat(files()).containsExactly(large.blobId());
        assertThat(read(small.blobId(), 0, LIMIT)).isEqualTo(atLimit);
        assertThat(read(large.blobId(), 0, LIMIT + 1)).isEqualTo(overLimit);
        assertThat(store.size(small.blobId())).isEqualTo(LIMIT);
        assertThat(store.exists(small.blobId())).isTrue();
    }

    @Test
    void rangesOfASmallBlobAreCutAtItsEnd()
            throws Exception
    {
        byte[] content = random(100);
        String id = store.write(new ByteArrayInputStream(content), Long.MAX_VALUE).blobId();
        assertThat(read(id, 10, 20)).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 30));
        assertThat(read(id, 90, 1000)).isEqualTo(java.util.Arrays.copyOfRange(content, 90, 100));
        assertThat(read(id, 500, 10)).isEmpty();
        assertThatThrownBy(() -> store.read(id, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSmallBodyOverTheWritesMaximumStoresNothing()
            throws Exception
    {
        int before = count();
        assertThatThrownBy(() -> store.write(new ByteArrayInputStream(random(100)), 99)).isInstanceOf(BlobTooLargeException.class);
        assertThat(count()).isEqualTo(before);
        assertThat(store.write(new ByteArrayInputStream(random(99)), 99).size()).isEqualTo(99);
    }

    @Test
    void aSmallBodyCutOffStoresNothing()
            throws Exception
    {
        int before = count();
        java.io.InputStream cutOff = failingAfter(100);
        assertThatThrownBy(() -> store.write(cutOff, Long.MAX_VALUE)).isInstanceOf(java.io.IOException.class).hasMessageContaining("went away");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void aQuarantinedSmallBlobIsAFileInTheQuarantine()
            throws Exception
    {
        byte[] content = random(300);
        String id = store.write(new ByteArrayInputStream(content), Long.MAX_VALUE).blobId();
        String location = store.quarantine(id);
        assertThat(Path.of(location)).isEqualTo(root.resolve(LocalDiskBlobStore.QUARANTINE_DIRECTORY).resolve(id)).hasBinaryContent(content);
        assertThatThrownBy(() -> store.read(id, 0, 1)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.quarantine(id)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void aCopyOfASmallBlobIsASmallBlobOfItsOwn()
            throws Exception
    {
        byte[] content = random(700);
        String id = store.write(new ByteArrayInputStream(content), Long.MAX_VALUE).blobId();
        String copy = store.copy(id);
        assertThat(copy).startsWith("s").isNotEqualTo(id);
        store.delete(id);
        assertThat(read(copy, 0, content.length)).isEqualTo(content);
        assertThat(files()).isEmpty();
    }

    @Test
    void theSweepSeesSmallBlobsWithTheirTimes()
            throws Exception
    {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            ids.add(store.write(new ByteArrayInputStream(random(i % 50)), Long.MAX_VALUE).blobId());
        }
        Map<String, java.time.Instant> seen = new ConcurrentHashMap<>();
        store.forEachBlob(blob -> seen.put(blob.blobId(), blob.lastModified()));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen.values()).allSatisfy(time -> assertThat(time).isBetween(java.time.Instant.now().minusSeconds(600), java.time.Instant.now()));
    }

    @Test
    void concurrentWritersGetTheirOwnBlobs()
            throws Exception
    {
        Map<String, byte[]> written = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        byte[] content = random(i * 97 % (LIMIT + 200));
                        written.put(store.write(new ByteArrayInputStream(content), Long.MAX_VALUE).blobId(), content);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(written).hasSize(16 * 40);
        for (Map.Entry<String, byte[]> entry : written.entrySet()) {
            assertThat(read(entry.getKey(), 0, Long.MAX_VALUE)).isEqualTo(entry.getValue());
        }
    }

    @Test
    void aLimitOfZeroKeepsEveryBlobOnDisk()
            throws Exception
    {
        BlobStore files = new TieredBlobStore(disk, new SmallBlobStore(database.jdbi()), 0, Clock.systemUTC());
        String id = files.write(new ByteArrayInputStream(random(10)), Long.MAX_VALUE).blobId();
        assertThat(files()).containsExactly(id);
        assertThatThrownBy(() -> new TieredBlobStore(disk, new SmallBlobStore(database.jdbi()), -1, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Set<String> files()
            throws Exception
    {
        Set<String> names = new HashSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(path -> !path.startsWith(root.resolve("tmp")) && !path.startsWith(root.resolve(LocalDiskBlobStore.QUARANTINE_DIRECTORY)))
                    .forEach(path -> names.add(path.getFileName().toString()));
        }
        return names;
    }
}
