-- Routers (router, ext-gw-mode, extraroute, router_availability_zone). Ports are the core's; router_ports names the
-- ones a router holds: its gateway port and its interfaces.
CREATE TABLE routers (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    project_id VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(255) NOT NULL,
    admin_state_up BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    gw_network_id VARCHAR(36),
    gw_port_id VARCHAR(36),
    enable_snat BOOLEAN NOT NULL,
    availability_zone_hints VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revision_number BIGINT NOT NULL
);
CREATE INDEX routers_project ON routers (project_id);
CREATE INDEX routers_gw_network ON routers (gw_network_id);

CREATE TABLE router_ports (
    port_id VARCHAR(36) NOT NULL PRIMARY KEY,
    router_id VARCHAR(36) NOT NULL REFERENCES routers (id),
    port_type VARCHAR(64) NOT NULL
);
CREATE INDEX router_ports_router ON router_ports (router_id);

CREATE TABLE router_routes (
    router_id VARCHAR(36) NOT NULL REFERENCES routers (id) ON DELETE CASCADE,
    destination VARCHAR(64) NOT NULL,
    nexthop VARCHAR(64) NOT NULL,
    PRIMARY KEY (router_id, destination, nexthop)
);
