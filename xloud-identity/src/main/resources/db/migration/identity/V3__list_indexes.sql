-- Lists filter and order in the database: users by name (across domains) with the id as tiebreaker.
CREATE INDEX users_name_id ON users (name, id);
CREATE INDEX users_domain_name_id ON users (domain_id, name, id);
