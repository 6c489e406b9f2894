package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.store.DomainConfigStore;
import io.xloud.identity.store.FederationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/** Domains: names unique across all, disabling one revokes its tokens, deleting one (disabled first) takes what it holds. */
public final class DomainService
{
    private final IdentityStore store;
    private final TokenService tokens;

    public DomainService(IdentityStore store, TokenService tokens)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    /** @param kind how a duplicate is named in the 409: "domain", or "project" when created as a project acting as a domain */
    public Domain create(Domain domain, String kind)
    {
        store.writeVoid(h -> {
            if (ResourceStore.domainByName(h, domain.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store " + kind + " - Duplicate entry found with name " + domain.name() + ".");
            }
            ResourceStore.insertDomain(h, domain);
        });
        return domain;
    }

    public List<Domain> domains()
    {
        return store.read(ResourceStore::domains);
    }

    public Optional<Domain> find(String id)
    {
        return store.read(h -> ResourceStore.domain(h, id));
    }

    /** @throws ApiException NOT_FOUND */
    public Domain domain(String id)
    {
        return find(id).orElseThrow(() -> IdentityErrors.notFound("domain", id));
    }

    /** Applies a change to the domain as it is now; a domain being disabled loses its tokens. */
    public Domain update(String id, UnaryOperator<Domain> change)
    {
        return store.write(h -> {
            Domain current = ResourceStore.domain(h, id).orElseThrow(() -> IdentityErrors.notFound("domain", id));
            Domain next = change.apply(current);
            if (!next.name().equals(current.name()) && ResourceStore.domainByName(h, next.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store domain - Duplicate entry found with name " + next.name() + ".");
            }
            ResourceStore.updateDomain(h, next);
            if (current.enabled() && !next.enabled()) {
                revoke(h, id);
            }
            return next;
        });
    }

    /** Updates a domain seen through the projects API: no uniqueness check of the name, as before. */
    public Domain replace(Domain next)
    {
        store.writeVoid(h -> ResourceStore.updateDomain(h, next));
        return next;
    }

    /** Deletes a disabled domain with everything in it; also serves DELETE /v3/projects/{id} for a project acting as a domain. */
    public void delete(String id)
    {
        store.writeVoid(h -> {
            Domain domain = ResourceStore.domain(h, id).orElseThrow(() -> IdentityErrors.notFound("domain", id));
            if (domain.enabled()) {
                throw ApiException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
            }
            // a domain takes its projects, users and groups with it, and the identity providers whose users it held (as Keystone)
            for (IdentityProvider idp : FederationStore.identityProviders(h)) {
                if (idp.domainId().equals(id)) {
                    FederationStore.deleteIdentityProvider(h, idp.id());
                }
            }
            for (Project project : ResourceStore.projects(h)) {
                if (project.domainId().equals(id)) {
                    RoleStore.deleteAssignmentsOnTarget(h, project.id());
                    ResourceStore.deleteProject(h, project.id());
                }
            }
            for (User user : UserStore.users(h)) {
                if (user.domainId().equals(id)) {
                    RoleStore.deleteAssignmentsOfActor(h, user.id());
                    FederationStore.deleteFederatedUser(h, user.id());
                    UserStore.deleteUser(h, user.id());
                }
            }
            for (Group group : UserStore.groups(h)) {
                if (group.domainId().equals(id)) {
                    RoleStore.deleteAssignmentsOfActor(h, group.id());
                    UserStore.deleteGroup(h, group.id());
                }
            }
            RoleStore.deleteRolesOfDomain(h, id);
            DomainConfigStore.delete(h, id, Optional.empty(), Optional.empty());
            RoleStore.deleteAssignmentsOnTarget(h, id);
            ResourceStore.deleteDomain(h, id);
            revoke(h, id);
        });
    }

    private void revoke(Handle h, String domainId)
    {
        tokens.revoke(h, RevocationEvent.forDomain(domainId, tokens.now(), tokens.revocationWindowMillis()));
    }

    /** The enabled domains on which a user has a role: what a token may be scoped to. */
    public List<Domain> scopableDomains(String userId)
    {
        return scopableDomains(userId, List.of());
    }

    /** With the groups a federated token carries besides the user's own. */
    public List<Domain> scopableDomains(String userId, List<String> tokenGroupIds)
    {
        return store.read(h -> ResourceStore.domains(h).stream()
                .filter(Domain::enabled)
                .filter(domain -> !RoleResolver.domainRoles(h, userId, tokenGroupIds, domain.id()).isEmpty())
                .toList());
    }
}
