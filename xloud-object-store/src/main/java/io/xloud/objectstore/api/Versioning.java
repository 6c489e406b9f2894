package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectWrite;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Swift's versioned writes. With {@code X-Versions-Location} (stack mode) an overwrite first copies the
 * current version into the archive container as {@code <3 hex length><name>/<timestamp>}, and a delete
 * brings the newest archived version back. With {@code X-History-Location} a delete archives the current
 * version too, and the name is gone. Copies share the bytes; nothing is read.
 */
final class Versioning
{
    private final SwiftApi api;

    Versioning(SwiftApi api)
    {
        this.api = api;
    }

    /** The archive container of a versioned container. */
    static Optional<String> location(ContainerInfo container)
    {
        return Optional.ofNullable(container.sysmeta().get(SwiftApi.VERSIONS_LOCATION));
    }

    static boolean historyMode(ContainerInfo container)
    {
        return "history".equals(container.sysmeta().get(SwiftApi.VERSIONS_MODE));
    }

    /** Before a write replaces an object of a versioned container: archive the current version. */
    void beforeOverwrite(Exchange exchange, SwiftPath path, ContainerInfo container)
    {
        Optional<String> location = location(container);
        if (location.isEmpty()) {
            return;
        }
        Optional<ObjectInfo> current = api.objects().object(path.objectPath());
        if (current.isPresent()) {
            archive(exchange, path, location.get(), current.get());
        }
    }

    /**
     * A delete in a versioned container; true when it was handled here (and the caller answers 204), false when it
     * is a plain delete.
     */
    boolean delete(Exchange exchange, SwiftPath path, ContainerInfo container)
    {
        Optional<String> location = location(container);
        if (location.isEmpty()) {
            return false;
        }
        if (historyMode(container)) {
            ObjectInfo current = api.objects().requireObject(path.objectPath());
            archive(exchange, path, location.get(), current);
            api.objects().deleteObject(path.objectPath());
            return true;
        }
        requireArchive(exchange, path, location.get());
        String prefix = archivePrefix(path.objectPath().object());
        ListQuery newest = new ListQuery(Optional.of(prefix), Optional.empty(), Optional.empty(), Optional.empty(), 1, true);
        Listing<ObjectInfo> listing = api.objects().listObjects(path.project(), location.get(), newest);
        Optional<ObjectInfo> latest = listing.entries().stream()
                .filter(entry -> entry instanceof ListEntry.Item<ObjectInfo>)
                .map(entry -> ((ListEntry.Item<ObjectInfo>) entry).value())
                .findFirst();
        if (latest.isEmpty()) {
            return false;
        }
        ObjectInfo archived = latest.get();
        api.objects().copyObject(archived, path.objectPath(), sameAs(archived));
        api.objects().deleteObject(archived.path());
        return true;
    }

    private void archive(Exchange exchange, SwiftPath path, String location, ObjectInfo current)
    {
        ContainerInfo archive = requireArchive(exchange, path, location);
        String name = archivePrefix(current.name()) + SwiftHeaders.timestamp(current.lastModified());
        api.objects().copyObject(current, new ObjectPath(archive.account(), archive.name(), name), sameAs(current));
    }

    private ContainerInfo requireArchive(Exchange exchange, SwiftPath path, String location)
    {
        Optional<ContainerInfo> archive = api.objects().container(path.project(), location);
        if (archive.isEmpty()) {
            throw new ApiException(ObjectErrorCode.PRECONDITION_FAILED, "The versions container " + location + " does not exist.");
        }
        if (!SwiftApi.owner(exchange, path, SwiftPolicies.PUT_OBJECT) && !SwiftApi.aclAllows(exchange, SwiftApi.Access.WRITE, archive, false)) {
            throw SwiftApi.denied(exchange);
        }
        return archive.get();
    }

    /** {@code <length of the name in UTF-8 bytes, 3 hex digits><name>/}, as Swift names archived versions. */
    static String archivePrefix(String name)
    {
        return String.format(Locale.ROOT, "%03x", name.getBytes(StandardCharsets.UTF_8).length) + name + "/";
    }

    private static ObjectWrite sameAs(ObjectInfo object)
    {
        ObjectWrite.Builder write = ObjectWrite.builder(object.contentType())
                .metadata(object.metadata())
                .headers(object.headers())
                .sysmeta(object.sysmeta())
                .deleteAt(object.deleteAt())
                .etag(object.etag());
        object.manifestKind().ifPresent(kind -> write.manifest(kind, object.manifest()));
        return write.build();
    }
}
