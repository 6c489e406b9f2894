-- A container's object count, bytes used and last change, split in stripes that writers of different names move
-- without waiting for each other: a write locks and moves the stripe of its object's name only, so writes into one
-- container run side by side, and two writes of one name still take turns. A container's figures are its row's
-- plus the sum of its stripes. Every container has all its stripes, made with it: one that changes the container
-- as a whole (deleting it, turning versioning on) locks them all. The number of stripes is the code's
-- ObjectMetadataStore.STRIPES.
CREATE TABLE object_container_stripes (
    account VARCHAR(255) NOT NULL,
    container BYTEA NOT NULL,
    stripe INTEGER NOT NULL,
    object_count BIGINT NOT NULL,
    bytes_used BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account, container, stripe)
);

INSERT INTO object_container_stripes (account, container, stripe, object_count, bytes_used, updated_at)
SELECT c.account, c.name, s.stripe, 0, 0, 0
FROM object_containers c
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15)) AS s (stripe);
