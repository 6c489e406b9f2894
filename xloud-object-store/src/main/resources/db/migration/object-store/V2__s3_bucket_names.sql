-- S3's one bucket namespace across accounts: a name is the S3 bucket of one account at most. A container of
-- that name in another account (made through Swift, where containers are per account) stays a container of
-- its own account, unseen by S3. A container gets its row when S3 creates it, or when its owner first reaches
-- it through S3 while the name is free; deleting the container frees the name.
CREATE TABLE object_s3_buckets (
    name BYTEA PRIMARY KEY,
    account VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX object_s3_buckets_account ON object_s3_buckets (account);
