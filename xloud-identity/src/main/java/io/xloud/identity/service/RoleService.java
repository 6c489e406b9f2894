package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/** Roles, global or of a domain, and the implications between them (no cycles; a global role implies no domain role). */
public final class RoleService
{
    private final IdentityStore store;

    public RoleService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    public Optional<Role> find(String id)
    {
        return store.read(h -> RoleStore.role(h, id));
    }

    /** @throws ApiException NOT_FOUND */
    public Role role(String id)
    {
        return store.read(h -> role(h, id));
    }

    public List<Role> roles()
    {
        return store.read(RoleStore::roles);
    }

    public Role create(Role role)
    {
        store.writeVoid(h -> {
            if (role.domainId().isPresent() && ResourceStore.domain(h, role.domainId().get()).isEmpty()) {
                throw IdentityErrors.notFound("domain", role.domainId().get());
            }
            if (RoleStore.roleByName(h, role.domainId(), role.name()).isPresent()) {
                throw duplicateName(role.name());
            }
            RoleStore.insertRole(h, role);
        });
        return role;
    }

    /** Applies a change to the role as it is now; the change may refuse by throwing (an immutable role, a new domain). */
    public Role update(String id, UnaryOperator<Role> change)
    {
        return store.write(h -> {
            Role current = role(h, id);
            Role next = change.apply(current);
            if (!next.name().equals(current.name()) && RoleStore.roleByName(h, current.domainId(), next.name()).isPresent()) {
                throw duplicateName(next.name());
            }
            RoleStore.updateRole(h, next);
            return next;
        });
    }

    public void delete(String id)
    {
        store.writeVoid(h -> {
            Role role = role(h, id);
            if (Boolean.TRUE.equals(role.options().get("immutable"))) {
                throw ApiException.forbidden("Role " + id + " is immutable and cannot be deleted.");
            }
            RoleStore.deleteRole(h, id);
        });
    }

    // ---- implied roles

    public RoleInference impliedBy(String priorId)
    {
        return store.read(h -> {
            Role prior = role(h, priorId);
            List<Role> implied = RoleStore.implications(h).stream().filter(edge -> edge.getKey().equals(priorId))
                    .map(edge -> RoleStore.role(h, edge.getValue())).flatMap(Optional::stream).toList();
            return new RoleInference(prior, implied);
        });
    }

    /** Makes the prior role imply the other (again is fine); refuses a cycle, and a global role implying a domain role. */
    public RoleInference addImplication(String priorId, String impliedId)
    {
        return store.write(h -> {
            Role prior = role(h, priorId);
            Role implied = role(h, impliedId);
            if (priorId.equals(impliedId) || RoleResolver.impliedClosure(h, List.of(impliedId)).contains(priorId)) {
                throw ApiException.forbidden("Implied role would create a cycle: " + priorId + " -> " + impliedId + ".");
            }
            if (implied.domainId().isPresent() && prior.domainId().isEmpty()) {
                throw ApiException.forbidden("A global role cannot imply a domain-specific role.");
            }
            if (!implies(h, priorId, impliedId)) {
                RoleStore.addImplication(h, priorId, impliedId);
            }
            return new RoleInference(prior, List.of(implied));
        });
    }

    /** Both roles must exist (404); empty when the first does not imply the second. */
    public Optional<RoleInference> implication(String priorId, String impliedId)
    {
        return store.read(h -> {
            Role prior = role(h, priorId);
            Role implied = role(h, impliedId);
            return implies(h, priorId, impliedId) ? Optional.of(new RoleInference(prior, List.of(implied))) : Optional.empty();
        });
    }

    public void removeImplication(String priorId, String impliedId)
    {
        store.writeVoid(h -> {
            role(h, priorId);
            role(h, impliedId);
            if (RoleStore.removeImplication(h, priorId, impliedId) == 0) {
                throw notImplied(priorId, impliedId);
            }
        });
    }

    /** Every role that implies others, in the order the rules were made. */
    public List<RoleInference> inferences()
    {
        return store.read(h -> {
            Map<String, List<String>> byPrior = new LinkedHashMap<>();
            RoleStore.implications(h).forEach(edge -> byPrior.computeIfAbsent(edge.getKey(), ignored -> new ArrayList<>()).add(edge.getValue()));
            List<RoleInference> result = new ArrayList<>();
            byPrior.forEach((priorId, impliedIds) -> RoleStore.role(h, priorId).ifPresent(prior -> result.add(new RoleInference(prior,
                    impliedIds.stream().map(id -> RoleStore.role(h, id)).flatMap(Optional::stream).toList()))));
            return result;
        });
    }

    public static ApiException notImplied(String priorId, String impliedId)
    {
        return IdentityErrors.notFound("implied role", priorId + " implies " + impliedId);
    }

    private static boolean implies(Handle h, String priorId, String impliedId)
    {
        return RoleStore.implications(h).stream().anyMatch(edge -> edge.getKey().equals(priorId) && edge.getValue().equals(impliedId));
    }

    private static Role role(Handle h, String id)
    {
        return RoleStore.role(h, id).orElseThrow(() -> IdentityErrors.notFound("role", id));
    }

    private static ApiException duplicateName(String name)
    {
        return ApiException.conflict("Conflict occurred attempting to store role - Duplicate entry found with name " + name + ".");
    }
}
