package io.xloud.objectstore.api;

import io.xloud.objectstore.service.ContainerInfo;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a request to a bucket was found allowed before its handler runs: the project that owns the bucket, whether
 * the caller is let in by an ACL rather than by being that project, and the bucket's container as it was read then
 * (its figures only where it has a quota; empty when it was not read with the owner).
 */
record S3Access(String owner, boolean byAcl, Optional<ContainerInfo> container)
{
    S3Access
    {
        requireNonNull(owner, "owner is null");
        requireNonNull(container, "container is null");
    }
}
