package io.xloud.objectstore.store;

import io.xloud.core.db.UnitOfWork;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Small blobs as rows of {@code object_small_blobs}. {@link #insert} and {@link #delete} are transactions of their
 * own, outside any unit of work open on the thread: a blob is durable when {@link #insert} returns, before the
 * metadata that names it commits. {@link #insertInTransaction} and {@link #deleteInTransaction} join the unit of
 * work open on the thread instead, so that a blob and the metadata naming it, or the change that frees it, take
 * one commit. On the embedded H2 concurrent commits share their syncs, so a small blob costs a share of a sync
 * where a file costs two syncs of its own.
 */
public final class SmallBlobStore
{
    /** A stored small blob as the orphan sweep sees it. */
    public record Entry(String blobId, long createdAtMillis) {}

    private final Jdbi jdbi;
    private final UnitOfWork work;

    public SmallBlobStore(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.work = new UnitOfWork(jdbi);
    }

    public void insert(String blobId, byte[] data, long createdAtMillis)
    {
        jdbi.useHandle(h -> insert(h, blobId, data, createdAtMillis));
    }

    /** Inserts in the unit of work open on this thread; {@link IllegalStateException} when there is none. */
    public void insertInTransaction(String blobId, byte[] data, long createdAtMillis)
    {
        insert(open(), blobId, data, createdAtMillis);
    }

    private static void insert(Handle h, String blobId, byte[] data, long createdAtMillis)
    {
        h.createUpdate("INSERT INTO object_small_blobs (blob_id, size, data, created_at) VALUES (:id, :size, :data, :created)")
                .bind("id", blobId)
                .bind("size", data.length)
                .bind("data", data)
                .bind("created", createdAtMillis)
                .execute();
    }

    public Optional<byte[]> data(String blobId)
    {
        return jdbi.withHandle(h -> h.createQuery("SELECT data FROM object_small_blobs WHERE blob_id = :id")
                .bind("id", blobId)
                .mapTo(byte[].class)
                .findOne());
    }

    public OptionalInt size(String blobId)
    {
        return jdbi.withHandle(h -> h.createQuery("SELECT size FROM object_small_blobs WHERE blob_id = :id")
                .bind("id", blobId)
                .mapTo(Integer.class)
                .findOne())
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    /** True when there was such a blob. */
    public boolean delete(String blobId)
    {
        return jdbi.withHandle(h -> delete(h, blobId)) > 0;
    }

    /** Deletes in the unit of work open on this thread; {@link IllegalStateException} when there is none. */
    public void deleteInTransaction(String blobId)
    {
        delete(open(), blobId);
    }

    private static int delete(Handle h, String blobId)
    {
        return h.createUpdate("DELETE FROM object_small_blobs WHERE blob_id = :id").bind("id", blobId).execute();
    }

    private Handle open()
    {
        return work.current().orElseThrow(() -> new IllegalStateException("no unit of work is open on this thread"));
    }

    /** Up to {@code limit} blobs after {@code afterId} in id order (from the first when empty). */
    public List<Entry> page(String afterId, int limit)
    {
        return jdbi.withHandle(h -> h.createQuery("SELECT blob_id, created_at FROM object_small_blobs WHERE blob_id > :after ORDER BY blob_id LIMIT :limit")
                .bind("after", afterId)
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getString(1), rs.getLong(2)))
                .list());
    }
}
