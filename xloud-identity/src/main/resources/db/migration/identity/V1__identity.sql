-- Keystone's resources. Times are epoch milliseconds (BIGINT) so that H2 and PostgreSQL agree exactly;
-- free-form attributes ("extra", options, rule lists) are JSON text.

-- One row, bumped by every identity write; every node polls it and drops its caches when it moves.
CREATE TABLE identity_state (
    id INTEGER PRIMARY KEY,
    revision BIGINT NOT NULL
);
INSERT INTO identity_state (id, revision) VALUES (1, 0);

CREATE TABLE domains (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(65535),
    enabled BOOLEAN NOT NULL,
    extra VARCHAR(65535) NOT NULL DEFAULT '{}',
    CONSTRAINT domains_name UNIQUE (name)
);

CREATE TABLE projects (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    domain_id VARCHAR(64) NOT NULL,
    parent_id VARCHAR(64),
    description VARCHAR(65535),
    enabled BOOLEAN NOT NULL,
    extra VARCHAR(65535) NOT NULL DEFAULT '{}',
    CONSTRAINT projects_name UNIQUE (domain_id, name)
);
CREATE INDEX projects_parent ON projects (parent_id);

CREATE TABLE project_tags (
    project_id VARCHAR(64) NOT NULL,
    tag VARCHAR(255) NOT NULL,
    PRIMARY KEY (project_id, tag)
);

CREATE TABLE users (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    domain_id VARCHAR(64) NOT NULL,
    enabled BOOLEAN NOT NULL,
    default_project_id VARCHAR(64),
    password_hash VARCHAR(255),
    password_created_at BIGINT,
    password_expires_at BIGINT,
    failed_auth_count INTEGER NOT NULL DEFAULT 0,
    failed_auth_at BIGINT,
    options VARCHAR(65535) NOT NULL DEFAULT '{}',
    extra VARCHAR(65535) NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    CONSTRAINT users_name UNIQUE (domain_id, name)
);

CREATE TABLE password_history (
    user_id VARCHAR(64) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id);

CREATE TABLE groups_ (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    domain_id VARCHAR(64) NOT NULL,
    description VARCHAR(65535),
    extra VARCHAR(65535) NOT NULL DEFAULT '{}',
    CONSTRAINT groups_name UNIQUE (domain_id, name)
);

CREATE TABLE group_members (
    group_id VARCHAR(64) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

-- domain_id '<<null>>' marks a global role, as Keystone does, so that the name stays unique.
CREATE TABLE roles (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    domain_id VARCHAR(64) NOT NULL,
    description VARCHAR(65535),
    options VARCHAR(65535) NOT NULL DEFAULT '{}',
    extra VARCHAR(65535) NOT NULL DEFAULT '{}',
    CONSTRAINT roles_name UNIQUE (domain_id, name)
);

CREATE TABLE implied_roles (
    prior_role_id VARCHAR(64) NOT NULL,
    implied_role_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (prior_role_id, implied_role_id)
);

-- type: UserProject, GroupProject, UserDomain, GroupDomain, UserSystem, GroupSystem (target_id 'system')
CREATE TABLE assignments (
    type VARCHAR(16) NOT NULL,
    actor_id VARCHAR(64) NOT NULL,
    target_id VARCHAR(64) NOT NULL,
    role_id VARCHAR(64) NOT NULL,
    inherited BOOLEAN NOT NULL,
    PRIMARY KEY (type, actor_id, target_id, role_id, inherited)
);
CREATE INDEX assignments_actor ON assignments (actor_id);
CREATE INDEX assignments_target ON assignments (target_id);
CREATE INDEX assignments_role ON assignments (role_id);

CREATE TABLE regions (
    id VARCHAR(255) PRIMARY KEY,
    description VARCHAR(65535),
    parent_region_id VARCHAR(255),
    extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE services (
    id VARCHAR(64) PRIMARY KEY,
    type VARCHAR(255) NOT NULL,
    enabled BOOLEAN NOT NULL,
    extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE endpoints (
    id VARCHAR(64) PRIMARY KEY,
    service_id VARCHAR(64) NOT NULL,
    interface VARCHAR(8) NOT NULL,
    url VARCHAR(2048) NOT NULL,
    region_id VARCHAR(255),
    enabled BOOLEAN NOT NULL,
    extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE credentials (
    id VARCHAR(64) PRIMARY KEY,
    user_id VARCHAR(64) NOT NULL,
    project_id VARCHAR(64),
    type VARCHAR(255) NOT NULL,
    blob VARCHAR(65535) NOT NULL,
    extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);
CREATE INDEX credentials_user ON credentials (user_id);

CREATE TABLE application_credentials (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    project_id VARCHAR(64),
    secret_hash VARCHAR(255) NOT NULL,
    description VARCHAR(65535),
    expires_at BIGINT,
    unrestricted BOOLEAN NOT NULL,
    roles VARCHAR(65535) NOT NULL,
    access_rules VARCHAR(65535) NOT NULL DEFAULT '[]',
    CONSTRAINT application_credentials_name UNIQUE (user_id, name)
);

CREATE TABLE access_rules (
    id VARCHAR(64) PRIMARY KEY,
    user_id VARCHAR(64) NOT NULL,
    service VARCHAR(64) NOT NULL,
    path VARCHAR(255),
    method VARCHAR(16) NOT NULL
);

CREATE TABLE trusts (
    id VARCHAR(64) PRIMARY KEY,
    trustor_user_id VARCHAR(64) NOT NULL,
    trustee_user_id VARCHAR(64) NOT NULL,
    project_id VARCHAR(64),
    impersonation BOOLEAN NOT NULL,
    expires_at BIGINT,
    remaining_uses INTEGER,
    redelegated_trust_id VARCHAR(64),
    redelegation_count INTEGER,
    roles VARCHAR(65535) NOT NULL,
    extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

-- A token is revoked when an event matches it and was recorded after the token was issued.
CREATE TABLE revocation_events (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id VARCHAR(64),
    project_id VARCHAR(64),
    domain_id VARCHAR(64),
    audit_id VARCHAR(64),
    audit_chain_id VARCHAR(64),
    trust_id VARCHAR(64),
    application_credential_id VARCHAR(64),
    issued_before BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE endpoint_groups (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(65535),
    filters VARCHAR(65535) NOT NULL
);

CREATE TABLE project_endpoints (
    endpoint_id VARCHAR(64) NOT NULL,
    project_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (endpoint_id, project_id)
);

CREATE TABLE project_endpoint_groups (
    endpoint_group_id VARCHAR(64) NOT NULL,
    project_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (endpoint_group_id, project_id)
);

CREATE TABLE policies (
    id VARCHAR(64) PRIMARY KEY,
    type VARCHAR(255) NOT NULL,
    blob VARCHAR(65535) NOT NULL,
    extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE consumers (
    id VARCHAR(64) PRIMARY KEY,
    description VARCHAR(65535),
    secret VARCHAR(255) NOT NULL,
    extra VARCHAR(65535) NOT NULL DEFAULT '{}'
);

CREATE TABLE domain_configs (
    domain_id VARCHAR(64) NOT NULL,
    config_group VARCHAR(255) NOT NULL,
    config_option VARCHAR(255) NOT NULL,
    config_value VARCHAR(65535) NOT NULL,
    PRIMARY KEY (domain_id, config_group, config_option)
);

CREATE TABLE registered_limits (
    id VARCHAR(64) PRIMARY KEY,
    service_id VARCHAR(64) NOT NULL,
    region_id VARCHAR(255),
    resource_name VARCHAR(255) NOT NULL,
    default_limit BIGINT NOT NULL,
    description VARCHAR(65535)
);

CREATE TABLE limits (
    id VARCHAR(64) PRIMARY KEY,
    project_id VARCHAR(64),
    domain_id VARCHAR(64),
    service_id VARCHAR(64) NOT NULL,
    region_id VARCHAR(255),
    resource_name VARCHAR(255) NOT NULL,
    resource_limit BIGINT NOT NULL,
    description VARCHAR(65535)
);
