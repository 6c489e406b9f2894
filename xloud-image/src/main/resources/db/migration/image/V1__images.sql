-- Glance's images, their extra properties, tags and members.
CREATE TABLE image_images (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(255),
    owner VARCHAR(64) NOT NULL,
    status VARCHAR(30) NOT NULL,
    visibility VARCHAR(20) NOT NULL,
    protected BOOLEAN NOT NULL,
    os_hidden BOOLEAN NOT NULL,
    disk_format VARCHAR(20),
    container_format VARCHAR(20),
    min_disk BIGINT NOT NULL,
    min_ram BIGINT NOT NULL,
    size BIGINT,
    virtual_size BIGINT,
    checksum VARCHAR(32),
    os_hash_algo VARCHAR(64),
    os_hash_value VARCHAR(128),
    data_project VARCHAR(64),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX image_images_owner ON image_images (owner);
CREATE INDEX image_images_created ON image_images (created_at, id);

CREATE TABLE image_properties (
    image_id VARCHAR(36) NOT NULL,
    prop_name VARCHAR(255) NOT NULL,
    prop_value VARCHAR(65535) NOT NULL,
    PRIMARY KEY (image_id, prop_name)
);
CREATE INDEX image_properties_name ON image_properties (prop_name);

CREATE TABLE image_tags (
    image_id VARCHAR(36) NOT NULL,
    tag VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (image_id, tag)
);
CREATE INDEX image_tags_tag ON image_tags (tag);

CREATE TABLE image_members (
    image_id VARCHAR(36) NOT NULL,
    member VARCHAR(255) NOT NULL,
    status VARCHAR(20) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (image_id, member)
);
CREATE INDEX image_members_member ON image_members (member, status);
