-- Address groups (address-group): named sets of CIDRs a security group rule may name as its remote.
CREATE TABLE network_address_groups (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX network_address_groups_project ON network_address_groups (project_id);

CREATE TABLE network_address_group_addresses (
    address_group_id VARCHAR(36) NOT NULL REFERENCES network_address_groups (id) ON DELETE CASCADE,
    address VARCHAR(64) NOT NULL,
    PRIMARY KEY (address_group_id, address)
);
