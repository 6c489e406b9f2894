package io.xloud.image.store;

import io.xloud.core.db.UnitOfWork;
import io.xloud.image.service.ImageLocation;
import io.xloud.image.service.ImageTask;
import io.xloud.image.service.ImportImageState;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Tasks, locations (which stores hold an image) and staged data of interoperable import, and the few columns of
 * an image import changes: its status, its data's digests and its reserved {@code os_glance_*} properties. Every
 * call joins the unit of work open on the calling thread.
 */
public final class ImportStore
{
    private static final String TASK_COLUMNS = "id, type, status, owner, image_id, request_id, user_id, input, result, message, job_id, "
            + "created_at, updated_at, expires_at";

    private static final RowMapper<ImageTask> TASK = (rs, ctx) -> new ImageTask(
            rs.getString("id"),
            rs.getString("type"),
            rs.getString("status"),
            rs.getString("owner"),
            Optional.ofNullable(rs.getString("image_id")),
            Optional.ofNullable(rs.getString("request_id")),
            Optional.ofNullable(rs.getString("user_id")),
            rs.getString("input"),
            Optional.ofNullable(rs.getString("result")),
            rs.getString("message"),
            optionalLong(rs, "job_id"),
            instant(rs, "created_at"),
            instant(rs, "updated_at"),
            Optional.ofNullable(rs.getTimestamp("expires_at")).map(Timestamp::toInstant));

    private static final RowMapper<ImageLocation> LOCATION = (rs, ctx) -> new ImageLocation(
            rs.getString("image_id"), rs.getString("store"), rs.getString("object_key"), rs.getLong("size"), instant(rs, "created_at"));

    /** Staged data of an image: the key it has in the object engine and how many bytes it holds. */
    public record Staged(String imageId, String owner, String objectKey, long size, boolean complete, Instant createdAt)
    {
        public Staged
        {
            requireNonNull(imageId, "imageId is null");
            requireNonNull(owner, "owner is null");
            requireNonNull(objectKey, "objectKey is null");
            requireNonNull(createdAt, "createdAt is null");
        }
    }

    private final UnitOfWork work;

    public ImportStore(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public UnitOfWork unitOfWork()
    {
        return work;
    }

    // ---- tasks

    public void insertTask(ImageTask task)
    {
        work.transaction(h -> h.createUpdate("INSERT INTO image_tasks (" + TASK_COLUMNS + ") VALUES (:id, :type, :status, :owner, :image, "
                        + ":request, :user, :input, :result, :message, :job, :created, :updated, :expires)")
                .bind("id", task.id())
                .bind("type", task.type())
                .bind("status", task.status())
                .bind("owner", task.owner())
                .bind("image", task.imageId().orElse(null))
                .bind("request", task.requestId().orElse(null))
                .bind("user", task.userId().orElse(null))
                .bind("input", task.input())
                .bind("result", task.result().orElse(null))
                .bind("message", task.message())
                .bind("job", task.jobId().orElse(null))
                .bind("created", Timestamp.from(task.createdAt()))
                .bind("updated", Timestamp.from(task.updatedAt()))
                .bind("expires", task.expiresAt().map(Timestamp::from).orElse(null))
                .execute());
    }

    public Optional<ImageTask> task(String id)
    {
        return work.handle(h -> h.createQuery("SELECT " + TASK_COLUMNS + " FROM image_tasks WHERE id = :id")
                .bind("id", id).map(TASK).findOne());
    }

    /** The tasks of an image, oldest first. */
    public List<ImageTask> tasksOfImage(String imageId)
    {
        return work.handle(h -> h.createQuery("SELECT " + TASK_COLUMNS + " FROM image_tasks WHERE image_id = :image ORDER BY created_at, id")
                .bind("image", imageId).map(TASK).list());
    }

    /**
     * A page of tasks, newest first (or oldest first), after the marker task, optionally of one owner, status and type.
     */
    public List<ImageTask> tasks(Optional<String> owner, Optional<String> status, Optional<String> type, Optional<ImageTask> marker,
            boolean ascending, int limit)
    {
        StringBuilder sql = new StringBuilder("SELECT " + TASK_COLUMNS + " FROM image_tasks WHERE 1 = 1");
        owner.ifPresent(value -> sql.append(" AND owner = :owner"));
        status.ifPresent(value -> sql.append(" AND status = :status"));
        type.ifPresent(value -> sql.append(" AND type = :type"));
        String cmp = ascending ? ">" : "<";
        marker.ifPresent(value -> sql.append(" AND (created_at ").append(cmp).append(" :mcreated OR (created_at = :mcreated AND id ")
                .append(cmp).append(" :mid))"));
        String dir = ascending ? "ASC" : "DESC";
        sql.append(" ORDER BY created_at ").append(dir).append(", id ").append(dir).append(" LIMIT :limit");
        return work.handle(h -> {
            var query = h.createQuery(sql.toString()).bind("limit", limit);
            owner.ifPresent(value -> query.bind("owner", value));
            status.ifPresent(value -> query.bind("status", value));
            type.ifPresent(value -> query.bind("type", value));
            marker.ifPresent(value -> query.bind("mcreated", Timestamp.from(value.createdAt())).bind("mid", value.id()));
            return query.map(TASK).list();
        });
    }

    /** Moves a task that is not finished yet; false when it already finished (its outcome stands). */
    public boolean updateTask(String id, String status, Optional<String> result, String message, Instant now, Optional<Instant> expiresAt)
    {
        return work.transaction(h -> h.createUpdate("UPDATE image_tasks SET status = :status, result = :result, message = :message, "
                        + "updated_at = :now, expires_at = :expires WHERE id = :id AND status IN ('pending', 'processing')")
                .bind("id", id)
                .bind("status", status)
                .bind("result", result.orElse(null))
                .bind("message", message.length() > 60000 ? message.substring(0, 60000) : message)
                .bind("now", Timestamp.from(now))
                .bind("expires", expiresAt.map(Timestamp::from).orElse(null))
                .execute()) == 1;
    }

    public void setTaskJob(String id, long jobId)
    {
        work.transaction(h -> h.createUpdate("UPDATE image_tasks SET job_id = :job WHERE id = :id").bind("id", id).bind("job", jobId).execute());
    }

    /** Tasks still pending or processing, for the sweep that finishes those whose job died. */
    public List<ImageTask> unfinishedTasks(int limit)
    {
        return work.handle(h -> h.createQuery("SELECT " + TASK_COLUMNS + " FROM image_tasks WHERE status IN ('pending', 'processing') "
                        + "ORDER BY created_at, id LIMIT :limit")
                .bind("limit", limit).map(TASK).list());
    }

    public int deleteExpiredTasks(Instant now)
    {
        return work.transaction(h -> h.createUpdate("DELETE FROM image_tasks WHERE expires_at IS NOT NULL AND expires_at < :now")
                .bind("now", Timestamp.from(now)).execute());
    }

    // ---- locations

    public List<ImageLocation> locations(String imageId)
    {
        return work.handle(h -> h.createQuery("SELECT image_id, store, object_key, size, created_at FROM image_locations "
                        + "WHERE image_id = :image ORDER BY store")
                .bind("image", imageId).map(LOCATION).list());
    }

    public void putLocation(ImageLocation location)
    {
        work.transaction(h -> {
            h.createUpdate("DELETE FROM image_locations WHERE image_id = :image AND store = :store")
                    .bind("image", location.imageId()).bind("store", location.store()).execute();
            return h.createUpdate("INSERT INTO image_locations (image_id, store, object_key, size, created_at) "
                            + "VALUES (:image, :store, :key, :size, :created)")
                    .bind("image", location.imageId())
                    .bind("store", location.store())
                    .bind("key", location.objectKey())
                    .bind("size", location.size())
                    .bind("created", Timestamp.from(location.createdAt()))
                    .execute();
        });
    }

    public boolean deleteLocation(String imageId, String store)
    {
        return work.transaction(h -> h.createUpdate("DELETE FROM image_locations WHERE image_id = :image AND store = :store")
                .bind("image", imageId).bind("store", store).execute()) == 1;
    }

    public void deleteLocations(String imageId)
    {
        work.transaction(h -> h.createUpdate("DELETE FROM image_locations WHERE image_id = :image").bind("image", imageId).execute());
    }

    /** Location rows whose image no longer exists or is deleted, for the sweep that removes their bytes. */
    public List<ImageLocation> orphanLocations(int limit)
    {
        return work.handle(h -> h.createQuery("SELECT l.image_id, l.store, l.object_key, l.size, l.created_at FROM image_locations l "
                        + "LEFT JOIN image_images i ON i.id = l.image_id WHERE i.id IS NULL OR i.status IN ('deleted', 'killed') LIMIT :limit")
                .bind("limit", limit).map(LOCATION).list());
    }

    // ---- staged data

    public Optional<Staged> staged(String imageId)
    {
        return work.handle(h -> h.createQuery("SELECT image_id, owner, object_key, size, complete, created_at FROM image_staging WHERE image_id = :image")
                .bind("image", imageId)
                .map((rs, ctx) -> new Staged(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5), instant(rs, "created_at")))
                .findOne());
    }

    public void putStaged(Staged staged)
    {
        work.transaction(h -> {
            h.createUpdate("DELETE FROM image_staging WHERE image_id = :image").bind("image", staged.imageId()).execute();
            return h.createUpdate("INSERT INTO image_staging (image_id, owner, object_key, size, complete, created_at) "
                            + "VALUES (:image, :owner, :key, :size, :complete, :created)")
                    .bind("complete", staged.complete())
                    .bind("image", staged.imageId())
                    .bind("owner", staged.owner())
                    .bind("key", staged.objectKey())
                    .bind("size", staged.size())
                    .bind("created", Timestamp.from(staged.createdAt()))
                    .execute();
        });
    }

    public boolean deleteStaged(String imageId)
    {
        return work.transaction(h -> h.createUpdate("DELETE FROM image_staging WHERE image_id = :image").bind("image", imageId).execute()) == 1;
    }

    /** Staged data whose image no longer exists or has left the import statuses, or that stopped streaming in before {@code staleBefore}. */
    public List<Staged> orphanStaged(Instant staleBefore, int limit)
    {
        return work.handle(h -> h.createQuery("SELECT s.image_id, s.owner, s.object_key, s.size, s.complete, s.created_at FROM image_staging s "
                        + "LEFT JOIN image_images i ON i.id = s.image_id "
                        + "WHERE i.id IS NULL OR i.status NOT IN ('uploading', 'importing') OR (s.complete = FALSE AND s.created_at < :stale) "
                        + "LIMIT :limit")
                .bind("limit", limit)
                .bind("stale", Timestamp.from(staleBefore))
                .map((rs, ctx) -> new Staged(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5), instant(rs, "created_at")))
                .list());
    }

    // ---- the image itself

    /** Whether the project is a member of the image (of any member status: Glance shows a shared image to a pending member). */
    public boolean isMember(String imageId, String projectId)
    {
        return work.handle(h -> h.createQuery("SELECT COUNT(*) FROM image_members WHERE image_id = :image AND member = :member")
                .bind("image", imageId).bind("member", projectId).mapTo(Long.class).one()) > 0;
    }

    public Optional<ImportImageState> image(String imageId)
    {
        return work.handle(h -> h.createQuery("SELECT id, owner, status, visibility, disk_format, container_format, size, checksum, "
                        + "os_hash_value FROM image_images WHERE id = :id")
                .bind("id", imageId)
                .map((rs, ctx) -> new ImportImageState(
                        rs.getString("id"),
                        rs.getString("owner"),
                        rs.getString("status"),
                        rs.getString("visibility"),
                        Optional.ofNullable(rs.getString("disk_format")),
                        Optional.ofNullable(rs.getString("container_format")),
                        optionalLong(rs, "size"),
                        Optional.ofNullable(rs.getString("checksum")),
                        Optional.ofNullable(rs.getString("os_hash_value"))))
                .findOne());
    }

    /** Moves the image's status when it is one of {@code from}; false when it is not (someone else moved it). */
    public boolean compareAndSetStatus(String imageId, Collection<String> from, String to, Instant now)
    {
        return work.transaction(h -> h.createUpdate("UPDATE image_images SET status = :to, updated_at = :now, version = version + 1 "
                        + "WHERE id = :id AND status IN (<from>)")
                .bind("id", imageId)
                .bind("to", to)
                .bind("now", Timestamp.from(now))
                .bindList("from", List.copyOf(from))
                .execute()) == 1;
    }

    /**
     * Records the data's size and digests and the project its bytes are stored under, and makes the image active,
     * when it is in one of {@code from}.
     */
    public boolean activate(String imageId, Collection<String> from, String dataProject, long size, String checksum, String hashAlgo,
            String hashValue, Instant now)
    {
        return work.transaction(h -> h.createUpdate("UPDATE image_images SET status = 'active', size = :size, checksum = :checksum, "
                        + "os_hash_algo = :algo, os_hash_value = :value, data_project = :project, updated_at = :now, version = version + 1 "
                        + "WHERE id = :id AND status IN (<from>)")
                .bind("id", imageId)
                .bind("project", dataProject)
                .bind("size", size)
                .bind("checksum", checksum)
                .bind("algo", hashAlgo)
                .bind("value", hashValue)
                .bind("now", Timestamp.from(now))
                .bindList("from", List.copyOf(from))
                .execute()) == 1;
    }

    public Optional<String> property(String imageId, String name)
    {
        return work.handle(h -> h.createQuery("SELECT prop_value FROM image_properties WHERE image_id = :image AND prop_name = :name")
                .bind("image", imageId).bind("name", name).mapTo(String.class).findOne());
    }

    public void setProperty(String imageId, String name, String value, Instant now)
    {
        work.transaction(h -> {
            int updated = h.createUpdate("UPDATE image_properties SET prop_value = :value WHERE image_id = :image AND prop_name = :name")
                    .bind("image", imageId).bind("name", name).bind("value", value).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (:image, :name, :value)")
                        .bind("image", imageId).bind("name", name).bind("value", value).execute();
            }
            touch(h, imageId, now);
            return null;
        });
    }

    /** Sets a property only when the image has none of that name: the atomic take of an import lock. */
    public boolean setPropertyIfAbsent(String imageId, String name, String value, Instant now)
    {
        return work.transaction(h -> {
            int inserted = h.createUpdate("INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (:image, :name, :value) "
                            + "ON CONFLICT DO NOTHING")
                    .bind("image", imageId).bind("name", name).bind("value", value).execute();
            if (inserted == 1) {
                touch(h, imageId, now);
            }
            return inserted == 1;
        });
    }

    /** Removes a property; with an expected value only when it still has that value (the release of one's own lock). */
    public boolean removeProperty(String imageId, String name, Optional<String> expected, Instant now)
    {
        return work.transaction(h -> {
            var update = h.createUpdate("DELETE FROM image_properties WHERE image_id = :image AND prop_name = :name"
                            + (expected.isPresent() ? " AND prop_value = :expected" : ""))
                    .bind("image", imageId).bind("name", name);
            expected.ifPresent(value -> update.bind("expected", value));
            int removed = update.execute();
            if (removed == 1) {
                touch(h, imageId, now);
            }
            return removed == 1;
        });
    }

    private static void touch(org.jdbi.v3.core.Handle h, String imageId, Instant now)
    {
        h.createUpdate("UPDATE image_images SET updated_at = :now, version = version + 1 WHERE id = :id")
                .bind("id", imageId).bind("now", Timestamp.from(now)).execute();
    }

    private static Instant instant(ResultSet rs, String column)
            throws SQLException
    {
        return rs.getTimestamp(column).toInstant();
    }

    private static Optional<Long> optionalLong(ResultSet rs, String column)
            throws SQLException
    {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
