package io.xloud.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.xloud.identity.service.Ec2Credentials;
import io.xloud.identity.service.Ec2Secret;
import io.xloud.identity.service.RoleResolver;
import io.xloud.identity.store.Domain;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.Project;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.Role;
import io.xloud.identity.store.User;
import io.xloud.identity.store.UserStore;
import io.xloud.objectstore.s3.S3Credentials;
import io.xloud.objectstore.s3.S3Secret;

import java.util.List;
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

    private final IdentityStore store;
    private final Cache<String, S3Secret> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED).executor(Runnable::run).build();

    IdentityS3Credentials(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
        store.onInvalidate(cache::invalidateAll);
    }

    @Override
    public Optional<S3Secret> find(String accessKey)
    {
        S3Secret cached = cache.getIfPresent(accessKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<S3Secret> found = Ec2Credentials.findByAccess(store, accessKey).flatMap(this::withRoles);
        found.ifPresent(secret -> cache.put(accessKey, secret));
        return found;
    }

    private Optional<S3Secret> withRoles(Ec2Secret secret)
    {
        return store.read(h -> {
            Optional<User> user = UserStore.user(h, secret.userId()).filter(User::enabled);
            Optional<Project> project = ResourceStore.project(h, secret.projectId()).filter(Project::enabled);
            if (user.isEmpty() || project.isEmpty()
                    || ResourceStore.domain(h, user.get().domainId()).filter(Domain::enabled).isEmpty()
                    || ResourceStore.domain(h, project.get().domainId()).filter(Domain::enabled).isEmpty()) {
                return Optional.empty();
            }
            List<String> roles = RoleResolver.projectRoles(h, secret.userId(), secret.projectId()).stream().map(Role::name).toList();
            return Optional.of(new S3Secret(secret.access(), secret.secret(), secret.userId(), secret.projectId(), roles));
        });
    }
}
