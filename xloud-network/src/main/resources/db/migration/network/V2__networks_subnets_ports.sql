-- Networks, subnets and ports with their addresses. Lists of small values (host routes, pools, DHCP options)
-- are JSON text: they are read with their resource and never filtered on.
CREATE TABLE networks (
    id VARCHAR(36) PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    admin_state_up BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    shared BOOLEAN NOT NULL,
    router_external BOOLEAN NOT NULL,
    is_default BOOLEAN NOT NULL,
    mtu INTEGER NOT NULL,
    port_security_enabled BOOLEAN NOT NULL,
    provider_network_type VARCHAR(32),
    provider_physical_network VARCHAR(64),
    provider_segmentation_id INTEGER,
    availability_zone_hints VARCHAR(1024) NOT NULL,
    dns_domain VARCHAR(255) NOT NULL,
    qos_policy_id VARCHAR(36),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX networks_project ON networks (project_id);

CREATE TABLE subnets (
    id VARCHAR(36) PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    network_id VARCHAR(36) NOT NULL REFERENCES networks (id),
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    ip_version INTEGER NOT NULL,
    cidr VARCHAR(64) NOT NULL,
    gateway_ip VARCHAR(64),
    enable_dhcp BOOLEAN NOT NULL,
    ipv6_ra_mode VARCHAR(32),
    ipv6_address_mode VARCHAR(32),
    subnetpool_id VARCHAR(36),
    segment_id VARCHAR(36),
    allocation_pools VARCHAR(8192) NOT NULL,
    dns_nameservers VARCHAR(2048) NOT NULL,
    host_routes VARCHAR(8192) NOT NULL,
    service_types VARCHAR(1024) NOT NULL,
    dns_publish_fixed_ip BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX subnets_network ON subnets (network_id);
CREATE INDEX subnets_project ON subnets (project_id);

CREATE TABLE ports (
    id VARCHAR(36) PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    network_id VARCHAR(36) NOT NULL REFERENCES networks (id),
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    mac_address VARCHAR(17) NOT NULL,
    admin_state_up BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    device_owner VARCHAR(255) NOT NULL,
    binding_host_id VARCHAR(255) NOT NULL,
    binding_vnic_type VARCHAR(64) NOT NULL,
    binding_profile VARCHAR(4096) NOT NULL,
    port_security_enabled BOOLEAN NOT NULL,
    allowed_address_pairs VARCHAR(8192) NOT NULL,
    extra_dhcp_opts VARCHAR(8192) NOT NULL,
    dns_name VARCHAR(255) NOT NULL,
    qos_policy_id VARCHAR(36),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL,
    CONSTRAINT ports_network_mac UNIQUE (network_id, mac_address)
);
CREATE INDEX ports_project ON ports (project_id);
CREATE INDEX ports_device ON ports (device_id);

-- One address of a port on a subnet. The unique keys are what makes an address impossible to hand out twice,
-- whatever the concurrency: two transactions can never both insert it.
CREATE TABLE ip_allocations (
    port_id VARCHAR(36) NOT NULL REFERENCES ports (id),
    subnet_id VARCHAR(36) NOT NULL REFERENCES subnets (id),
    network_id VARCHAR(36) NOT NULL,
    ip_address VARCHAR(64) NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (subnet_id, ip_address),
    CONSTRAINT ip_allocations_network_address UNIQUE (network_id, ip_address)
);
CREATE INDEX ip_allocations_port ON ip_allocations (port_id);

-- The security groups of a port, by id; the groups themselves belong to the security-group resource.
CREATE TABLE port_security_groups (
    port_id VARCHAR(36) NOT NULL REFERENCES ports (id),
    security_group_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (port_id, security_group_id)
);
CREATE INDEX port_security_groups_group ON port_security_groups (security_group_id);
