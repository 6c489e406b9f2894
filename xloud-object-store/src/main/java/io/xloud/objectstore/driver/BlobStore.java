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
