package io.xloud.objectstore.store;

import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Small blobs as rows of {@code object_small_blobs}. Each call is a transaction of its own, outside any unit of work
 * open on the thread: a blob is durable when {@link #insert} returns, before the metadata that names it commits. On
 * the embedded H2 concurrent inserts and commits share their syncs, so a small blob costs a share of a sync where a
 * file costs two syncs of its own.
 */
public final class SmallBlobStore
{
    /** A stored small blob as the orphan sweep sees it. */
    public record Entry(String blobId, long createdAtMillis) {}

    private final Jdbi jdbi;

    public SmallBlobStore(Jdbi jdbi)
    {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(String blobId, byte[] data, int length, long createdAtMillis)
    {
        byte[] bytes = length == data.length ? data : java.util.Arrays.copyOf(data, length);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO object_small_blobs (blob_id, size, data, created_at) VALUES (:id, :size, :data, :created)")
                .bind("id", blobId)
                .bind("size", length)
                .bind("data", bytes)
                .bind("created", createdAtMillis)
                .execute());
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
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM object_small_blobs WHERE blob_id = :id").bind("id", blobId).execute()) > 0;
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
