package io.xloud.network.store;

import io.xloud.core.db.UnitOfWork;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** The tags of every resource, and the revision bump a change of standard attributes makes. */
public final class TagStore
{
    /** Table names are the service's own constants, never a client's text. */
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");

    private final UnitOfWork work;

    public TagStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public UnitOfWork work()
    {
        return work;
    }

    public List<String> tags(String resourceId)
    {
        return work.handle(h -> h.createQuery("SELECT tag FROM network_tags WHERE resource_id = :id ORDER BY tag")
                .bind("id", resourceId).mapTo(String.class).list());
    }

    /** Tags of many resources at once, by resource id, each list sorted. */
    public Map<String, List<String>> tags(Collection<String> resourceIds)
    {
        return work.handle(h -> tagsOf(h, List.copyOf(resourceIds)));
    }

    public static Map<String, List<String>> tagsOf(Handle h, List<String> ids)
    {
        // one array parameter, however many ids: no chunks as an IN list needed
        Map<String, List<String>> tags = new HashMap<>();
        h.createQuery("SELECT t.resource_id, t.tag FROM UNNEST(:ids) AS wanted(id) JOIN network_tags t ON t.resource_id = wanted.id ORDER BY t.tag")
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(entry -> tags.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        return tags;
    }

    public boolean add(String resourceType, String resourceId, String tag)
    {
        return work.transaction(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM network_tags WHERE resource_id = :id AND tag = :tag")
                    .bind("id", resourceId).bind("tag", tag).mapTo(Integer.class).one() > 0;
            if (exists) {
                return false;
            }
            h.createUpdate("INSERT INTO network_tags (resource_id, resource_type, tag) VALUES (:id, :type, :tag) ON CONFLICT DO NOTHING")
                    .bind("id", resourceId).bind("type", resourceType).bind("tag", tag).execute();
            return true;
        });
    }

    public boolean remove(String resourceId, String tag)
    {
        return work.transaction(h -> h.createUpdate("DELETE FROM network_tags WHERE resource_id = :id AND tag = :tag")
                .bind("id", resourceId).bind("tag", tag).execute() > 0);
    }

    public void removeAll(String resourceId)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM network_tags WHERE resource_id = :id").bind("id", resourceId).execute());
    }

    public void replace(String resourceType, String resourceId, Collection<String> tags)
    {
        work.transaction(h -> {
            h.createUpdate("DELETE FROM network_tags WHERE resource_id = :id").bind("id", resourceId).execute();
            for (String tag : tags) {
                h.createUpdate("INSERT INTO network_tags (resource_id, resource_type, tag) VALUES (:id, :type, :tag) ON CONFLICT DO NOTHING")
                        .bind("id", resourceId).bind("type", resourceType).bind("tag", tag).execute();
            }
            return null;
        });
    }

    /** Adds one to the resource's revision number and stamps updated_at; false when the row is gone. */
    public boolean bumpRevision(String table, String resourceId, java.time.Instant now)
    {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return work.transaction(h -> h.createUpdate("UPDATE " + table
                        + " SET revision_number = revision_number + 1, updated_at = :now WHERE id = :id")
                .bind("now", java.time.LocalDateTime.ofInstant(now, java.time.ZoneOffset.UTC)).bind("id", resourceId).execute() > 0);
    }
}
