-- Address scopes and subnet pools. Sharing is not a column: it is an RBAC policy (access_as_shared), as in Neutron.
CREATE TABLE address_scopes (
    id VARCHAR(36) PRIMARY KEY,
    project_id VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    ip_version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX address_scopes_project ON address_scopes (project_id);

CREATE TABLE subnet_pools (
    id VARCHAR(36) PRIMARY KEY,
    project_id VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    ip_version INTEGER NOT NULL,
    default_prefixlen INTEGER NOT NULL,
    min_prefixlen INTEGER NOT NULL,
    max_prefixlen INTEGER NOT NULL,
    default_quota BIGINT,
    is_default BOOLEAN NOT NULL,
    address_scope_id VARCHAR(36),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX subnet_pools_project ON subnet_pools (project_id);
CREATE INDEX subnet_pools_scope ON subnet_pools (address_scope_id);

CREATE TABLE subnet_pool_prefixes (
    subnet_pool_id VARCHAR(36) NOT NULL,
    cidr VARCHAR(64) NOT NULL,
    PRIMARY KEY (subnet_pool_id, cidr)
);

-- The prefixes a pool handed out are the subnets whose subnetpool_id names it (see V2's subnets): an allocation
-- locks the pool's row first, so two never overlap.
