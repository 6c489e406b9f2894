-- Object bytes up to object_store.small_object_bytes, kept in the database instead of a file each: a write of one
-- costs a row in a commit that concurrent writers share the sync of, where a file costs two syncs of its own.
-- Ids start with 's' and then the time, so that inserts land at the end of the primary key.
CREATE TABLE object_small_blobs (
    blob_id VARCHAR(64) PRIMARY KEY,
    size INTEGER NOT NULL,
    data BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
