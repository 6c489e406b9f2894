-- QoS policies and their rules (qos, qos-default); ports and networks name theirs in their own qos_policy_id.
CREATE TABLE network_qos_policies (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    shared BOOLEAN NOT NULL,
    is_default BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX network_qos_policies_project ON network_qos_policies (project_id);

-- At most one default policy per project: the primary key decides between concurrent requests.
CREATE TABLE network_qos_default_policies (
    project_id VARCHAR(64) NOT NULL PRIMARY KEY,
    policy_id VARCHAR(36) NOT NULL REFERENCES network_qos_policies (id) ON DELETE CASCADE
);

CREATE TABLE network_qos_rules (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    policy_id VARCHAR(36) NOT NULL REFERENCES network_qos_policies (id) ON DELETE CASCADE,
    rule_type VARCHAR(32) NOT NULL,
    direction VARCHAR(8),
    max_kbps BIGINT,
    max_burst_kbps BIGINT,
    min_kbps BIGINT,
    dscp_mark INTEGER,
    max_kpps BIGINT,
    max_burst_kpps BIGINT,
    min_kpps BIGINT,
    -- type and direction: a policy holds one rule of each
    rule_key VARCHAR(48) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT network_qos_rules_unique UNIQUE (policy_id, rule_key)
);
