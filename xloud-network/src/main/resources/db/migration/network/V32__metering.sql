CREATE TABLE metering_labels (
    id VARCHAR(36) PRIMARY KEY,
    project_id VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(1024) NOT NULL,
    shared BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE metering_label_rules (
    id VARCHAR(36) PRIMARY KEY,
    metering_label_id VARCHAR(36) NOT NULL REFERENCES metering_labels (id) ON DELETE CASCADE,
    direction VARCHAR(16) NOT NULL,
    remote_ip_prefix VARCHAR(64),
    source_ip_prefix VARCHAR(64),
    destination_ip_prefix VARCHAR(64),
    excluded BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX metering_label_rules_label ON metering_label_rules (metering_label_id);
