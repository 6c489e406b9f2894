package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.AddressGroupStore;
import io.xloud.network.store.RbacPolicyStore;
import io.xloud.network.store.SecurityGroupStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Address groups (address-group): create, show, list, update, add and remove addresses, delete when no rule names them. */
public final class AddressGroupService
{
    public static final String RESOURCE = "address_group";
    public static final int MAX_ADDRESSES = 1000;
    public static final String TABLE = AddressGroupStore.TABLE;
    public static final ListSpec LIST = AddressGroupStore.LIST;

    private final NetworkContext context;
    private final AddressGroupStore store;
    private final SecurityGroupStore securityGroups;

    public AddressGroupService(NetworkContext context, AddressGroupStore store, SecurityGroupStore securityGroups)
    {
        this.context = requireNonNull(context, "context is null");
        this.store = requireNonNull(store, "store is null");
        this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
    }

    public AddressGroup create(String projectId, String name, String description, List<String> addresses)
    {
        Instant now = context.standard().now();
        AddressGroup group = new AddressGroup(UUID.randomUUID().toString(), name, List.copyOf(normalise(addresses)),
                new Standard(projectId, description, List.of(), now, now, 0));
        context.work().run(() -> {
            store.insert(group);
            context.publish("address_group.create.end", projectId, RESOURCE, group.id(), Map.of("name", name));
        });
        return get(group.id(), new Caller(projectId, true));
    }

    /** The group, or 404 when it does not exist or belongs to a project the caller cannot see and no RBAC policy shares it with the caller's. */
    public AddressGroup get(String id, Caller scope)
    {
        return store.group(id).filter(group -> scope.owns(group.projectId()) || sharedWith(group.id(), scope.projectId()))
                .orElseThrow(() -> notFound(id));
    }

    /** Whether an RBAC policy shares the group with the project (or with all): Neutron's {@code shared} as that project sees it. */
    public boolean sharedWith(String groupId, String projectId)
    {
        return context.work().handle(h -> RbacPolicyStore.grants(h, RESOURCE, groupId, RbacPolicy.ACCESS_AS_SHARED, projectId));
    }

    public Page<AddressGroup> list(ListRequest request, Caller scope)
    {
        return store.page(request, scope(scope));
    }

    public AddressGroup update(String id, Caller scope, Optional<String> name, Optional<String> description, Optional<Long> revision)
    {
        AddressGroup current = get(id, scope);
        StandardAttributes.checkRevision(current.standard().revisionNumber(), revision);
        context.work().run(() -> {
            store.update(id, name.orElse(current.name()), description.orElse(current.standard().description()), context.standard().now());
            context.publish("address_group.update.end", current.projectId(), RESOURCE, id, Map.of());
        });
        return get(id, scope);
    }

    public AddressGroup addAddresses(String id, Caller scope, List<String> addresses)
    {
        get(id, scope);
        Set<String> given = normalise(addresses);
        context.work().run(() -> {
            store.lock(id);
            AddressGroup current = get(id, scope);
            List<String> present = given.stream().filter(current.addresses()::contains).toList();
            if (!present.isEmpty()) {
                throw new ApiException(SecurityErrorCode.ADDRESSES_ALREADY_EXIST,
                        "Addresses " + present + " already exist in address group " + id + ".");
            }
            if (current.addresses().size() + given.size() > MAX_ADDRESSES) {
                throw new ApiException(NetworkErrorCode.BAD_REQUEST, "An address group holds at most " + MAX_ADDRESSES + " addresses.");
            }
            store.addAddresses(id, given, context.standard().now());
            context.publish("address_group.update.end", current.projectId(), RESOURCE, id, Map.of("added", List.copyOf(given)));
        });
        return get(id, scope);
    }

    public AddressGroup removeAddresses(String id, Caller scope, List<String> addresses)
    {
        get(id, scope);
        Set<String> given = normalise(addresses);
        context.work().run(() -> {
            store.lock(id);
            AddressGroup current = get(id, scope);
            List<String> absent = given.stream().filter(address -> !current.addresses().contains(address)).toList();
            if (!absent.isEmpty()) {
                throw new ApiException(SecurityErrorCode.ADDRESSES_NOT_FOUND, "Addresses " + absent + " not found in the address group " + id + ".");
            }
            store.removeAddresses(id, given, context.standard().now());
            context.publish("address_group.update.end", current.projectId(), RESOURCE, id, Map.of("removed", List.copyOf(given)));
        });
        return get(id, scope);
    }

    public void delete(String id, Caller scope)
    {
        AddressGroup group = get(id, scope);
        context.work().run(() -> {
            if (securityGroups.rulesNamingAddressGroup(id) > 0) {
                throw new ApiException(SecurityErrorCode.ADDRESS_GROUP_IN_USE, "Address group " + id + " is in use on one or more security group rules.");
            }
            context.standard().forget(id);
            context.work().transaction(h -> {
                RbacPolicyService.forgetObject(h, context.quotas(), RESOURCE, id);
                return null;
            });
            store.delete(id);
            context.publish("address_group.delete.end", group.projectId(), RESOURCE, id, Map.of());
        });
    }

    /** Each address as its network and length ({@code 10.0.0.1} is {@code 10.0.0.1/32}, {@code 10.0.0.7/24} is {@code 10.0.0.0/24}), without repeats. */
    public static Set<String> normalise(List<String> addresses)
    {
        if (addresses.size() > MAX_ADDRESSES) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "An address group holds at most " + MAX_ADDRESSES + " addresses.");
        }
        Set<String> normal = new LinkedHashSet<>();
        for (String address : addresses) {
            Optional<AddressPrefix> prefix = AddressPrefix.tryParse(address);
            if (prefix.isEmpty()) {
                throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input for addresses. Reason: '" + shorten(address)
                        + "' is not a valid IP subnet.");
            }
            normal.add(prefix.get().toString());
        }
        return normal;
    }

    static ApiException notFound(String id)
    {
        return new ApiException(SecurityErrorCode.ADDRESS_GROUP_NOT_FOUND, "Address group " + shorten(id) + " could not be found.");
    }

    private static List<SqlPredicate> scope(Caller scope)
    {
        List<SqlPredicate> predicates = new ArrayList<>();
        if (!scope.admin()) {
            SqlPredicate granted = RbacPolicyService.grantedSql(RESOURCE, RbacPolicy.ACCESS_AS_SHARED, AddressGroupStore.TABLE + ".id", scope.projectId());
            predicates.add(new SqlPredicate(AddressGroupStore.TABLE + ".project_id = :scope_project OR " + granted.sql(),
                    SubnetPoolService.merged(granted.parameters(), "scope_project", scope.projectId())));
        }
        return predicates;
    }

    static String shorten(String text)
    {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
