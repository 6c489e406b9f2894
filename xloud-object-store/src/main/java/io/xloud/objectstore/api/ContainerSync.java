package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Swift's container sync within this cluster: a container with {@code X-Container-Sync-To:
 * //realm/cluster/AUTH_account/container} (or a URL of a container here) and {@code X-Container-Sync-Key}
 * pushes its writes and deletes, with their timestamps, to the target container when that container has the same
 * sync key. Each pass resumes from the container's sync point; replicated writes keep their timestamps, so two
 * containers syncing to each other settle instead of echoing.
 */
final class ContainerSync
{
    private static final Logger LOG = LoggerFactory.getLogger(ContainerSync.class);
    static final String SYNC_POINT = "swift.sync-point";
    private static final int BATCH = 500;
    /** Changes younger than this wait for the next pass: a write stamped earlier may still be committing. */
    private static final long SETTLE_MICROS = 5_000_000;

    private final ObjectService objects;
    private final String realm;
    private final String cluster;

    ContainerSync(ObjectService objects, String realm, String cluster)
    {
        this.objects = requireNonNull(objects, "objects is null");
        this.realm = requireNonNull(realm, "realm is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
    }

    String realm()
    {
        return realm;
    }

    String cluster()
    {
        return cluster;
    }

    /** Checks an X-Container-Sync-To value: this realm and cluster, or a URL of a container. */
    void validateTarget(String value)
    {
        if (value.startsWith("//")) {
            String[] parts = value.substring(2).split("/", -1);
            if (parts.length != 4 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
                throw SwiftApi.badRequest("Invalid X-Container-Sync-To format " + value);
            }
            if (!parts[0].equalsIgnoreCase(realm)) {
                throw SwiftApi.badRequest("No realm key for " + parts[0]);
            }
            if (!parts[1].equalsIgnoreCase(cluster)) {
                throw SwiftApi.badRequest("No cluster endpoint for " + parts[0] + " " + parts[1]);
            }
            return;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw SwiftApi.badRequest("Invalid scheme '" + value + "' in X-Container-Sync-To, must be \"//\", \"http\", or \"https\".");
        }
        if (target(value).isEmpty()) {
            throw SwiftApi.badRequest("Invalid X-Container-Sync-To format " + value);
        }
    }

    /** The target container of an X-Container-Sync-To value, as (project, container). */
    Optional<ObjectPath> target(String value)
    {
        String path;
        if (value.startsWith("//")) {
            String[] parts = value.substring(2).split("/", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            path = parts[2] + "/" + parts[3];
        }
        else {
            int v1 = value.indexOf("/v1/");
            if (v1 < 0) {
                return Optional.empty();
            }
            path = value.substring(v1 + "/v1/".length());
        }
        try {
            SwiftPath parsed = SwiftPath.parseRelative(path);
            return parsed.isContainer() ? Optional.of(new ObjectPath(parsed.project(), parsed.containerName(), "")) : Optional.empty();
        }
        catch (ApiException e) {
            return Optional.empty();
        }
    }

    /** One pass over every container that syncs. */
    void run()
    {
        for (ContainerInfo container : objects.containersWithSysmeta(SwiftApi.SYNC_TO)) {
            try {
                sync(container);
            }
            catch (RuntimeException e) {
                LOG.warn("container sync of {}/{} failed: {}", container.account(), container.name(), e.toString());
            }
        }
    }

    private void sync(ContainerInfo container)
    {
        Map<String, String> sysmeta = container.sysmeta();
        String key = sysmeta.get(SwiftApi.SYNC_KEY);
        Optional<ObjectPath> target = target(sysmeta.get(SwiftApi.SYNC_TO));
        if (key == null || target.isEmpty()) {
            return;
        }
        Optional<ContainerInfo> destination = objects.container(target.get().account(), target.get().container());
        if (destination.isEmpty() || !key.equals(destination.get().sysmeta().get(SwiftApi.SYNC_KEY))) {
            return;
        }
        long point = Long.parseLong(sysmeta.getOrDefault(SYNC_POINT, "0"));
        long settled = objects.timestamps().next() - SETTLE_MICROS;
        long reached = point;
        List<ObjectService.Change> changes = objects.changesSince(container.account(), container.name(), point, BATCH);
        for (ObjectService.Change change : changes) {
            if (change.version() > settled) {
                break;
            }
            ObjectPath path = new ObjectPath(target.get().account(), target.get().container(), change.name());
            if (change.object().isPresent()) {
                ObjectInfo object = change.object().get();
                try {
                    objects.copyObject(object, path, replica(object));
                }
                catch (ApiException e) {
                    if (e.status() != 404) {
                        LOG.warn("container sync could not copy {} to {}: {}", object.path(), path, e.getMessage());
                        break;
                    }
                    // overwritten or deleted since: a later change carries it
                }
            }
            else {
                objects.deleteObjectAt(path, change.version());
            }
            reached = change.version();
        }
        if (reached > point) {
            objects.updateContainer(container.account(), container.name(), MetadataUpdate.none(),
                    MetadataUpdate.set(Map.of(SYNC_POINT, Long.toString(reached))));
        }
    }

    private static ObjectWrite replica(ObjectInfo object)
    {
        ObjectWrite.Builder write = ObjectWrite.builder(object.contentType())
                .metadata(object.metadata())
                .headers(object.headers())
                .sysmeta(object.sysmeta())
                .deleteAt(object.deleteAt())
                .etag(object.etag())
                .version(object.version());
        object.manifestKind().ifPresent(kind -> write.manifest(kind, object.manifest()));
        return write.build();
    }
}
