package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.network.service.AddressGroup;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.network.store.SecurityGroupStore.standard;
import static io.xloud.network.store.SecurityGroupStore.time;
import static java.util.Objects.requireNonNull;

/** Address groups and their addresses. */
public final class AddressGroupStore
{
    public static final String TABLE = "network_address_groups";

    public static final ListSpec LIST = NeutronListQuery.spec(TABLE)
            .attribute(Attribute.string("name", TABLE + ".name").filter().sortable().notNull())
            .defaultSort("id", SortDirection.ASC)
            .build();

    private final UnitOfWork work;

    public AddressGroupStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public UnitOfWork work()
    {
        return work;
    }

    public void insert(AddressGroup group)
    {
        work.transaction(h -> {
            h.createUpdate("INSERT INTO " + TABLE + " (id, project_id, name, description, created_at, updated_at, revision_number) "
                            + "VALUES (:id, :project, :name, :description, :created, :updated, :revision)")
                    .bind("id", group.id())
                    .bind("project", group.projectId())
                    .bind("name", group.name())
                    .bind("description", group.standard().description())
                    .bind("created", time(group.standard().createdAt()))
                    .bind("updated", time(group.standard().updatedAt()))
                    .bind("revision", group.standard().revisionNumber())
                    .execute();
            addAddresses(h, group.id(), group.addresses());
            return null;
        });
    }

    public Optional<AddressGroup> group(String id)
    {
        return work.handle(h -> h.createQuery("SELECT * FROM " + TABLE + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> group(rs)).findOne()
                .map(group -> complete(h, List.of(group)).getFirst()));
    }

    public Page<AddressGroup> page(ListRequest request, List<SqlPredicate> scope)
    {
        return work.handle(h -> {
            Page<AddressGroup> page = NeutronListQuery.page(h, request, scope, (rs, ctx) -> group(rs));
            return new Page<>(complete(h, page.items()), page.hasMore(), page.nextMarker(), page.previousMarker());
        });
    }

    public boolean update(String id, String name, String description, Instant now)
    {
        return work.transaction(h -> h.createUpdate("UPDATE " + TABLE + " SET name = :name, description = :description, updated_at = :now, "
                        + "revision_number = revision_number + 1 WHERE id = :id")
                .bind("id", id).bind("name", name).bind("description", description).bind("now", time(now)).execute() == 1);
    }

    public void addAddresses(String id, Collection<String> addresses, Instant now)
    {
        work.transaction(h -> {
            addAddresses(h, id, addresses);
            return bump(h, id, now);
        });
    }

    public void removeAddresses(String id, Collection<String> addresses, Instant now)
    {
        work.transaction(h -> {
            for (String address : addresses) {
                h.createUpdate("DELETE FROM network_address_group_addresses WHERE address_group_id = :id AND address = :address")
                        .bind("id", id).bind("address", address).execute();
            }
            return bump(h, id, now);
        });
    }

    public boolean delete(String id)
    {
        return work.transaction(h -> h.createUpdate("DELETE FROM " + TABLE + " WHERE id = :id").bind("id", id).execute() == 1);
    }

    /** Locks the group's row until the unit of work ends, so concurrent address changes apply one after the other. */
    public boolean lock(String id)
    {
        return work.transaction(h -> h.createQuery("SELECT id FROM " + TABLE + " WHERE id = :id FOR UPDATE").bind("id", id)
                .mapTo(String.class).findOne().isPresent());
    }

    private static int bump(Handle h, String id, Instant now)
    {
        return h.createUpdate("UPDATE " + TABLE + " SET updated_at = :now, revision_number = revision_number + 1 WHERE id = :id")
                .bind("id", id).bind("now", time(now)).execute();
    }

    private static void addAddresses(Handle h, String id, Collection<String> addresses)
    {
        for (String address : addresses) {
            h.createUpdate("INSERT INTO network_address_group_addresses (address_group_id, address) VALUES (:id, :address) ON CONFLICT DO NOTHING")
                    .bind("id", id).bind("address", address).execute();
        }
    }

    private static List<AddressGroup> complete(Handle h, List<AddressGroup> groups)
    {
        if (groups.isEmpty()) {
            return groups;
        }
        List<String> ids = groups.stream().map(AddressGroup::id).toList();
        Map<String, List<String>> tags = TagStore.tagsOf(h, ids);
        Map<String, List<String>> addresses = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            h.createQuery("SELECT address_group_id, address FROM network_address_group_addresses WHERE address_group_id IN (<ids>) ORDER BY address")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(entry -> addresses.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        }
        return groups.stream()
                .map(group -> new AddressGroup(group.id(), group.name(), addresses.getOrDefault(group.id(), List.of()),
                        group.standard().withTags(tags.getOrDefault(group.id(), List.of()))))
                .toList();
    }

    private static AddressGroup group(ResultSet rs)
            throws SQLException
    {
        return new AddressGroup(rs.getString("id"), rs.getString("name"), List.of(), standard(rs));
    }
}
