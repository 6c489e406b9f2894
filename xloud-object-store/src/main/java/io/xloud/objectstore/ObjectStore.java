package io.xloud.objectstore;

import io.xloud.core.db.Database;
import io.xloud.core.events.EventPublisher;
import io.xloud.objectstore.driver.LocalDiskBlobStore;
import io.xloud.objectstore.service.ObjectMaintenance;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.Timestamps;
import io.xloud.objectstore.store.ObjectMetadataStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The object engine assembled for one node: blobs on local disk, metadata in the database, the service both
 * faces share ({@link #objects()}), and its background maintenance. The database must be migrated first
 * ({@code database.migrate("object-store")}).
 */
public final class ObjectStore
        implements AutoCloseable
{
    private final LocalDiskBlobStore blobs;
    private final ObjectService objects;
    private final ObjectMaintenance maintenance;

    private ObjectStore(LocalDiskBlobStore blobs, ObjectService objects, ObjectMaintenance maintenance)
    {
        this.blobs = blobs;
        this.objects = objects;
        this.maintenance = maintenance;
    }

    public static ObjectStore start(Database database, Path dataDir, ObjectStoreSettings settings)
            throws IOException
    {
        return start(database, dataDir, settings, EventPublisher.none());
    }

    /** With the events every change publishes in its own transaction. */
    public static ObjectStore start(Database database, Path dataDir, ObjectStoreSettings settings, EventPublisher events)
            throws IOException
    {
        requireNonNull(database, "database is null");
        Path root = settings.blobDirectory().orElse(dataDir.resolve("objects"));
        LocalDiskBlobStore blobs = new LocalDiskBlobStore(root);
        ObjectService objects = new ObjectService(new ObjectMetadataStore(database.jdbi()), blobs, new Timestamps(Clock.systemUTC()), events);
        ObjectMaintenance maintenance = new ObjectMaintenance(objects);
        maintenance.start(settings.expiryInterval(), settings.sweepInterval(), settings.auditBytesPerSweep(), List.of(blobs::sweepTemporary));
        return new ObjectStore(blobs, objects, maintenance);
    }

    /** The engine both faces use. */
    public ObjectService objects()
    {
        return objects;
    }

    public ObjectMaintenance maintenance()
    {
        return maintenance;
    }

    @Override
    public void close()
            throws IOException
    {
        maintenance.close();
        blobs.close();
    }
}
