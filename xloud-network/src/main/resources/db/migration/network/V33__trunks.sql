-- Trunks (trunk, trunk-details): a parent port carrying tagged traffic of its subports. A port is the parent of at
-- most one trunk and a subport of at most one trunk; a trunk uses each (segmentation_type, segmentation_id) once.
CREATE TABLE network_trunks (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    port_id VARCHAR(36) NOT NULL UNIQUE REFERENCES ports (id),
    admin_state_up BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX network_trunks_project ON network_trunks (project_id);

CREATE TABLE network_trunk_subports (
    port_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES ports (id),
    trunk_id VARCHAR(36) NOT NULL REFERENCES network_trunks (id) ON DELETE CASCADE,
    segmentation_type VARCHAR(16) NOT NULL,
    segmentation_id INTEGER,
    CONSTRAINT network_trunk_subports_segmentation UNIQUE (trunk_id, segmentation_type, segmentation_id)
);
CREATE INDEX network_trunk_subports_trunk ON network_trunk_subports (trunk_id);
