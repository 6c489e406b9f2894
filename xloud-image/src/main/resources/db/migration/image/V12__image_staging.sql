-- Staged data waiting for a glance-direct import (or brought by web-download): its size counts against the
-- project's image_stage_total until the import ends or the image is deleted. A row is written before the
-- data streams in (complete false), so data a crash cut off is found and removed.
CREATE TABLE image_staging (
    image_id VARCHAR(36) NOT NULL PRIMARY KEY,
    owner VARCHAR(64) NOT NULL,
    object_key VARCHAR(255) NOT NULL,
    size BIGINT NOT NULL,
    complete BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
