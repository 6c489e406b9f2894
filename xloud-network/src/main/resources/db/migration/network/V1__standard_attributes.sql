-- Tags of every Neutron resource (networks, subnets, ports, routers, ...): resource ids are UUIDs, unique across kinds.
CREATE TABLE network_tags (
    resource_id VARCHAR(36) NOT NULL,
    resource_type VARCHAR(64) NOT NULL,
    tag VARCHAR(255) NOT NULL,
    PRIMARY KEY (resource_id, tag)
);
CREATE INDEX network_tags_tag ON network_tags (tag);
