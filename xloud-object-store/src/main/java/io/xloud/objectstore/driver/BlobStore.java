package io.xloud.objectstore.driver;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Where object bytes live: immutable blobs, one per object version, named by a random id.
 * A blob is durable when {@link #write} returns, so metadata naming it may be committed right after;
 * metadata never names a blob that is not complete. Implementations: {@link LocalDiskBlobStore};
 * a distributed store can take its place behind this interface.
 */
public interface BlobStore
{
    /** A complete, durable blob: its id, its length and the MD5 of its bytes as lowercase hex. */
    record BlobWrite(String blobId, long size, String md5)
    {
        public BlobWrite
        {
            requireNonNull(blobId, "blobId is null");
            requireNonNull(md5, "md5 is null");
        }
    }

    /**
     * A blob written by {@link #stage}: {@code keep} makes it part of the transaction open on the calling thread,
     * which commits the metadata naming it; a blob not kept that way is not stored. Where {@code keep} does
     * nothing the blob was already durable.
     */
    record StagedBlob(BlobWrite blob, Runnable keep)
    {
        public StagedBlob
        {
            requireNonNull(blob, "blob is null");
            requireNonNull(keep, "keep is null");
        }

        /** A blob durable already, e.g. from {@link #write} or {@link #copy}. */
        public static StagedBlob durable(BlobWrite blob)
        {
            return new StagedBlob(blob, () -> {});
        }
    }

    /** A blob as found by {@link #forEachBlob}: its id and when its bytes were last written. */
    record StoredBlob(String blobId, Instant lastModified) {}

    /**
     * Streams the content into a new blob while computing its MD5, and makes it durable.
     * Nothing is left behind when this fails.
     *
     * @param maxSize the most bytes accepted; more fails with {@link BlobTooLargeException}
     * @throws InsufficientStorageException when the disk is full
     * @throws IOException when the content cannot be read (e.g. the client went away)
     */
    BlobWrite write(InputStream content, long maxSize)
            throws IOException;

    /**
     * Like {@link #write}, but a store that keeps a blob in the database may hold it (small, in memory) until the
     * caller runs {@link StagedBlob#keep} inside the transaction that commits the metadata naming it, so that the
     * blob and its metadata take one commit and neither is ever stored without the other. By default the blob is
     * written durably at once.
     */
    default StagedBlob stage(InputStream content, long maxSize)
            throws IOException
    {
        return StagedBlob.durable(write(content, maxSize));
    }

    /**
     * A stream over {@code length} bytes of a blob from {@code offset}.
     *
     * @throws BlobNotFoundException when there is no such blob
     */
    InputStream read(String blobId, long offset, long length)
            throws IOException;

    /** The blob's length; {@link BlobNotFoundException} when there is none. */
    long size(String blobId)
            throws IOException;

    boolean exists(String blobId);

    /** The id of a new durable blob with the same bytes (cheap where the store can share them). */
    String copy(String blobId)
            throws IOException;

    /** Removes a blob; removing one that is not there is not an error. */
    void delete(String blobId)
            throws IOException;

    /**
     * Removes a blob within the transaction open on the calling thread, where the store keeps it in the database:
     * it goes if that transaction commits and stays if it rolls back. False when the store cannot, and the caller
     * removes the blob with {@link #delete} once its transaction committed.
     */
    default boolean deleteInTransaction(String blobId)
    {
        return false;
    }

    /**
     * Moves a blob whose bytes no longer match their checksum out of the store, where an operator can look at it;
     * returns where it went. The blob is gone from the store afterwards, as after {@link #delete}.
     *
     * @throws BlobNotFoundException when there is no such blob
     */
    String quarantine(String blobId)
            throws IOException;

    /** Visits every blob, for the sweep that removes blobs no metadata names. */
    void forEachBlob(Consumer<StoredBlob> visitor)
            throws IOException;

    /**
     * Blobs written before this instant that no metadata names are orphans: no writer that could still commit
     * them is alive. Writers commit metadata within moments of finishing a blob, so this is the start of this
     * process when no other live process shares the store, and a safe margin before now otherwise.
     */
    Instant orphanHorizon();
}
