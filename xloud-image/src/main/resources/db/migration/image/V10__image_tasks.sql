-- Glance's tasks: one row per import (type api_image_import), what /v2/tasks and /v2/images/{id}/tasks show.
-- The durable job that runs the import is named by job_id; the task row is the user's view of it.
CREATE TABLE image_tasks (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    type VARCHAR(30) NOT NULL,
    status VARCHAR(20) NOT NULL,
    owner VARCHAR(64) NOT NULL,
    image_id VARCHAR(36),
    request_id VARCHAR(64),
    user_id VARCHAR(64),
    input VARCHAR(65535) NOT NULL,
    result VARCHAR(65535),
    message VARCHAR(65535) NOT NULL,
    job_id BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP
);
CREATE INDEX image_tasks_image ON image_tasks (image_id, created_at);
CREATE INDEX image_tasks_owner ON image_tasks (owner, created_at, id);
CREATE INDEX image_tasks_status ON image_tasks (status);
