-- Floating IPs. The address is held by a port of the core on the external network (device_owner network:floatingip);
-- one fixed address of one port maps to at most one floating IP per external network, as Neutron's unique key says.
CREATE TABLE floatingips (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    description VARCHAR(255) NOT NULL,
    floating_ip_address VARCHAR(64) NOT NULL,
    floating_network_id VARCHAR(36) NOT NULL,
    floating_port_id VARCHAR(36) NOT NULL,
    fixed_port_id VARCHAR(36),
    fixed_ip_address VARCHAR(64),
    router_id VARCHAR(36),
    status VARCHAR(16) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL,
    CONSTRAINT floatingips_fixed_address UNIQUE (floating_network_id, fixed_port_id, fixed_ip_address)
);
CREATE INDEX floatingips_project ON floatingips (project_id);
CREATE INDEX floatingips_fixed_port ON floatingips (fixed_port_id);
CREATE INDEX floatingips_router ON floatingips (router_id);
CREATE INDEX floatingips_network ON floatingips (floating_network_id);

-- Port forwardings of a floating IP, with port ranges; single ports are ranges of one.
CREATE TABLE port_forwardings (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    floatingip_id VARCHAR(36) NOT NULL REFERENCES floatingips (id) ON DELETE CASCADE,
    internal_port_id VARCHAR(36) NOT NULL,
    internal_ip_address VARCHAR(64) NOT NULL,
    protocol VARCHAR(16) NOT NULL,
    internal_port_start INTEGER NOT NULL,
    internal_port_end INTEGER NOT NULL,
    external_port_start INTEGER NOT NULL,
    external_port_end INTEGER NOT NULL,
    description VARCHAR(255) NOT NULL
);
CREATE INDEX port_forwardings_fip ON port_forwardings (floatingip_id);
CREATE INDEX port_forwardings_port ON port_forwardings (internal_port_id);
