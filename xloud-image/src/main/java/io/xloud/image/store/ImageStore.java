package io.xloud.image.store;

import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.image.service.Image;
import io.xloud.image.service.ImageMember;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/** Images, their properties, tags and members in the database; writes join the unit of work open on the thread. */
public final class ImageStore
{
    public static final String COLUMNS = "i.id, i.name, i.owner, i.status, i.visibility, i.protected, i.os_hidden, i.disk_format, i.container_format,"
            + " i.min_disk, i.min_ram, i.size, i.virtual_size, i.checksum, i.os_hash_algo, i.os_hash_value, i.data_project, i.created_at, i.updated_at, i.version";

    private final UnitOfWork work;

    public ImageStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public UnitOfWork work()
    {
        return work;
    }

    public void insert(Image image)
    {
        work.transaction(handle -> {
            handle.createUpdate("INSERT INTO image_images (id, name, owner, status, visibility, protected, os_hidden, disk_format, container_format,"
                            + " min_disk, min_ram, size, virtual_size, checksum, os_hash_algo, os_hash_value, data_project, created_at, updated_at, version)"
                            + " VALUES (:id, :name, :owner, :status, :visibility, :protected, :hidden, :disk_format, :container_format,"
                            + " :min_disk, :min_ram, :size, :virtual_size, :checksum, :hash_algo, :hash_value, :data_project, :created_at, :updated_at, 0)")
                    .bind("id", image.id())
                    .bindMap(columns(image))
                    .bind("created_at", time(image.createdAt()))
                    .execute();
            writeProperties(handle, image.id(), image.properties());
            writeTags(handle, image.id(), image.tags(), image.updatedAt());
            return null;
        });
    }

    public Optional<Image> find(String id)
    {
        return work.handle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM image_images i WHERE i.id = :id")
                .bind("id", id)
                .map(ImageStore::row)
                .findFirst()
                .map(row -> complete(handle, List.of(row)).getFirst()));
    }

    /** Writes the image's new state if it still has {@code version}; false when another write came first (or it is gone). */
    public boolean update(Image image)
    {
        return work.transaction(handle -> {
            Image current = handle.createQuery("SELECT " + COLUMNS + " FROM image_images i WHERE i.id = :id")
                    .bind("id", image.id())
                    .map(ImageStore::row)
                    .findFirst()
                    .map(row -> complete(handle, List.of(row)).getFirst())
                    .orElse(null);
            int updated = handle.createUpdate("UPDATE image_images SET name = :name, owner = :owner, status = :status, visibility = :visibility,"
                            + " protected = :protected, os_hidden = :hidden, disk_format = :disk_format, container_format = :container_format,"
                            + " min_disk = :min_disk, min_ram = :min_ram, size = :size, virtual_size = :virtual_size, checksum = :checksum,"
                            + " os_hash_algo = :hash_algo, os_hash_value = :hash_value, data_project = :data_project, updated_at = :updated_at, version = version + 1"
                            + " WHERE id = :id AND version = :version")
                    .bind("id", image.id())
                    .bind("version", image.version())
                    .bindMap(columns(image))
                    .execute();
            if (updated == 0 || current == null) {
                return false;
            }
            if (!current.properties().equals(image.properties())) {
                handle.createUpdate("DELETE FROM image_properties WHERE image_id = :id").bind("id", image.id()).execute();
                writeProperties(handle, image.id(), image.properties());
            }
            if (!current.tags().equals(image.tags())) {
                handle.createUpdate("DELETE FROM image_tags WHERE image_id = :id").bind("id", image.id()).execute();
                writeTags(handle, image.id(), image.tags(), image.updatedAt());
            }
            return true;
        });
    }

    /** Removes the image with its properties, tags and members; false when it was not there. */
    public boolean delete(String id)
    {
        return work.transaction(handle -> {
            handle.createUpdate("DELETE FROM image_properties WHERE image_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM image_tags WHERE image_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM image_members WHERE image_id = :id").bind("id", id).execute();
            return handle.createUpdate("DELETE FROM image_images WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    /** Ids of the images in a status, oldest first: for recovery after a crash. */
    public List<String> idsInStatus(String status, int limit)
    {
        return work.handle(handle -> handle.createQuery("SELECT id FROM image_images WHERE status = :status ORDER BY created_at, id LIMIT :limit")
                .bind("status", status)
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    /** A page of images through the collection query, with the caller's visibility and Glance's special filters as scope. */
    public Page<Image> list(ListRequest request, List<SqlPredicate> scope)
    {
        return work.handle(handle -> {
            Page<Image> rows = ListQuery.page(handle, request, scope, (rs, context) -> row(rs, context));
            List<Image> complete = complete(handle, rows.items());
            return new Page<>(complete, rows.hasMore(), rows.nextMarker(), rows.previousMarker());
        });
    }

    // ---- members

    public Optional<ImageMember> member(String imageId, String memberId)
    {
        return work.handle(handle -> handle.createQuery("SELECT * FROM image_members WHERE image_id = :image AND member = :member")
                .bind("image", imageId)
                .bind("member", memberId)
                .map(ImageStore::memberRow)
                .findFirst());
    }

    public List<ImageMember> members(String imageId)
    {
        return work.handle(handle -> handle.createQuery("SELECT * FROM image_members WHERE image_id = :image ORDER BY created_at, member")
                .bind("image", imageId)
                .map(ImageStore::memberRow)
                .list());
    }

    public int memberCount(String imageId)
    {
        return work.handle(handle -> handle.createQuery("SELECT COUNT(*) FROM image_members WHERE image_id = :image")
                .bind("image", imageId)
                .mapTo(Integer.class)
                .one());
    }

    /** Adds a member; false when the project is a member already. */
    public boolean insertMember(ImageMember member)
    {
        return work.transaction(handle -> {
            boolean exists = handle.createQuery("SELECT COUNT(*) FROM image_members WHERE image_id = :image AND member = :member")
                    .bind("image", member.imageId())
                    .bind("member", member.memberId())
                    .mapTo(Integer.class)
                    .one() > 0;
            if (exists) {
                return false;
            }
            handle.createUpdate("INSERT INTO image_members (image_id, member, status, created_at, updated_at)"
                            + " VALUES (:image, :member, :status, :created, :updated)")
                    .bind("image", member.imageId())
                    .bind("member", member.memberId())
                    .bind("status", member.status())
                    .bind("created", time(member.createdAt()))
                    .bind("updated", time(member.updatedAt()))
                    .execute();
            return true;
        });
    }

    public boolean updateMember(ImageMember member)
    {
        return work.transaction(handle -> handle.createUpdate("UPDATE image_members SET status = :status, updated_at = :updated"
                        + " WHERE image_id = :image AND member = :member")
                .bind("image", member.imageId())
                .bind("member", member.memberId())
                .bind("status", member.status())
                .bind("updated", time(member.updatedAt()))
                .execute() > 0);
    }

    public boolean deleteMember(String imageId, String memberId)
    {
        return work.transaction(handle -> handle.createUpdate("DELETE FROM image_members WHERE image_id = :image AND member = :member")
                .bind("image", imageId)
                .bind("member", memberId)
                .execute() > 0);
    }

    // ---- rows

    private static Map<String, Object> columns(Image image)
    {
        Map<String, Object> values = new HashMap<>();
        values.put("name", image.name().orElse(null));
        values.put("owner", image.owner());
        values.put("status", image.status());
        values.put("visibility", image.visibility());
        values.put("protected", image.isProtected());
        values.put("hidden", image.hidden());
        values.put("disk_format", image.diskFormat().orElse(null));
        values.put("container_format", image.containerFormat().orElse(null));
        values.put("min_disk", image.minDisk());
        values.put("min_ram", image.minRam());
        values.put("size", image.size().isPresent() ? image.size().getAsLong() : null);
        values.put("virtual_size", image.virtualSize().isPresent() ? image.virtualSize().getAsLong() : null);
        values.put("checksum", image.checksum().orElse(null));
        values.put("hash_algo", image.hashAlgo().orElse(null));
        values.put("hash_value", image.hashValue().orElse(null));
        values.put("data_project", image.dataProject().orElse(null));
        values.put("updated_at", time(image.updatedAt()));
        return values;
    }

    private static void writeProperties(Handle handle, String id, Map<String, String> properties)
    {
        if (properties.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (:id, :name, :value)");
        properties.forEach((name, value) -> batch.bind("id", id).bind("name", name).bind("value", value).add());
        batch.execute();
    }

    private static void writeTags(Handle handle, String id, List<String> tags, Instant now)
    {
        if (tags.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO image_tags (image_id, tag, created_at) VALUES (:id, :tag, :created)");
        tags.forEach(tag -> batch.bind("id", id).bind("tag", tag).bind("created", time(now)).add());
        batch.execute();
    }

    /** The rows with their properties and tags, read in two queries for the whole page. */
    private static List<Image> complete(Handle handle, List<Image> rows)
    {
        if (rows.isEmpty()) {
            return rows;
        }
        List<String> ids = rows.stream().map(Image::id).toList();
        Map<String, Map<String, String>> properties = new HashMap<>();
        // joined from UNNEST, which H2 looks up by index (an IN list of a thousand parameters is compared row by row)
        handle.createQuery("SELECT p.image_id, p.prop_name, p.prop_value FROM UNNEST(:ids) AS wanted(id) JOIN image_properties p ON p.image_id = wanted.id")
                .bindArray("ids", String.class, ids)
                .map((rs, context) -> {
                    properties.computeIfAbsent(rs.getString(1), ignored -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                    return null;
                })
                .list();
        Map<String, List<String>> tags = new HashMap<>();
        handle.createQuery("SELECT t.image_id, t.tag FROM UNNEST(:ids) AS wanted(id) JOIN image_tags t ON t.image_id = wanted.id ORDER BY t.created_at, t.tag")
                .bindArray("ids", String.class, ids)
                .map((rs, context) -> {
                    tags.computeIfAbsent(rs.getString(1), ignored -> new ArrayList<>()).add(rs.getString(2));
                    return null;
                })
                .list();
        List<Image> complete = new ArrayList<>(rows.size());
        for (Image row : rows) {
            complete.add(row.toBuilder()
                    .properties(new LinkedHashMap<>(properties.getOrDefault(row.id(), Map.of())))
                    .tags(tags.getOrDefault(row.id(), List.of()))
                    .build());
        }
        return complete;
    }

    private static Image row(ResultSet rs, org.jdbi.v3.core.statement.StatementContext context)
            throws SQLException
    {
        return new Image(
                rs.getString("id"),
                Optional.ofNullable(rs.getString("name")),
                rs.getString("owner"),
                rs.getString("status"),
                rs.getString("visibility"),
                rs.getBoolean("protected"),
                rs.getBoolean("os_hidden"),
                Optional.ofNullable(rs.getString("disk_format")),
                Optional.ofNullable(rs.getString("container_format")),
                rs.getLong("min_disk"),
                rs.getLong("min_ram"),
                optionalLong(rs, "size"),
                optionalLong(rs, "virtual_size"),
                Optional.ofNullable(rs.getString("checksum")),
                Optional.ofNullable(rs.getString("os_hash_algo")),
                Optional.ofNullable(rs.getString("os_hash_value")),
                Optional.ofNullable(rs.getString("data_project")),
                instant(rs.getObject("created_at", LocalDateTime.class)),
                instant(rs.getObject("updated_at", LocalDateTime.class)),
                Map.of(),
                List.of(),
                rs.getLong("version"));
    }

    private static ImageMember memberRow(ResultSet rs, org.jdbi.v3.core.statement.StatementContext context)
            throws SQLException
    {
        return new ImageMember(rs.getString("image_id"), rs.getString("member"), rs.getString("status"),
                instant(rs.getObject("created_at", LocalDateTime.class)), instant(rs.getObject("updated_at", LocalDateTime.class)));
    }

    private static OptionalLong optionalLong(ResultSet rs, String column)
            throws SQLException
    {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    static LocalDateTime time(Instant instant)
    {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime time)
    {
        return time.toInstant(ZoneOffset.UTC);
    }
}
