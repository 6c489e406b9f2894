-- The stores an image's bytes are in, one row per store, keyed in the object engine by object_key. An active
-- image without rows is in the default store under its own id (an upload through PUT /file).
CREATE TABLE image_locations (
    image_id VARCHAR(36) NOT NULL,
    store VARCHAR(64) NOT NULL,
    object_key VARCHAR(255) NOT NULL,
    size BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (image_id, store)
);
