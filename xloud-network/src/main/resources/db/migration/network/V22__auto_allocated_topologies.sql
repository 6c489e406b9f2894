-- auto-allocated-topology: the network (and router) made for a project on its first GET, one per project.
CREATE TABLE auto_allocated_topologies (
    project_id VARCHAR(64) NOT NULL PRIMARY KEY,
    network_id VARCHAR(36) NOT NULL,
    router_id VARCHAR(36) NOT NULL
);
