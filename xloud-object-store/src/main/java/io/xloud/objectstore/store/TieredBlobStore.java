package io.xloud.objectstore.store;

import io.xloud.objectstore.driver.BlobNotFoundException;
import io.xloud.objectstore.driver.BlobStore;
import io.xloud.objectstore.driver.BlobTooLargeException;
import io.xloud.objectstore.driver.LocalDiskBlobStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Small blobs in the database, the others on disk. A write reads up to {@code smallLimit + 1} bytes first: a body
 * that ends within the limit becomes a row of {@link SmallBlobStore}, durable in a commit whose sync concurrent
 * writers share, where a file of its own would cost a sync of the file and one of its directory; a longer body
 * streams on to {@link LocalDiskBlobStore} behind the bytes already read. {@link #stage} holds a small body instead
 * until the caller keeps it in the transaction that commits its metadata, and {@link #deleteInTransaction} removes
 * a small blob in the caller's transaction: a small PUT, overwrite or not, is then one commit. Small blob ids are
 * {@code s}, 14 hex digits of the time in microseconds and 17 random ones, so that the rows' key grows at its end;
 * disk blob ids are 32 hex digits, so an id says where its blob is.
 */
public final class TieredBlobStore
        implements BlobStore
{
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PAGE = 500;

    private final LocalDiskBlobStore disk;
    private final SmallBlobStore small;
    private final int smallLimit;
    private final Clock clock;

    /** {@code smallLimit} 0 keeps every blob on disk. */
    public TieredBlobStore(LocalDiskBlobStore disk, SmallBlobStore small, int smallLimit, Clock clock)
    {
        this.disk = requireNonNull(disk, "disk is null");
        this.small = requireNonNull(small, "small is null");
        if (smallLimit < 0) {
            throw new IllegalArgumentException("smallLimit is negative");
        }
        this.smallLimit = smallLimit;
        this.clock = requireNonNull(clock, "clock is null");
    }

    static boolean isSmall(String blobId)
    {
        return blobId.length() == 32 && blobId.charAt(0) == 's';
    }

    @Override
    public BlobWrite write(InputStream content, long maxSize)
            throws IOException
    {
        Head head = head(content, maxSize);
        if (head.data() != null) {
            small.insert(head.written().blobId(), head.data(), clock.millis());
        }
        return head.written();
    }

    /** A small body is held in memory until {@code keep} inserts it in the caller's transaction; a longer one is a file at once. */
    @Override
    public StagedBlob stage(InputStream content, long maxSize)
            throws IOException
    {
        Head head = head(content, maxSize);
        if (head.data() == null) {
            return StagedBlob.durable(head.written());
        }
        long created = clock.millis();
        return new StagedBlob(head.written(), () -> small.insertInTransaction(head.written().blobId(), head.data(), created));
    }

    /** A body read up to the limit: {@code data} its bytes when it ended within it, else null and the rest streamed to disk. */
    private record Head(BlobWrite written, byte[] data) {}

    private Head head(InputStream content, long maxSize)
            throws IOException
    {
        requireNonNull(content, "content is null");
        if (smallLimit == 0) {
            return new Head(disk.write(content, maxSize), null);
        }
        byte[] head = new byte[smallLimit + 1];
        int length = content.readNBytes(head, 0, head.length);
        if (length > smallLimit) {
            return new Head(disk.write(new SequenceInputStream(new ByteArrayInputStream(head, 0, length), content), maxSize), null);
        }
        if (length > maxSize) {
            throw new BlobTooLargeException(maxSize);
        }
        byte[] data = Arrays.copyOf(head, length);
        MessageDigest md5 = md5();
        md5.update(data);
        return new Head(new BlobWrite(newId(), length, HexFormat.of().formatHex(md5.digest())), data);
    }

    @Override
    public InputStream read(String blobId, long offset, long length)
            throws IOException
    {
        if (!isSmall(blobId)) {
            return disk.read(blobId, offset, length);
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        byte[] data = smallData(blobId);
        int from = (int) Math.min(offset, data.length);
        return new ByteArrayInputStream(data, from, (int) Math.min(length, data.length - from));
    }

    @Override
    public long size(String blobId)
            throws IOException
    {
        if (!isSmall(blobId)) {
            return disk.size(blobId);
        }
        var size = small.size(blobId);
        if (size.isEmpty()) {
            throw new BlobNotFoundException(blobId);
        }
        return size.getAsInt();
    }

    @Override
    public boolean exists(String blobId)
    {
        return isSmall(blobId) ? small.size(blobId).isPresent() : disk.exists(blobId);
    }

    @Override
    public String copy(String blobId)
            throws IOException
    {
        if (!isSmall(blobId)) {
            return disk.copy(blobId);
        }
        byte[] data = smallData(blobId);
        String copyId = newId();
        small.insert(copyId, data, clock.millis());
        return copyId;
    }

    @Override
    public void delete(String blobId)
            throws IOException
    {
        if (isSmall(blobId)) {
            small.delete(blobId);
        }
        else {
            disk.delete(blobId);
        }
    }

    @Override
    public boolean deleteInTransaction(String blobId)
    {
        if (!isSmall(blobId)) {
            return false;
        }
        small.deleteInTransaction(blobId);
        return true;
    }

    /** A small blob's bytes go to the disk store's quarantine as a file, and its row goes. */
    @Override
    public String quarantine(String blobId)
            throws IOException
    {
        if (!isSmall(blobId)) {
            return disk.quarantine(blobId);
        }
        byte[] data = smallData(blobId);
        String location = disk.quarantine(blobId, data);
        small.delete(blobId);
        return location;
    }

    @Override
    public void forEachBlob(Consumer<StoredBlob> visitor)
            throws IOException
    {
        disk.forEachBlob(visitor);
        String after = "";
        List<SmallBlobStore.Entry> page;
        do {
            page = small.page(after, PAGE);
            for (SmallBlobStore.Entry entry : page) {
                visitor.accept(new StoredBlob(entry.blobId(), Instant.ofEpochMilli(entry.createdAtMillis())));
                after = entry.blobId();
            }
        }
        while (page.size() == PAGE);
    }

    @Override
    public Instant orphanHorizon()
    {
        return disk.orphanHorizon();
    }

    private byte[] smallData(String blobId)
            throws BlobNotFoundException
    {
        return small.data(blobId).orElseThrow(() -> new BlobNotFoundException(blobId));
    }

    private String newId()
    {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        return "s" + String.format("%014x", micros) + HexFormat.of().formatHex(random).substring(0, 17);
    }

    private static MessageDigest md5()
    {
        try {
            return MessageDigest.getInstance("MD5");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
