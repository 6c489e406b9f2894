package io.xloud.testing.objectstore;

import io.xloud.objectstore.driver.BlobStore;
import io.xloud.objectstore.driver.LocalDiskBlobStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LocalDiskBlobStoreTest
        extends BaseBlobStoreTest
{
    private Path root;

    @Override
    protected BlobStore createStore()
            throws Exception
    {
        root = Files.createTempDirectory("xloud-blobs-");
        return new LocalDiskBlobStore(root);
    }

    @Override
    protected void destroyStore()
            throws Exception
    {
        ((LocalDiskBlobStore) store).close();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void blobsAreShardedFilesAndNoTempFileRemains()
            throws Exception
    {
        String id = store.write(new ByteArrayInputStream(random(1000)), Long.MAX_VALUE).blobId();
        assertThat(root.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id)).isRegularFile().hasSize(1000);
        assertThat(tempFiles()).isZero();
    }

    @Test
    void tempFilesOfADeadProcessAreRemovedAtStart()
            throws Exception
    {
        // what a process killed mid-upload leaves: its temp dir with a half-written file, and its unlocked lock file
        Path dead = root.resolve("tmp").resolve("0123456789abcdef0123456789abcdef");
        Files.createDirectories(dead);
        Files.write(dead.resolve("fedcba9876543210fedcba9876543210"), random(4096));
        // killed a moment ago: its lock file is fresh, but nobody holds the lock
        Path lock = root.resolve("tmp").resolve("0123456789abcdef0123456789abcdef.lock");
        Files.createFile(lock);
        try (LocalDiskBlobStore second = new LocalDiskBlobStore(root)) {
            assertThat(dead).doesNotExist();
            assertThat(lock).doesNotExist();
        }
    }

    @Test
    void tempFilesOfALiveProcessStay()
            throws Exception
    {
        // this test's store is alive and holds its lock: a second process starting must leave it alone
        try (LocalDiskBlobStore second = new LocalDiskBlobStore(root)) {
            String id = second.write(new ByteArrayInputStream(random(10)), Long.MAX_VALUE).blobId();
            assertThat(second.exists(id)).isTrue();
        }
        assertThat(store.write(new ByteArrayInputStream(random(10)), Long.MAX_VALUE).size()).isEqualTo(10);
    }

    @Test
    void orphanHorizonIsStartWhenAlone()
            throws Exception
    {
        Instant horizon = store.orphanHorizon();
        assertThat(horizon).isBefore(Instant.now().plusSeconds(1));
        assertThat(horizon).isAfter(Instant.now().minusSeconds(60));
    }

    private long tempFiles()
            throws IOException
    {
        try (Stream<Path> files = Files.walk(root.resolve("tmp"))) {
            return files.filter(Files::isRegularFile).filter(path -> !path.toString().endsWith(".lock")).count();
        }
    }
}
