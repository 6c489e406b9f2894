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
        Duration lifecycleDay)
{
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
                new Key("object_store.lifecycle_day_seconds", "86400", "seconds in a day of an S3 lifecycle rule; shorter only for tests"));
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
                Duration.ofSeconds(config.getLong("object_store.lifecycle_day_seconds")));
    }
}
