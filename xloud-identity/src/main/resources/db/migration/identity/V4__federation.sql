-- OS-FEDERATION: identity providers, their remote ids and protocols, mappings, service providers,
-- and the shadow rows that tie a federated identity (provider, protocol, unique id) to a local user.
CREATE TABLE identity_providers (
    id VARCHAR(64) PRIMARY KEY,
    domain_id VARCHAR(64) NOT NULL,
    enabled BOOLEAN NOT NULL,
    description VARCHAR(65535),
    authorization_ttl INTEGER,
    oidc VARCHAR(65535)
);

CREATE TABLE idp_remote_ids (
    remote_id VARCHAR(255) PRIMARY KEY,
    idp_id VARCHAR(64) NOT NULL
);
CREATE INDEX idp_remote_ids_idp ON idp_remote_ids (idp_id);

CREATE TABLE federation_mappings (
    id VARCHAR(64) PRIMARY KEY,
    rules VARCHAR(1000000) NOT NULL,
    schema_version VARCHAR(16) NOT NULL
);

CREATE TABLE federation_protocols (
    id VARCHAR(64) NOT NULL,
    idp_id VARCHAR(64) NOT NULL,
    mapping_id VARCHAR(64) NOT NULL,
    remote_id_attribute VARCHAR(64),
    PRIMARY KEY (idp_id, id)
);

CREATE TABLE service_providers (
    id VARCHAR(64) PRIMARY KEY,
    auth_url VARCHAR(256) NOT NULL,
    sp_url VARCHAR(256) NOT NULL,
    description VARCHAR(65535),
    enabled BOOLEAN NOT NULL,
    relay_state_prefix VARCHAR(256) NOT NULL
);

CREATE TABLE federated_users (
    user_id VARCHAR(64) NOT NULL,
    idp_id VARCHAR(64) NOT NULL,
    protocol_id VARCHAR(64) NOT NULL,
    unique_id VARCHAR(255) NOT NULL,
    display_name VARCHAR(255),
    PRIMARY KEY (idp_id, protocol_id, unique_id)
);
CREATE INDEX federated_users_user ON federated_users (user_id);

-- Group memberships a mapping gave a federated user: they count (for application credentials, trusts, listings)
-- for the provider's authorization_ttl minutes after the login that last confirmed them.
CREATE TABLE expiring_group_memberships (
    user_id VARCHAR(64) NOT NULL,
    group_id VARCHAR(64) NOT NULL,
    idp_id VARCHAR(64) NOT NULL,
    last_verified BIGINT NOT NULL,
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX expiring_group_memberships_group ON expiring_group_memberships (group_id);
