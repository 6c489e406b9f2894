package io.xloud.objectstore.s3;

import java.util.Optional;

/**
 * Where the S3 face finds the secret of an access key. Identity's EC2 credentials stand behind it,
 * wired in by xloud-server; tests use a map.
 */
@FunctionalInterface
public interface S3Credentials
{
    /** The key pair for an access key; empty when there is none or it is no longer usable. */
    Optional<S3Secret> find(String accessKey);
}
