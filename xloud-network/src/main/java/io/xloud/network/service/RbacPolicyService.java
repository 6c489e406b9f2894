package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.core.limits.QuotaService;
import io.xloud.network.store.RbacPolicyStore;
import io.xloud.network.store.SubnetPoolStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * RBAC policies (/v2.0/rbac-policies): grants of an object to one project or to all. Other resources ask
 * {@link #granted} and {@link #grantedSql} whether a project may see or use an object through a grant. A policy
 * whose removal would cut off a project that still uses the object (its ports on a shared network, its subnets
 * from a shared pool) is refused with 409 {@code RbacPolicyInUse}.
 */
public final class RbacPolicyService
{
    private final UnitOfWork work;
    private final Clock clock;
    private final Map<String, RbacObjectType> types = new ConcurrentHashMap<>();
    private final QuotaService quotas;
    private final PoolEvents events;

    public RbacPolicyService(UnitOfWork work, Clock clock, QuotaService quotas, PoolEvents events)
    {
        this.events = requireNonNull(events, "events is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.work = requireNonNull(work, "work is null");
        this.clock = requireNonNull(clock, "clock is null");
        register(subnetPools());
        register(addressScopes());
        register(new NetworkRbac());
        register(SecurityRbacTypes.qosPolicies());
        register(SecurityRbacTypes.securityGroups());
        register(SecurityRbacTypes.addressGroups());
    }

    /**
     * Adds (or replaces) the kind of object a resource shares through policies; one line per resource where the
     * module starts.
     */
    public void register(RbacObjectType type)
    {
        types.put(type.name(), type);
    }

    public Set<String> objectTypes()
    {
        return new TreeSet<>(types.keySet());
    }

    private static Map<String, Object> payload(RbacPolicy policy)
    {
        return Map.of("id", policy.id(), "object_type", policy.objectType(), "object_id", policy.objectId(), "action", policy.action(),
                "target_tenant", policy.targetTenant());
    }

    private Optional<RbacObjectType> typeOf(RbacPolicy policy)
    {
        return Optional.ofNullable(types.get(policy.objectType()));
    }

    static ApiException notFound(String id)
    {
        return new ApiException(PoolErrorCode.RbacPolicyNotFound, "RBAC policy with id " + id + " could not be found.");
    }

    // ---- the query other resources use

    /** Whether a policy grants {@code action} on the object to the project, by name or to all. */
    public boolean granted(String objectType, String objectId, String action, String projectId)
    {
        return work.handle(h -> RbacPolicyStore.grants(h, objectType, objectId, action, projectId));
    }

    /** Whether {@code action} on the object is granted to every project ({@code target_tenant} '*'). */
    public boolean grantedToAll(String objectType, String objectId, String action)
    {
        return work.handle(h -> RbacPolicyStore.grantsAll(h, objectType, objectId, action));
    }

    /** A list scope: rows whose {@code idColumn} names an object granted {@code action} to the project. */
    public static SqlPredicate grantedSql(String objectType, String action, String idColumn, String projectId)
    {
        return new SqlPredicate(RbacPolicyStore.grantedSql(objectType, action, idColumn, "rbac_project"), Map.of("rbac_project", projectId));
    }

    /**
     * For the core's network checks (Network.visibleTo and where ports and subnets are created): whether a policy
     * lets the project see and use the network, shared or external, to it or to all.
     */
    public boolean networkGranted(String networkId, String projectId)
    {
        return granted(NetworkRbac.TYPE, networkId, RbacPolicy.ACCESS_AS_SHARED, projectId)
                || granted(NetworkRbac.TYPE, networkId, RbacPolicy.ACCESS_AS_EXTERNAL, projectId);
    }

    /** For the core's network lists ({@code NetworkStore.visibility}): networks granted to the project by a policy. */
    public static SqlPredicate networkGrantedSql(String alias, String projectId)
    {
        return new SqlPredicate(RbacPolicyStore.anyGrantSql(NetworkRbac.TYPE, alias + ".id", "rbac_project"), Map.of("rbac_project", projectId));
    }

    /** Within an open unit of work, e.g. for a resource that creates its wildcard grant with itself ({@code shared: true}). */
    public void grant(Handle h, String ownerProjectId, String objectType, String objectId, String action, String targetTenant)
    {
        if (RbacPolicyStore.find(h, objectType, objectId, action, targetTenant).isEmpty()) {
            RbacPolicyStore.insert(h, new RbacPolicy(UUID.randomUUID().toString(), ownerProjectId, objectType, objectId, action, targetTenant),
                    clock.instant());
        }
    }

    /** Within an open unit of work: withdraws one grant, refused (409) while a project still depends on it. */
    public void revoke(Handle h, String objectType, String objectId, String action, String targetTenant)
    {
        Optional<RbacPolicy> policy = RbacPolicyStore.find(h, objectType, objectId, action, targetTenant);
        if (policy.isPresent()) {
            checkNotInUse(h, policy.get(), Optional.empty());
            RbacPolicyStore.delete(h, policy.get().id());
        }
    }

    /**
     * Removes every policy on an object being deleted, within its unit of work, and gives back their owners'
     * {@code rbac_policy} quota (for objects whose policies are all made through the API).
     */
    public static void forgetObject(Handle h, QuotaService quotas, String objectType, String objectId)
    {
        for (RbacPolicy policy : RbacPolicyStore.ofObject(h, objectType, objectId)) {
            RbacPolicyStore.delete(h, policy.id());
            quotas.reserve(h, policy.projectId(), "rbac_policy", -1);
        }
    }

    /** Removes every grant of a deleted object, within its unit of work. */
    public void forget(Handle h, String objectType, String objectId)
    {
        RbacPolicyStore.deleteOfObject(h, objectType, objectId);
    }

    // ---- the API

    /** A client's list query checked against the list's declared filters and sort keys. */
    public ListRequest listRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(RbacPolicyStore.POLICIES, query);
    }

    /** A page of the policies the project owns (every policy for an admin). */
    public Page<RbacPolicy> list(Requester requester, ListRequest request)
    {
        List<SqlPredicate> scope = requester.admin() ? List.of()
                : List.of(SqlPredicate.of("rbac_policies.project_id = :owner_project", "owner_project", requester.projectId()));
        return work.handle(h -> RbacPolicyStore.list(h, request, scope));
    }

    public RbacPolicy get(Requester requester, String id)
    {
        return work.handle(h -> RbacPolicyStore.find(h, id).filter(policy -> requester.admin() || requester.owns(policy.projectId()))
                .orElseThrow(() -> notFound(id)));
    }

    public RbacPolicy create(Requester requester, String projectId, String objectType, String objectId, String action, String targetTenant)
    {
        RbacObjectType type = types.get(objectType);
        if (type == null) {
            throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for object_type. Reason: '" + SubnetPoolService.shorten(objectType)
                    + "' is not in " + objectTypes() + ".");
        }
        if (!type.actions().contains(action)) {
            throw new ApiException(PoolErrorCode.InvalidActionForType, "Invalid action '" + SubnetPoolService.shorten(action) + "' for object type '"
                    + objectType + "'. Valid actions: " + new TreeSet<>(type.actions()));
        }
        return work.transaction(h -> {
            String owner = type.owner(h, objectId).orElseThrow(() -> objectNotFound(objectType, objectId));
            if (!requester.admin() && !requester.owns(owner)) {
                throw new ApiException(PoolErrorCode.InvalidInput,
                        "Invalid input for operation: Only admins can manipulate policies on objects they do not own.");
            }
            if (RbacPolicyStore.find(h, objectType, objectId, action, targetTenant).isPresent()) {
                throw duplicate(objectType, objectId, action, targetTenant);
            }
            RbacPolicy policy = new RbacPolicy(UUID.randomUUID().toString(), projectId, objectType, objectId, action, targetTenant);
            quotas.reserve(h, projectId, "rbac_policy", 1);
            try {
                RbacPolicyStore.insert(h, policy, clock.instant());
            }
            catch (UnableToExecuteStatementException e) {
                // a concurrent create of the same grant won the unique index
                throw duplicate(objectType, objectId, action, targetTenant);
            }
            type.granted(h, policy);
            events.publish("rbac_policy.create.end", projectId, "rbac_policy", policy.id(), payload(policy));
            return policy;
        });
    }

    private static ApiException objectNotFound(String objectType, String objectId)
    {
        PoolErrorCode code = switch (objectType) {
            case "network" -> PoolErrorCode.NetworkNotFound;
            case SubnetPoolService.OBJECT_TYPE -> PoolErrorCode.SubnetPoolNotFound;
            case AddressScopeService.OBJECT_TYPE -> PoolErrorCode.AddressScopeNotFound;
            case QosService.RESOURCE -> PoolErrorCode.QosPolicyNotFound;
            case SecurityGroupService.GROUP -> PoolErrorCode.SecurityGroupNotFound;
            case AddressGroupService.RESOURCE -> PoolErrorCode.AddressGroupNotFound;
            default -> PoolErrorCode.NotFound;
        };
        return new ApiException(code, "The " + objectType + " " + objectId + " could not be found.");
    }

    private static ApiException duplicate(String objectType, String objectId, String action, String targetTenant)
    {
        return new ApiException(PoolErrorCode.DuplicateRbacPolicy, "An RBAC policy already exists with those values: " + objectType + " " + objectId
                + " " + action + " " + targetTenant + ".");
    }

    public RbacPolicy updateTarget(Requester requester, String id, String targetTenant)
    {
        return work.transaction(h -> {
            RbacPolicy policy = RbacPolicyStore.find(h, id).filter(found -> requester.admin() || requester.owns(found.projectId()))
                    .orElseThrow(() -> notFound(id));
            if (policy.targetTenant().equals(targetTenant)) {
                return policy;
            }
            if (RbacPolicyStore.find(h, policy.objectType(), policy.objectId(), policy.action(), targetTenant).isPresent()) {
                throw duplicate(policy.objectType(), policy.objectId(), policy.action(), targetTenant);
            }
            checkNotInUse(h, policy, Optional.of(targetTenant));
            try {
                RbacPolicyStore.updateTarget(h, id, targetTenant);
            }
            catch (UnableToExecuteStatementException e) {
                throw duplicate(policy.objectType(), policy.objectId(), policy.action(), targetTenant);
            }
            RbacPolicy updated = new RbacPolicy(policy.id(), policy.projectId(), policy.objectType(), policy.objectId(), policy.action(), targetTenant);
            typeOf(policy).ifPresent(type -> {
                type.revoked(h, policy);
                type.granted(h, updated);
            });
            events.publish("rbac_policy.update.end", updated.projectId(), "rbac_policy", updated.id(), payload(updated));
            return updated;
        });
    }

    public void delete(Requester requester, String id)
    {
        work.transaction(h -> {
            RbacPolicy policy = RbacPolicyStore.find(h, id).filter(found -> requester.admin() || requester.owns(found.projectId()))
                    .orElseThrow(() -> notFound(id));
            checkNotInUse(h, policy, Optional.empty());
            RbacPolicyStore.delete(h, id);
            quotas.reserve(h, policy.projectId(), "rbac_policy", -1);
            typeOf(policy).ifPresent(type -> type.revoked(h, policy));
            events.publish("rbac_policy.delete.end", policy.projectId(), "rbac_policy", policy.id(), payload(policy));
            return null;
        });
    }

    /**
     * Refuses to withdraw (or retarget to {@code replacement}) a policy while a project that uses the object has no
     * other grant of the same action.
     */
    private void checkNotInUse(Handle h, RbacPolicy policy, Optional<String> replacement)
    {
        RbacObjectType type = types.get(policy.objectType());
        if (type == null) {
            return;
        }
        Set<String> users = new HashSet<>(type.users(h, policy.objectId()));
        Optional<String> owner = type.owner(h, policy.objectId());
        owner.ifPresent(users::remove);
        if (users.isEmpty()) {
            return;
        }
        Set<String> stillGranted = RbacPolicyStore.ofObject(h, policy.objectType(), policy.objectId()).stream()
                .filter(other -> other.action().equals(policy.action()) && !other.id().equals(policy.id()))
                .map(RbacPolicy::targetTenant)
                .collect(Collectors.toCollection(HashSet::new));
        replacement.ifPresent(stillGranted::add);
        if (stillGranted.contains(RbacPolicy.WILDCARD)) {
            return;
        }
        if (!stillGranted.containsAll(users)) {
            throw new ApiException(PoolErrorCode.RbacPolicyInUse, "RBAC policy on object " + policy.objectId()
                    + " cannot be removed because other objects depend on it.");
        }
    }

    // ---- the types this service knows itself

    private static RbacObjectType subnetPools()
    {
        return new RbacObjectType()
        {
            @Override
            public String name()
            {
                return SubnetPoolService.OBJECT_TYPE;
            }

            @Override
            public Set<String> actions()
            {
                return Set.of(RbacPolicy.ACCESS_AS_SHARED);
            }

            @Override
            public Optional<String> owner(Handle h, String objectId)
            {
                return SubnetPoolStore.find(h, objectId).map(SubnetPool::projectId);
            }

            @Override
            public Set<String> users(Handle h, String objectId)
            {
                return SubnetPoolStore.allocations(h, objectId).stream().map(SubnetPoolStore.Allocation::projectId).collect(Collectors.toSet());
            }
        };
    }

    private static RbacObjectType addressScopes()
    {
        return new RbacObjectType()
        {
            @Override
            public String name()
            {
                return AddressScopeService.OBJECT_TYPE;
            }

            @Override
            public Set<String> actions()
            {
                return Set.of(RbacPolicy.ACCESS_AS_SHARED);
            }

            @Override
            public Optional<String> owner(Handle h, String objectId)
            {
                return SubnetPoolStore.findScope(h, objectId).map(AddressScope::projectId);
            }

            @Override
            public Set<String> users(Handle h, String objectId)
            {
                List<SubnetPool> pools = SubnetPoolStore.inScope(h, objectId);
                return pools.stream().map(SubnetPool::projectId).collect(Collectors.toSet());
            }
        };
    }
}
