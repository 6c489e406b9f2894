CREATE TABLE rbac_policies (
    id VARCHAR(36) PRIMARY KEY,
    project_id VARCHAR(255) NOT NULL,
    object_type VARCHAR(32) NOT NULL,
    object_id VARCHAR(36) NOT NULL,
    action VARCHAR(32) NOT NULL,
    target_tenant VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX rbac_policies_grant ON rbac_policies (object_type, object_id, action, target_tenant);
CREATE INDEX rbac_policies_target ON rbac_policies (object_type, action, target_tenant);
CREATE INDEX rbac_policies_project ON rbac_policies (project_id);
