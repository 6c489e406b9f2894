package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * OS-TRUST: a trustor delegates some of its roles on a project to a trustee. A trust whose trustor, trustee or
 * project is gone counts as deleted, and an expired or used-up trust is not found, as in Keystone. Trusts may be
 * redelegated along a chain no deeper than Keystone's default maximum.
 */
public final class TrustService
{
    /** Keystone's [trust] max_redelegation_count default. */
    public static final int MAX_REDELEGATION_COUNT = 3;

    private final IdentityStore store;
    private final TokenService tokens;

    public TrustService(IdentityStore store, TokenService tokens)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    /** A role asked for by id, or else by name. */
    public record RoleReference(Optional<String> id, String name)
    {
        public RoleReference
        {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
        }
    }

    /**
     * A new trust as asked for. {@code parentTrustId} is the trust of the token that asks, whose chain a new trust
     * continues; {@code requestedRedelegationCount} is what the request named, if anything.
     */
    public record Request(String trustorId, String trusteeId, Optional<String> projectId, boolean impersonation, Optional<Long> expiresAt,
            Optional<Integer> remainingUses, List<RoleReference> roles, Optional<String> parentTrustId, boolean allowRedelegation,
            Optional<Integer> requestedRedelegationCount, Map<String, Object> extra)
    {
        public Request
        {
            requireNonNull(trustorId, "trustorId is null");
            requireNonNull(trusteeId, "trusteeId is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(expiresAt, "expiresAt is null");
            requireNonNull(remainingUses, "remainingUses is null");
            roles = List.copyOf(roles);
            requireNonNull(parentTrustId, "parentTrustId is null");
            requireNonNull(requestedRedelegationCount, "requestedRedelegationCount is null");
            requireNonNull(extra, "extra is null");
        }
    }

    public Trust create(Request request)
    {
        return store.write(h -> {
            UserStore.user(h, request.trusteeId()).orElseThrow(() -> IdentityErrors.notFound("user", request.trusteeId()));
            List<String> roleIds = roleIds(h, request.roles());
            Optional<Trust> parent = request.parentTrustId().map(id -> trust(h, id));
            requireTrustorRoles(h, parent, request.trustorId(), request.projectId(), roleIds);
            Trust trust = redelegate(h, new Trust(Ids.newId(), request.trustorId(), request.trusteeId(), request.projectId(), request.impersonation(),
                    request.expiresAt(), request.remainingUses(), Optional.empty(), Optional.empty(), roleIds, request.extra()), request, parent);
            for (Trust other : DelegationStore.trusts(h)) {
                if (other.trustorUserId().equals(trust.trustorUserId()) && other.trusteeUserId().equals(trust.trusteeUserId())
                        && other.projectId().equals(trust.projectId()) && other.impersonation() == trust.impersonation()
                        && other.expiresAt().equals(trust.expiresAt()) && present(h, other)) {
                    throw ApiException.conflict("Conflict occurred attempting to store trust - Duplicate entry.");
                }
            }
            DelegationStore.insertTrust(h, trust);
            return trust;
        });
    }

    /** A trust that can still be used. @throws ApiException NOT_FOUND */
    public Trust trust(String id)
    {
        return store.read(h -> trust(h, id));
    }

    /** The delegated roles that still exist. */
    public List<Role> roles(Trust trust)
    {
        return store.read(h -> trust.roleIds().stream().map(id -> RoleStore.role(h, id)).flatMap(Optional::stream).toList());
    }

    /** One delegated role of a usable trust; 404 when the trust does not delegate it. */
    public Role role(String trustId, String roleId)
    {
        return store.read(h -> {
            Trust trust = trust(h, trustId);
            if (!trust.roleIds().contains(roleId)) {
                throw IdentityErrors.notFound("role", roleId);
            }
            return RoleStore.role(h, roleId).orElseThrow(() -> IdentityErrors.notFound("role", roleId));
        });
    }

    /** Trusts of a trustor, else of a trustee, else (when the request had no filter at all) every trust; gone ones are left out. */
    public List<Trust> trusts(Optional<String> trustorId, Optional<String> trusteeId, boolean unfiltered)
    {
        return store.read(h -> {
            List<Trust> result = new ArrayList<>();
            for (Trust trust : DelegationStore.trusts(h)) {
                boolean wanted = trustorId.isPresent() ? trust.trustorUserId().equals(trustorId.get())
                        : trusteeId.isPresent() ? trust.trusteeUserId().equals(trusteeId.get())
                        : unfiltered;
                if (wanted && present(h, trust)) {
                    result.add(trust);
                }
            }
            return result;
        });
    }

    public void delete(String id)
    {
        store.writeVoid(h -> {
            trust(h, id);
            deleteWithRedelegations(h, id, 0);
        });
    }

    public static ApiException forbidden(String action)
    {
        return new ApiException(IdentityErrorCode.FORBIDDEN, "You are not authorized to perform the requested action: " + action);
    }

    // ---- rules

    /** Keystone deletes a trust with its trustor, trustee or project; rows left behind by those deletes count as gone here. */
    private static boolean present(Handle h, Trust trust)
    {
        return UserStore.user(h, trust.trustorUserId()).isPresent() && UserStore.user(h, trust.trusteeUserId()).isPresent()
                && trust.projectId().map(project -> ResourceStore.project(h, project).isPresent()).orElse(true);
    }

    /** A trust that can still be used: present, not expired, uses left. */
    private Trust trust(Handle h, String id)
    {
        long now = tokens.now();
        return DelegationStore.trust(h, id)
                .filter(trust -> present(h, trust))
                .filter(trust -> !trust.expired(now))
                .filter(trust -> trust.remainingUses().map(uses -> uses > 0).orElse(true))
                .orElseThrow(() -> IdentityErrors.notFound("trust", id));
    }

    /** Deleting a trust deletes the trusts redelegated from it, and revokes the tokens of each at once. */
    private void deleteWithRedelegations(Handle h, String id, int depth)
    {
        if (depth <= MAX_REDELEGATION_COUNT + 1) {
            for (Trust child : DelegationStore.trusts(h)) {
                if (child.redelegatedTrustId().equals(Optional.of(id))) {
                    deleteWithRedelegations(h, child.id(), depth + 1);
                }
            }
        }
        DelegationStore.deleteTrust(h, id);
        tokens.revoke(h, RevocationEvent.forTrust(id, tokens.now(), tokens.revocationWindowMillis()));
    }

    /** Roles by id as given; by name, the one role of that name in any domain (several is ambiguous: 400). */
    private static List<String> roleIds(Handle h, List<RoleReference> requested)
    {
        Set<String> ids = new LinkedHashSet<>();
        List<Role> all = null;
        for (RoleReference role : requested) {
            if (role.id().isPresent()) {
                ids.add(role.id().get());
                continue;
            }
            String name = role.name();
            if (all == null) {
                all = RoleStore.roles(h);
            }
            List<Role> named = all.stream().filter(candidate -> candidate.name().equals(name)).toList();
            if (named.isEmpty()) {
                throw IdentityErrors.notFound("role", name);
            }
            if (named.size() > 1) {
                throw IdentityErrors.validation("There are multiple role entities named '" + name + "'. Please use ID instead of names to "
                        + "resolve the ambiguity.");
            }
            ids.add(named.getFirst().id());
        }
        return List.copyOf(ids);
    }

    /** The trustor (the first one, along a chain of redelegated trusts) must hold every delegated role on the project. */
    private static void requireTrustorRoles(Handle h, Optional<Trust> parent, String trustorId, Optional<String> projectId, List<String> roleIds)
    {
        String originalTrustor = trustorId;
        Optional<Trust> current = parent;
        int depth = 0;
        while (current.isPresent() && depth++ <= MAX_REDELEGATION_COUNT + 1) {
            originalTrustor = current.get().trustorUserId();
            current = current.get().redelegatedTrustId().flatMap(id -> DelegationStore.trust(h, id));
        }
        Set<String> held = new LinkedHashSet<>();
        if (projectId.isPresent()) {
            ResourceStore.project(h, projectId.get()).orElseThrow(() -> IdentityErrors.notFound("project", projectId.get()));
            RoleResolver.projectRoles(h, originalTrustor, projectId.get()).forEach(role -> held.add(role.id()));
        }
        for (String roleId : roleIds) {
            if (!held.contains(roleId)) {
                throw IdentityErrors.notFound("role", roleId);
            }
        }
    }

    /**
     * Keystone's redelegation rules: a trust allowing redelegation gets a depth (at most the configured maximum, default it)
     * and may not limit its uses; one created with a trust-scoped token continues that trust's chain, one level shorter,
     * no longer lived, with no more roles and no impersonation the parent lacks.
     */
    private static Trust redelegate(Handle h, Trust trust, Request request, Optional<Trust> parent)
    {
        Optional<Integer> requested = request.requestedRedelegationCount();
        boolean redelegatable = request.allowRedelegation() && !requested.equals(Optional.of(0));
        Optional<Integer> count;
        if (!redelegatable) {
            count = Optional.of(0);
        }
        else {
            if (requested.isPresent() && requested.get() > MAX_REDELEGATION_COUNT) {
                throw forbidden("Requested redelegation depth of " + requested.get() + " is greater than allowed " + MAX_REDELEGATION_COUNT + ".");
            }
            if (trust.remainingUses().isPresent()) {
                throw IdentityErrors.validation("remaining_uses must not be set if redelegation is allowed");
            }
            count = requested;
        }
        Optional<Long> expiresAt = trust.expiresAt();
        Optional<String> redelegatedFrom = Optional.empty();
        if (parent.isPresent()) {
            int remaining = parent.get().redelegationCount().orElse(0) - 1;
            if (redelegatable && requested.isPresent() && requested.get() != remaining) {
                throw forbidden("Modifying \"redelegation_count\" upon redelegation is forbidden. Omitting this parameter is advised.");
            }
            if (count.isEmpty()) {
                count = Optional.of(remaining);
            }
            redelegatedFrom = Optional.of(parent.get().id());
            Optional<Trust> link = parent;
            int depth = 0;
            while (link.isPresent() && depth++ <= MAX_REDELEGATION_COUNT + 1) {
                Trust ancestor = link.get();
                int ancestorDepth = ancestor.redelegationCount().orElse(0);
                if (ancestorDepth <= 0 || ancestorDepth > MAX_REDELEGATION_COUNT) {
                    throw forbidden("Remaining redelegation depth of " + ancestorDepth + " out of allowed range of [0.." + MAX_REDELEGATION_COUNT + "].");
                }
                if (trust.remainingUses().isPresent()) {
                    throw forbidden("Field \"remaining_uses\" is set to " + trust.remainingUses().get()
                            + " while it must not be set in order to redelegate a trust.");
                }
                if (expiresAt.isPresent() && ancestor.expiresAt().isPresent() && ancestor.expiresAt().get() < expiresAt.get()) {
                    throw forbidden("Requested expiration time is more than redelegated trust can provide.");
                }
                if (expiresAt.isEmpty()) {
                    expiresAt = ancestor.expiresAt();
                }
                if (!ancestor.roleIds().containsAll(trust.roleIds())) {
                    throw forbidden("Some of requested roles are not in redelegated trust.");
                }
                if (trust.impersonation() && !ancestor.impersonation()) {
                    throw forbidden("Impersonation is not allowed because redelegated trust does not specify impersonation.");
                }
                link = ancestor.redelegatedTrustId().flatMap(id -> DelegationStore.trust(h, id));
            }
        }
        return new Trust(trust.id(), trust.trustorUserId(), trust.trusteeUserId(), trust.projectId(), trust.impersonation(), expiresAt,
                trust.remainingUses(), redelegatedFrom, Optional.of(count.orElse(MAX_REDELEGATION_COUNT)), trust.roleIds(), trust.extra());
    }
}
