package io.xloud.objectstore;

import io.xloud.core.db.Database;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.jobs.JobSystem;
import io.xloud.objectstore.driver.LocalDiskBlobStore;
import io.xloud.objectstore.service.ObjectMaintenance;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.Timestamps;
import io.xloud.objectstore.store.ObjectMetadataStore;
import io.xloud.objectstore.store.SmallBlobStore;
import io.xloud.objectstore.store.TieredBlobStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/**
 * The object engine assembled for one node: blobs on local disk (small ones in the database), metadata in the database, the service both
 * faces share ({@link #objects()}), and its background maintenance as periodic jobs of the given job system
 * (one pass per period across the nodes). The database must be migrated first ({@code database.migrate("object-store")}).
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

    /** With the events every change publishes in its own transaction, and maintenance as periodic jobs. */
    public static ObjectStore start(Database database, Path dataDir, ObjectStoreSettings settings, EventPublisher events, JobSystem jobs)
            throws IOException
    {
        requireNonNull(database, "database is null");
        requireNonNull(jobs, "jobs is null");
        Path root = settings.blobDirectory().orElse(dataDir.resolve("objects"));
        LocalDiskBlobStore blobs = new LocalDiskBlobStore(root);
        TieredBlobStore tiered = new TieredBlobStore(blobs, new SmallBlobStore(database.jdbi()), settings.smallObjectBytes(), Clock.systemUTC());
        ObjectService objects = new ObjectService(new ObjectMetadataStore(database.jdbi()), tiered, new Timestamps(Clock.systemUTC()), events);
        // the blob store already removed dead processes' temp files as it opened; the periodic sweep catches later deaths
        ObjectMaintenance maintenance = new ObjectMaintenance(objects, blobs::sweepTemporary);
        maintenance.register(jobs, settings.expiryInterval(), settings.sweepInterval(), settings.auditBytesPerSweep());
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
        blobs.close();
    }
}
