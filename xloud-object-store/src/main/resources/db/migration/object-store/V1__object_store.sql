-- Object storage metadata, shared by the Swift and S3 faces.
-- Container and object names are stored as their UTF-8 bytes (BYTEA): listings then sort in byte order, as
-- Swift's and S3's do, identically on H2 and PostgreSQL whatever the database collation.
-- Times are epoch microseconds (BIGINT) unless named otherwise; metadata maps are JSON text.

-- What an account keeps of its own. Its container count, object count and bytes are sums over its
-- containers, so they cannot drift from them.
CREATE TABLE object_accounts (
    account VARCHAR(255) PRIMARY KEY,
    metadata VARCHAR(65535) NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- object_count and bytes_used change in the same transaction as the object rows they count.
CREATE TABLE object_containers (
    account VARCHAR(255) NOT NULL,
    name BYTEA NOT NULL,
    metadata VARCHAR(65535) NOT NULL,
    sysmeta VARCHAR(65535) NOT NULL,
    object_count BIGINT NOT NULL,
    bytes_used BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account, name)
);

-- One row per name: the current version of the object, or a tombstone (deleted) that keeps a slower,
-- older write from bringing the name back. version is the timestamp of the write or delete; the higher wins.
-- A row is committed only after its blob is durable, so a live row always has its blob.
CREATE TABLE object_objects (
    account VARCHAR(255) NOT NULL,
    container BYTEA NOT NULL,
    name BYTEA NOT NULL,
    version BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL,
    blob_id VARCHAR(64),
    size BIGINT NOT NULL,
    etag VARCHAR(64) NOT NULL,
    content_type VARCHAR(1024) NOT NULL,
    metadata VARCHAR(65535) NOT NULL,
    headers VARCHAR(65535) NOT NULL,
    sysmeta VARCHAR(65535) NOT NULL,
    manifest_kind VARCHAR(16),
    manifest VARCHAR(65535),
    last_modified BIGINT NOT NULL,
    delete_at BIGINT,
    PRIMARY KEY (account, container, name)
);
CREATE INDEX object_objects_blob ON object_objects (blob_id);
CREATE INDEX object_objects_delete_at ON object_objects (delete_at);
CREATE INDEX object_objects_tombstone ON object_objects (deleted, version);
