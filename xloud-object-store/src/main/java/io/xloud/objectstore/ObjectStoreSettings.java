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
        Duration sweepInterval)
{
    public static List<Key> keys()
    {
        return List.of(
                new Key("object_store.blob_dir", "", "where object bytes are kept; empty means <data_dir>/objects"),
                new Key("object_store.expiry_interval", "5", "seconds between runs of the expirer (X-Delete-At)"),
                new Key("object_store.sweep_interval", "600", "seconds between sweeps for blobs and temp files no object needs"));
    }

    public static ObjectStoreSettings from(XloudConfig config)
    {
        return new ObjectStoreSettings(
                config.optional("object_store.blob_dir").map(Path::of),
                Duration.ofSeconds(config.getLong("object_store.expiry_interval")),
                Duration.ofSeconds(config.getLong("object_store.sweep_interval")));
    }
}
