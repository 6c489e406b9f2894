package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.RbacPolicyStore;
import io.xloud.network.store.SubnetPoolStore;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Address scopes: the pools in one scope never overlap. Sharing is an RBAC policy, as for subnet pools. */
public final class AddressScopeService
{
    public static final String OBJECT_TYPE = "address_scope";

    /** A scope as one project sees it. */
    public record View(AddressScope scope, boolean shared) {}

    private final UnitOfWork work;
    private final Clock clock;
    private final PoolEvents events;

    public AddressScopeService(UnitOfWork work, Clock clock, PoolEvents events)
    {
        this.events = requireNonNull(events, "events is null");
        this.work = requireNonNull(work, "work is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    private Instant now()
    {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static ApiException notFound(String id)
    {
        return new ApiException(PoolErrorCode.AddressScopeNotFound, "Address scope " + id + " could not be found.");
    }

    static boolean visible(Handle h, Requester requester, AddressScope scope)
    {
        return requester.admin() || requester.owns(scope.projectId())
                || RbacPolicyStore.grants(h, OBJECT_TYPE, scope.id(), RbacPolicy.ACCESS_AS_SHARED, requester.projectId());
    }

    private static View view(Handle h, Requester requester, AddressScope scope)
    {
        return new View(scope, RbacPolicyStore.grants(h, OBJECT_TYPE, scope.id(), RbacPolicy.ACCESS_AS_SHARED, requester.projectId()));
    }

    /** A client's list query checked against the list's declared filters and sort keys. */
    public ListRequest listRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(SubnetPoolStore.SCOPES, query);
    }

    /** A page of the scopes the project may see; {@code shared} filters on whether a policy grants them to it. */
    public Page<View> list(Requester requester, ListRequest request, Optional<Boolean> shared)
    {
        List<SqlPredicate> scope = new ArrayList<>();
        SqlPredicate granted = RbacPolicyService.grantedSql(OBJECT_TYPE, RbacPolicy.ACCESS_AS_SHARED, "address_scopes.id", requester.projectId());
        if (!requester.admin()) {
            scope.add(new SqlPredicate("address_scopes.project_id = :owner_project OR " + granted.sql(),
                    SubnetPoolService.merged(granted.parameters(), "owner_project", requester.projectId())));
        }
        shared.ifPresent(wanted -> scope.add(wanted ? granted : new SqlPredicate("NOT " + granted.sql(), granted.parameters())));
        return work.handle(h -> {
            Page<AddressScope> page = SubnetPoolStore.scopes(h, request, scope);
            return new Page<>(page.items().stream().map(found -> view(h, requester, found)).toList(), page.hasMore(), page.nextMarker(),
                    page.previousMarker());
        });
    }

    public View get(Requester requester, String id)
    {
        return work.handle(h -> view(h, requester, SubnetPoolStore.findScope(h, id).filter(scope -> visible(h, requester, scope))
                .orElseThrow(() -> notFound(id))));
    }

    public View create(Requester requester, String projectId, String name, int ipVersion, boolean shared)
    {
        if (ipVersion != 4 && ipVersion != 6) {
            throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for ip_version. Reason: " + ipVersion + " is not in [4, 6].");
        }
        Instant now = now();
        AddressScope scope = new AddressScope(UUID.randomUUID().toString(), projectId, name, ipVersion, now, now, 0);
        return work.transaction(h -> {
            SubnetPoolStore.insertScope(h, scope);
            if (shared) {
                RbacPolicyStore.insert(h, new RbacPolicy(UUID.randomUUID().toString(), projectId, OBJECT_TYPE, scope.id(),
                        RbacPolicy.ACCESS_AS_SHARED, RbacPolicy.WILDCARD), now);
            }
            events.publish("address_scope.create.end", projectId, OBJECT_TYPE, scope.id(), Map.of("id", scope.id(), "name", name));
            return view(h, requester, scope);
        });
    }

    public View update(Requester requester, String id, Optional<String> name, Optional<Boolean> shared)
    {
        return work.transaction(h -> {
            AddressScope scope = owned(h, requester, id);
            if (shared.isPresent()) {
                Optional<RbacPolicy> wildcard = RbacPolicyStore.find(h, OBJECT_TYPE, id, RbacPolicy.ACCESS_AS_SHARED, RbacPolicy.WILDCARD);
                if (shared.get() && wildcard.isEmpty()) {
                    RbacPolicyStore.insert(h, new RbacPolicy(UUID.randomUUID().toString(), scope.projectId(), OBJECT_TYPE, id,
                            RbacPolicy.ACCESS_AS_SHARED, RbacPolicy.WILDCARD), now());
                }
                if (!shared.get() && wildcard.isPresent()) {
                    if (SubnetPoolStore.inScope(h, id).stream().anyMatch(pool -> !pool.projectId().equals(scope.projectId())
                            && !RbacPolicyStore.find(h, OBJECT_TYPE, id, RbacPolicy.ACCESS_AS_SHARED, pool.projectId()).isPresent())) {
                        throw new ApiException(PoolErrorCode.AddressScopeUpdateError,
                                "Unable to update address scope " + id + ": Subnet pools of other projects use this address scope.");
                    }
                    RbacPolicyStore.delete(h, wildcard.get().id());
                }
            }
            AddressScope updated = new AddressScope(scope.id(), scope.projectId(), name.orElse(scope.name()), scope.ipVersion(), scope.createdAt(), now(),
                    scope.revisionNumber() + 1);
            SubnetPoolStore.updateScope(h, updated);
            events.publish("address_scope.update.end", updated.projectId(), OBJECT_TYPE, id, Map.of("id", id, "name", updated.name()));
            return view(h, requester, updated);
        });
    }

    public void delete(Requester requester, String id)
    {
        work.transaction(h -> {
            AddressScope scope = owned(h, requester, id);
            if (!SubnetPoolStore.inScope(h, scope.id()).isEmpty()) {
                throw new ApiException(PoolErrorCode.AddressScopeInUse,
                        "Unable to complete operation on address scope " + id + ". There are one or more subnet pools in use on the address scope.");
            }
            RbacPolicyStore.deleteOfObject(h, OBJECT_TYPE, id);
            SubnetPoolStore.deleteScope(h, id);
            events.publish("address_scope.delete.end", scope.projectId(), OBJECT_TYPE, id, Map.of("id", id));
            return null;
        });
    }

    private static AddressScope owned(Handle h, Requester requester, String id)
    {
        AddressScope scope = SubnetPoolStore.lockScope(h, id).filter(found -> visible(h, requester, found)).orElseThrow(() -> notFound(id));
        if (!requester.admin() && !requester.owns(scope.projectId())) {
            throw notFound(id);
        }
        return scope;
    }

    /**
     * Checks that a pool may join (or stay in) a scope with these prefixes: the caller may use the scope, versions
     * match, and no other pool of the scope overlaps. Locks the scope's row, so two pools joining at once take turns.
     */
    void checkJoin(Handle h, Requester requester, String scopeId, String poolId, int ipVersion, List<CidrBlock> prefixes)
    {
        AddressScope scope = SubnetPoolStore.lockScope(h, scopeId).filter(found -> visible(h, requester, found)).orElseThrow(() -> notFound(scopeId));
        if (scope.ipVersion() != ipVersion) {
            throw new ApiException(PoolErrorCode.IllegalSubnetPoolIpVersionAssociationToAddressScope, "Illegal subnetpool association: subnetpool "
                    + poolId + " cannot associate with address scope " + scopeId + " because subnetpool ip_version is not " + scope.ipVersion() + ".");
        }
        for (SubnetPool other : SubnetPoolStore.inScope(h, scopeId)) {
            if (other.id().equals(poolId)) {
                continue;
            }
            for (CidrBlock mine : prefixes) {
                if (other.prefixes().stream().anyMatch(mine::overlaps)) {
                    throw new ApiException(PoolErrorCode.AddressScopePrefixConflict,
                            "Failed to associate address scope: subnetpools within an address scope must have unique prefixes.");
                }
            }
        }
    }
}
