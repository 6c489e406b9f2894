package io.xloud.testing.objectstore;

import io.xloud.objectstore.driver.BlobNotFoundException;
import io.xloud.objectstore.driver.BlobStore;
import io.xloud.objectstore.driver.BlobStore.BlobWrite;
import io.xloud.objectstore.driver.BlobTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link BlobStore} must do; each implementation's test extends this suite. */
public abstract class BaseBlobStoreTest
{
    protected BlobStore store;

    protected abstract BlobStore createStore()
            throws Exception;

    protected void destroyStore()
            throws Exception
    {
    }

    @BeforeEach
    void setUp()
            throws Exception
    {
        store = createStore();
    }

    @AfterEach
    void tearDown()
            throws Exception
    {
        destroyStore();
    }

    @Test
    void aQuarantinedBlobLeavesTheStore()
            throws Exception
    {
        BlobWrite written = store.write(new ByteArrayInputStream("bad bytes".getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE);
        String location = store.quarantine(written.blobId());
        assertThat(location).contains(written.blobId());
        assertThat(store.exists(written.blobId())).isFalse();
        List<String> seen = new ArrayList<>();
        store.forEachBlob(blob -> seen.add(blob.blobId()));
        assertThat(seen).doesNotContain(written.blobId());
        assertThatThrownBy(() -> store.quarantine(written.blobId())).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void writeReturnsSizeAndMd5()
            throws Exception
    {
        byte[] content = "hello world".getBytes(StandardCharsets.UTF_8);
        BlobWrite written = store.write(new ByteArrayInputStream(content), Long.MAX_VALUE);
        assertThat(written.size()).isEqualTo(11);
        assertThat(written.md5()).isEqualTo("5eb63bbbe01eeed093cb22bb8f5acdc3");
        // an id fits the metadata's blob_id column
        assertThat(written.blobId()).matches("[0-9a-z]{1,64}");
        assertThat(store.exists(written.blobId())).isTrue();
        assertThat(store.size(written.blobId())).isEqualTo(11);
    }

    @Test
    void readsBackWholeAndInRanges()
            throws Exception
    {
        byte[] content = random(300_000);
        BlobWrite written = store.write(new ByteArrayInputStream(content), Long.MAX_VALUE);
        assertThat(read(written.blobId(), 0, content.length)).isEqualTo(content);
        assertThat(read(written.blobId(), 70_000, 5)).isEqualTo(slice(content, 70_000, 5));
        assertThat(read(written.blobId(), content.length - 1, 1)).isEqualTo(slice(content, content.length - 1, 1));
        assertThat(read(written.blobId(), 10, 0)).isEmpty();
    }

    @Test
    void emptyBlob()
            throws Exception
    {
        BlobWrite written = store.write(InputStream.nullInputStream(), Long.MAX_VALUE);
        assertThat(written.size()).isZero();
        assertThat(written.md5()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(read(written.blobId(), 0, 0)).isEmpty();
    }

    @Test
    void tooLargeStoresNothing()
            throws Exception
    {
        int before = count();
        assertThatThrownBy(() -> store.write(new ByteArrayInputStream(random(1000)), 999)).isInstanceOf(BlobTooLargeException.class);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void failingContentStoresNothing()
            throws Exception
    {
        int before = count();
        InputStream broken = failingAfter(100_001);
        assertThatThrownBy(() -> store.write(broken, Long.MAX_VALUE)).isInstanceOf(IOException.class).hasMessageContaining("went away");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void deleteIsIdempotentAndReadsFailAfterIt()
            throws Exception
    {
        BlobWrite written = store.write(new ByteArrayInputStream(random(10)), Long.MAX_VALUE);
        store.delete(written.blobId());
        store.delete(written.blobId());
        assertThat(store.exists(written.blobId())).isFalse();
        assertThatThrownBy(() -> store.read(written.blobId(), 0, 1)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.size(written.blobId())).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void copyIsIndependentOfItsSource()
            throws Exception
    {
        byte[] content = random(5000);
        BlobWrite written = store.write(new ByteArrayInputStream(content), Long.MAX_VALUE);
        String copy = store.copy(written.blobId());
        assertThat(copy).isNotEqualTo(written.blobId());
        store.delete(written.blobId());
        assertThat(read(copy, 0, content.length)).isEqualTo(content);
        assertThatThrownBy(() -> store.copy(written.blobId())).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void visitsEveryBlob()
            throws Exception
    {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(store.write(new ByteArrayInputStream(random(i)), Long.MAX_VALUE).blobId());
        }
        List<String> seen = new ArrayList<>();
        store.forEachBlob(blob -> seen.add(blob.blobId()));
        assertThat(seen).containsAll(ids);
    }

    @Test
    void openReadSurvivesDelete()
            throws Exception
    {
        byte[] content = random(200_000);
        BlobWrite written = store.write(new ByteArrayInputStream(content), Long.MAX_VALUE);
        try (InputStream in = store.read(written.blobId(), 0, content.length)) {
            byte[] first = in.readNBytes(1000);
            store.delete(written.blobId());
            byte[] rest = in.readAllBytes();
            assertThat(first.length + rest.length).isEqualTo(content.length);
        }
    }

    protected int count()
            throws IOException
    {
        int[] count = {0};
        store.forEachBlob(blob -> count[0]++);
        return count[0];
    }

    protected byte[] read(String blobId, long offset, long length)
            throws IOException
    {
        try (InputStream in = store.read(blobId, offset, length)) {
            return in.readAllBytes();
        }
    }

    /** A body of {@code bytes} bytes whose client then goes away: the next read fails. */
    protected static InputStream failingAfter(int bytes)
    {
        return new InputStream()
        {
            private int sent;

            @Override
            public int read()
                    throws IOException
            {
                if (sent++ >= bytes) {
                    throw new IOException("client went away");
                }
                return 'x';
            }
        };
    }

    protected static byte[] random(int size)
    {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] slice(byte[] content, int offset, int length)
    {
        byte[] slice = new byte[length];
        System.arraycopy(content, offset, slice, 0, length);
        return slice;
    }

    protected static String md5(byte[] content)
            throws Exception
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }
}
