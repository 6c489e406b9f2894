package io.xloud.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.xloud.identity.service.Ec2CredentialService;
import io.xloud.objectstore.s3.S3Credentials;
import io.xloud.objectstore.s3.S3Secret;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The S3 face's credentials from Identity's EC2 credentials: the key pair, and the user's roles on the
 * credential's project now. A key whose user, project or either's domain is disabled finds nothing, as a
 * token for them would not validate. Found keys are cached until the next identity write on any node.
 */
final class IdentityS3Credentials
        implements S3Credentials
{
    private static final int MAX_CACHED = 10_000;

    private final Ec2CredentialService credentials;
    private final Cache<String, S3Secret> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED).executor(Runnable::run).build();

    IdentityS3Credentials(Ec2CredentialService credentials)
    {
        this.credentials = requireNonNull(credentials, "credentials is null");
        credentials.onChange(cache::invalidateAll);
    }

    @Override
    public Optional<S3Secret> find(String accessKey)
    {
        S3Secret cached = cache.getIfPresent(accessKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<S3Secret> found = credentials.findUsable(accessKey)
                .map(key -> new S3Secret(key.secret().access(), key.secret().secret(), key.secret().userId(), key.secret().projectId(), key.roleNames()));
        found.ifPresent(secret -> cache.put(accessKey, secret));
        return found;
    }
}
