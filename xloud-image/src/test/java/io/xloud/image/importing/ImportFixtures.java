package io.xloud.image.importing;

import io.xloud.core.db.Database;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Images and jobs written straight into the module's database, for import tests that need an image in a given
 * state (or a job a crash left behind) without the rest of the image API.
 */
final class ImportFixtures
        implements AutoCloseable
{
    private final Database database;

    ImportFixtures(Path dataDir)
    {
        this.database = Database.open(Database.embeddedUrl(dataDir), "", "", 2);
    }

    String image(String owner, String status, String visibility)
    {
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO image_images (id, name, owner, status, visibility, protected, os_hidden, "
                        + "disk_format, container_format, min_disk, min_ram, created_at, updated_at, version) "
                        + "VALUES (:id, 'test', :owner, :status, :visibility, FALSE, FALSE, 'raw', 'bare', 0, 0, :now, :now, 1)")
                .bind("id", id).bind("owner", owner).bind("status", status).bind("visibility", visibility).bind("now", now)
                .execute());
        return id;
    }

    void setData(String imageId, long size, String md5)
    {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE image_images SET size = :size, checksum = :md5, os_hash_algo = 'sha512', "
                        + "os_hash_value = 'x' WHERE id = :id")
                .bind("id", imageId).bind("size", size).bind("md5", md5).execute());
    }

    void setStatus(String imageId, String status)
    {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE image_images SET status = :status WHERE id = :id")
                .bind("id", imageId).bind("status", status).execute());
    }

    Map<String, Object> image(String imageId)
    {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT status, size, checksum, os_hash_algo, os_hash_value FROM image_images "
                        + "WHERE id = :id")
                .bind("id", imageId).mapToMap().one());
    }

    String status(String imageId)
    {
        return (String) image(imageId).get("status");
    }

    Optional<String> property(String imageId, String name)
    {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT prop_value FROM image_properties WHERE image_id = :id AND prop_name = :name")
                .bind("id", imageId).bind("name", name).mapTo(String.class).findOne());
    }

    void setProperty(String imageId, String name, String value)
    {
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (:id, :name, :value)")
                .bind("id", imageId).bind("name", name).bind("value", value).execute());
    }

    void addMember(String imageId, String member)
    {
        Timestamp now = Timestamp.from(Instant.now());
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO image_members (image_id, member, status, created_at, updated_at) "
                        + "VALUES (:id, :member, 'accepted', :now, :now)")
                .bind("id", imageId).bind("member", member).bind("now", now).execute());
    }

    String stores(String imageId)
    {
        java.util.List<String> stores = database.jdbi().withHandle(h -> h.createQuery("SELECT store FROM image_locations WHERE image_id = :id "
                        + "ORDER BY store")
                .bind("id", imageId).mapTo(String.class).list());
        return String.join(",", stores);
    }

    long stagedRows()
    {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM image_staging").mapTo(Long.class).one());
    }

    void setQuota(String project, String resource, long limit)
    {
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO quota_limits (project_id, resource, hard_limit) VALUES (:p, :r, :l)")
                .bind("p", project).bind("r", "image." + resource).bind("l", limit).execute());
    }

    long quotaInUse(String project, String resource)
    {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT in_use FROM quota_usages WHERE project_id = :p AND resource = :r")
                .bind("p", project).bind("r", "image." + resource).mapTo(Long.class).findOne().orElse(0L));
    }

    /** The state a node leaves when it dies in the middle of an import job: the job running under a lease that expired. */
    String crashedImport(String imageId, String owner, String method, String importRequest, String stores, int attempts, int maxAttempts)
    {
        String taskId = UUID.randomUUID().toString();
        long nowMillis = System.currentTimeMillis();
        Timestamp now = Timestamp.from(Instant.now());
        String input = "{\"image_id\":\"" + imageId + "\",\"import_req\":" + importRequest + ",\"backend\":" + stores + "}";
        database.jdbi().useTransaction(h -> {
            long jobId = h.createUpdate("INSERT INTO jobs (kind, payload, state, priority, run_after, attempts, max_attempts, lease_owner, "
                            + "lease_expires_at, created_at, updated_at) VALUES ('image.import', :payload, 'running', 0, :now, :attempts, :max, "
                            + "'dead-node@host', :expired, :now, :now)")
                    .bind("payload", "{\"task_id\":\"" + taskId + "\"}")
                    .bind("now", nowMillis)
                    .bind("attempts", attempts)
                    .bind("max", maxAttempts)
                    .bind("expired", nowMillis - 60_000)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            h.createUpdate("INSERT INTO image_tasks (id, type, status, owner, image_id, request_id, user_id, input, message, job_id, created_at, "
                            + "updated_at) VALUES (:id, 'api_image_import', 'processing', :owner, :image, 'req-1', 'user-1', :input, '', :job, :now, :now)")
                    .bind("id", taskId).bind("owner", owner).bind("image", imageId).bind("input", input).bind("job", jobId).bind("now", now)
                    .execute();
            h.createUpdate("INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (:id, 'os_glance_import_task', :task)")
                    .bind("id", imageId).bind("task", taskId).execute();
            h.createUpdate("UPDATE image_images SET status = 'importing' WHERE id = :id").bind("id", imageId).execute();
        });
        return taskId;
    }

    void stagedRow(String imageId, String owner, long size)
    {
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO image_staging (image_id, owner, object_key, size, complete, created_at) "
                        + "VALUES (:id, :owner, :key, :size, TRUE, :now)")
                .bind("id", imageId).bind("owner", owner).bind("key", "staging." + imageId).bind("size", size)
                .bind("now", Timestamp.from(Instant.now())).execute());
    }

    @Override
    public void close()
    {
        database.close();
    }
}
