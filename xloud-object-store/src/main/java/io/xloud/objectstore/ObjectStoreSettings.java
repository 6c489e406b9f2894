package io.xloud.objectstore;

import io.xloud.core.config.XloudConfig;
import io.xloud.core.config.XloudConfig.Key;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the object engine and its faces. */
public record ObjectStoreSettings(
        Optional<Path> blobDirectory,
        Duration expiryInterval,
        Duration sweepInterval,
        long auditBytesPerSweep,
        Duration syncInterval,
        String syncRealm,
        String syncCluster,
        Duration lifecycleInterval,
        Duration lifecycleDay,
        int smallObjectBytes)
{
    /** The most that object_store.small_object_bytes may be: a small blob is read whole into memory. */
    public static final int MAX_SMALL_OBJECT_BYTES = 1024 * 1024;

    public static List<Key> keys()
    {
        return List.of(
                new Key("object_store.blob_dir", "", "where object bytes are kept; empty means <data_dir>/objects"),
                new Key("object_store.expiry_interval", "5", "seconds between runs of the expirer (X-Delete-At)"),
                new Key("object_store.sweep_interval", "600", "seconds between sweeps for blobs and temp files no object needs"),
                new Key("object_store.audit_bytes_per_sweep", "1073741824", "bytes of objects checked against their MD5 per sweep; 0 is off"),
                new Key("object_store.sync_interval", "10", "seconds between container sync passes"),
                new Key("object_store.sync_realm", "realm1", "the container sync realm this cluster belongs to"),
                new Key("object_store.sync_cluster", "name1", "this cluster's name in its container sync realm"),
                new Key("object_store.lifecycle_interval", "300", "seconds between passes applying S3 lifecycle rules"),
                new Key("object_store.lifecycle_day_seconds", "86400", "seconds in a day of an S3 lifecycle rule; shorter only for tests"),
                new Key("object_store.small_object_bytes", "16384",
                        "objects of at most this many bytes are kept in the database, whose commits share their syncs; 0 keeps every object in a file"));
    }

    public static ObjectStoreSettings from(XloudConfig config)
    {
        return new ObjectStoreSettings(
                config.optional("object_store.blob_dir").map(Path::of),
                Duration.ofSeconds(config.getLong("object_store.expiry_interval")),
                Duration.ofSeconds(config.getLong("object_store.sweep_interval")),
                config.getLong("object_store.audit_bytes_per_sweep"),
                Duration.ofSeconds(config.getLong("object_store.sync_interval")),
                config.get("object_store.sync_realm"),
                config.get("object_store.sync_cluster"),
                Duration.ofSeconds(config.getLong("object_store.lifecycle_interval")),
                Duration.ofSeconds(config.getLong("object_store.lifecycle_day_seconds")),
                smallObjectBytes(config.getLong("object_store.small_object_bytes")));
    }

    private static int smallObjectBytes(long value)
    {
        if (value < 0 || value > MAX_SMALL_OBJECT_BYTES) {
            throw new IllegalArgumentException("object_store.small_object_bytes must be between 0 and " + MAX_SMALL_OBJECT_BYTES + ", not " + value);
        }
        return (int) value;
    }
}
