-- Object versioning, shared by S3 (bucket versioning) and Swift (X-Versions-Enabled).
-- A container's versioning is NULL (never enabled: its objects are the null version, and nothing changes for it),
-- 'Enabled' or 'Suspended'. object_objects keeps one row per name, the latest: an object, a delete marker
-- (deleted and delete_marker), or a plain tombstone (deleted, not a marker). The versions that are not the latest
-- sit in object_versions, with their blobs, until a delete of that version removes them.
ALTER TABLE object_containers ADD COLUMN versioning VARCHAR(16);

-- version_id NULL is the null version (every object of a container that never had versioning).
ALTER TABLE object_objects ADD COLUMN version_id VARCHAR(64);
ALTER TABLE object_objects ADD COLUMN delete_marker BOOLEAN DEFAULT FALSE NOT NULL;

-- version orders the versions of a name (the higher, the newer), as in object_objects; the latest is always newer.
CREATE TABLE object_versions (
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
    version_id VARCHAR(64),
    delete_marker BOOLEAN NOT NULL,
    PRIMARY KEY (account, container, name, version)
);
CREATE INDEX object_versions_blob ON object_versions (blob_id);
CREATE INDEX object_versions_version_id ON object_versions (account, container, name, version_id);
