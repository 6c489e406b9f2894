package io.xloud.identity.service;

import io.xloud.identity.store.CredentialStore;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.UserStore;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What another service (S3) may do with an EC2 key: find the key pair and the roles its user has on the
 * credential's project now. A key whose user, project or either's domain is disabled finds nothing, as a token
 * for them would not validate.
 */
public final class Ec2CredentialService
{
    private final IdentityStore store;

    public Ec2CredentialService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** A key pair that signs for its user on its project now, with the names of the user's roles there. */
    public record UsableKey(Ec2Secret secret, List<String> roleNames)
    {
        public UsableKey
        {
            requireNonNull(secret, "secret is null");
            roleNames = List.copyOf(roleNames);
        }
    }

    public Optional<UsableKey> findUsable(String accessKey)
    {
        return Ec2Credentials.findByAccess(store, accessKey).flatMap(this::withRoles);
    }

    /** Runs the listener after every identity change, on this node at once and on the others within their poll interval. */
    public void onChange(Runnable listener)
    {
        store.onInvalidate(listener);
    }

    private Optional<UsableKey> withRoles(Ec2Secret secret)
    {
        return store.read(h -> {
            Optional<User> user = UserStore.user(h, secret.userId()).filter(User::enabled);
            Optional<Project> project = ResourceStore.project(h, secret.projectId()).filter(Project::enabled);
            if (user.isEmpty() || project.isEmpty()
                    || ResourceStore.domain(h, user.get().domainId()).filter(Domain::enabled).isEmpty()
                    || ResourceStore.domain(h, project.get().domainId()).filter(Domain::enabled).isEmpty()) {
                return Optional.empty();
            }
            List<Role> roles = RoleResolver.projectRoles(h, secret.userId(), secret.projectId());
            // a key made with an application credential's token keeps to that credential, as its tokens do
            Optional<String> applicationCredentialId = CredentialStore.credential(h, Ec2Credentials.credentialId(secret.access()))
                    .flatMap(credential -> Ec2Credentials.parseBlob(credential.blob()))
                    .flatMap(blob -> Optional.ofNullable(Ec2Credentials.text(blob, "app_cred_id")));
            if (applicationCredentialId.isPresent()) {
                Optional<ApplicationCredential> bound = DelegationStore.applicationCredential(h, applicationCredentialId.get())
                        .filter(credential -> !credential.expired(System.currentTimeMillis()))
                        .filter(credential -> credential.projectId().equals(Optional.of(secret.projectId())));
                // access rules name services and paths this signature check cannot see: such a key finds nothing here
                if (bound.isEmpty() || !bound.get().accessRules().isEmpty()) {
                    return Optional.empty();
                }
                roles = roles.stream().filter(role -> bound.get().roleIds().contains(role.id())).toList();
            }
            return Optional.of(new UsableKey(secret, roles.stream().map(Role::name).toList()));
        });
    }
}
