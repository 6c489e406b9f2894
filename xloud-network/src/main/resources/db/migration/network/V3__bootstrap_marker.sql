-- What first-start set-up has made, by name: a row is claimed in the set-up's own transaction, so of nodes starting
-- together exactly one makes the external network, and an operator who deletes it later does not see it come back.
CREATE TABLE network_bootstrap (
    name VARCHAR(64) PRIMARY KEY,
    done_at TIMESTAMP NOT NULL
);
