package io.xloud.identity.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import java.util.Map;
import io.xloud.identity.store.GroupList;
import io.xloud.core.error.ApiException;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/** Groups of users: names unique in a domain; a deleted group takes its grants with it. */
public final class GroupService
{
    private final IdentityStore store;

    public GroupService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    public Optional<Group> find(String id)
    {
        return store.read(h -> UserStore.group(h, id));
    }

    /** @throws ApiException NOT_FOUND */
    public Group group(String id)
    {
        return store.read(h -> UserStore.group(h, id)).orElseThrow(() -> IdentityErrors.notFound("group", id));
    }

    public List<Group> groups()
    {
        return store.read(UserStore::groups);
    }

    public Group create(Group group)
    {
        store.writeVoid(h -> {
            if (ResourceStore.domain(h, group.domainId()).isEmpty()) {
                throw IdentityErrors.notFound("domain", group.domainId());
            }
            if (UserStore.groupByName(h, group.domainId(), group.name()).isPresent()) {
                throw duplicateName(group.name());
            }
            UserStore.insertGroup(h, group);
        });
        return group;
    }

    /** Applies a change to the group as it is now; the change may refuse by throwing. */
    public Group update(String id, UnaryOperator<Group> change)
    {
        return store.write(h -> {
            Group current = UserStore.group(h, id).orElseThrow(() -> IdentityErrors.notFound("group", id));
            Group next = change.apply(current);
            if (!next.name().equals(current.name()) && UserStore.groupByName(h, current.domainId(), next.name()).isPresent()) {
                throw duplicateName(next.name());
            }
            UserStore.updateGroup(h, next);
            return next;
        });
    }

    public void delete(String id)
    {
        store.writeVoid(h -> {
            UserStore.group(h, id).orElseThrow(() -> IdentityErrors.notFound("group", id));
            RoleStore.deleteAssignmentsOfActor(h, id);
            UserStore.deleteGroup(h, id);
        });
    }

    public List<User> usersInGroup(String groupId)
    {
        return store.read(h -> UserStore.userIdsInGroup(h, groupId).stream()
                .map(userId -> UserStore.user(h, userId)).flatMap(Optional::stream).toList());
    }

    public List<Group> groupsOfUser(String userId)
    {
        return store.read(h -> UserStore.groupIdsOfUser(h, userId).stream()
                .map(groupId -> UserStore.group(h, groupId)).flatMap(Optional::stream).toList());
    }

    public void addMember(String groupId, String userId)
    {
        store.writeVoid(h -> UserStore.addMember(h, groupId, userId));
    }

    public boolean isMember(String groupId, String userId)
    {
        return store.read(h -> UserStore.isMember(h, groupId, userId));
    }

    public void removeMember(String groupId, String userId)
    {
        store.writeVoid(h -> {
            if (!UserStore.isMember(h, groupId, userId)) {
                throw notMember(groupId, userId);
            }
            UserStore.removeMember(h, groupId, userId);
        });
    }

    public static ApiException notMember(String groupId, String userId)
    {
        return IdentityErrors.notFound("user in group", userId + " in " + groupId);
    }

    private static ApiException duplicateName(String name)
    {
        return ApiException.conflict("Conflict occurred attempting to store group - Duplicate entry found with name " + name + ".");
    }

    /** A list request read from the query, cut at {@code identity.list_limit} when it is set (0: no limit). */
    public ListRequest listRequest(Map<String, List<String>> query, int listLimit)
    {
        return GroupList.request(query, listLimit);
    }

    /** One page of groups, filtered and sorted in the database. */
    public Page<Group> page(ListRequest request)
    {
        return store.read(h -> GroupList.page(h, request));
    }
}
