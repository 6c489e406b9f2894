-- Named rows that serialise rare cluster-wide work (bootstrap, key rotation) with SELECT ... FOR UPDATE.
CREATE TABLE xloud_locks (
    name VARCHAR(64) PRIMARY KEY
);
INSERT INTO xloud_locks (name) VALUES ('bootstrap');

-- Quotas: a hard limit per project and resource (absent means the resource's default), and what is in use.
CREATE TABLE quota_limits (
    project_id VARCHAR(64) NOT NULL,
    resource VARCHAR(64) NOT NULL,
    hard_limit BIGINT NOT NULL,
    PRIMARY KEY (project_id, resource)
);

CREATE TABLE quota_usages (
    project_id VARCHAR(64) NOT NULL,
    resource VARCHAR(64) NOT NULL,
    in_use BIGINT NOT NULL,
    PRIMARY KEY (project_id, resource)
);
