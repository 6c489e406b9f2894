-- Glance's metadata definitions catalog (metadefs): namespaces and what they hold. Times are epoch milliseconds
-- (BIGINT) so that H2 and PostgreSQL agree exactly; property schemas and object properties are JSON text.

CREATE TABLE metadef_namespaces (
    id VARCHAR(36) PRIMARY KEY,
    namespace VARCHAR(80) NOT NULL,
    display_name VARCHAR(80),
    description VARCHAR(500),
    visibility VARCHAR(32) NOT NULL,
    protected BOOLEAN NOT NULL,
    owner VARCHAR(255),
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    CONSTRAINT metadef_namespaces_namespace UNIQUE (namespace)
);
CREATE INDEX metadef_namespaces_owner ON metadef_namespaces (owner);

-- Resource types are global; a namespace associates with them (with a prefix for the properties it applies).
CREATE TABLE metadef_resource_types (
    id VARCHAR(36) PRIMARY KEY,
    name VARCHAR(80) NOT NULL,
    protected BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    CONSTRAINT metadef_resource_types_name UNIQUE (name)
);

CREATE TABLE metadef_namespace_resource_types (
    namespace_id VARCHAR(36) NOT NULL REFERENCES metadef_namespaces (id) ON DELETE CASCADE,
    resource_type_id VARCHAR(36) NOT NULL REFERENCES metadef_resource_types (id),
    prefix VARCHAR(80),
    properties_target VARCHAR(80),
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    PRIMARY KEY (namespace_id, resource_type_id)
);
CREATE INDEX metadef_namespace_resource_types_type ON metadef_namespace_resource_types (resource_type_id);

CREATE TABLE metadef_objects (
    id VARCHAR(36) PRIMARY KEY,
    namespace_id VARCHAR(36) NOT NULL REFERENCES metadef_namespaces (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(65535),
    required VARCHAR(1048576),
    json_schema VARCHAR(1048576),
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    CONSTRAINT metadef_objects_name UNIQUE (namespace_id, name)
);

CREATE TABLE metadef_properties (
    id VARCHAR(36) PRIMARY KEY,
    namespace_id VARCHAR(36) NOT NULL REFERENCES metadef_namespaces (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    json_schema VARCHAR(1048576) NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    CONSTRAINT metadef_properties_name UNIQUE (namespace_id, name)
);

-- Tag names are unique per namespace without regard to case, as in Glance: name_key is the lower-cased name.
CREATE TABLE metadef_tags (
    id VARCHAR(36) PRIMARY KEY,
    namespace_id VARCHAR(36) NOT NULL REFERENCES metadef_namespaces (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    name_key VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    CONSTRAINT metadef_tags_name UNIQUE (namespace_id, name_key)
);

-- The shipped definition files already loaded: each file loads in one transaction with its row here, so a start
-- interrupted half-way resumes with the next file, and a namespace an operator deleted does not come back.
CREATE TABLE metadef_catalog_loads (
    file VARCHAR(255) PRIMARY KEY,
    namespace VARCHAR(80) NOT NULL,
    loaded_at BIGINT NOT NULL
);
