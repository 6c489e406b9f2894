package io.xloud.objectstore.api;

import static java.util.Objects.requireNonNull;

/**
 * What a request to a bucket was found allowed before its handler runs: the project that owns the bucket, and whether
 * the caller is let in by an ACL rather than by being that project.
 */
record S3Access(String owner, boolean byAcl)
{
    S3Access
    {
        requireNonNull(owner, "owner is null");
    }
}
