-- Security groups, their rules and the ports they apply to (security-group, stateful-security-group).
CREATE TABLE network_security_groups (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    stateful BOOLEAN NOT NULL,
    is_default BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX network_security_groups_project ON network_security_groups (project_id);

-- One row per project whose default group exists: its primary key makes the default group exist exactly once.
CREATE TABLE network_default_security_groups (
    project_id VARCHAR(64) NOT NULL PRIMARY KEY,
    security_group_id VARCHAR(36) NOT NULL REFERENCES network_security_groups (id) ON DELETE CASCADE
);

CREATE TABLE network_security_group_rules (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    security_group_id VARCHAR(36) NOT NULL REFERENCES network_security_groups (id) ON DELETE CASCADE,
    direction VARCHAR(16) NOT NULL,
    ethertype VARCHAR(8) NOT NULL,
    protocol VARCHAR(40),
    port_range_min INTEGER,
    port_range_max INTEGER,
    remote_ip_prefix VARCHAR(64),
    remote_group_id VARCHAR(36) REFERENCES network_security_groups (id) ON DELETE CASCADE,
    remote_address_group_id VARCHAR(36),
    belongs_to_default_sg BOOLEAN NOT NULL,
    description VARCHAR(255) NOT NULL,
    -- the rule's meaning in one canonical text (protocol by number, any prefix as none): equal keys are duplicates
    rule_key VARCHAR(400) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL,
    CONSTRAINT network_security_group_rules_unique UNIQUE (security_group_id, rule_key)
);
CREATE INDEX network_security_group_rules_project ON network_security_group_rules (project_id);
CREATE INDEX network_security_group_rules_remote_group ON network_security_group_rules (remote_group_id);
CREATE INDEX network_security_group_rules_remote_address_group ON network_security_group_rules (remote_address_group_id);
