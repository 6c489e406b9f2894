package io.xloud.server;

import io.xloud.core.error.ApiException;
import io.xloud.image.service.ImageBytes;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Image bytes as objects of the object engine: one container per project, named by the project's id, in a
 * system account no token reaches (Swift accounts are {@code AUTH_<project>} of a caller's project, S3's the
 * caller's project; only a reseller admin names other accounts). Objects inherit the engine's durability,
 * checksums and audit.
 */
final class ObjectStoreImageBytes
        implements ImageBytes
{
    /** The engine account holding every project's image bytes. */
    static final String ACCOUNT = ".xloud-image";
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final ObjectService objects;

    ObjectStoreImageBytes(ObjectService objects)
    {
        this.objects = requireNonNull(objects, "objects is null");
    }

    @Override
    public long write(String projectId, String key, InputStream content, long maxSize)
            throws IOException
    {
        ObjectPath path = path(projectId, key);
        if (objects.container(ACCOUNT, projectId).isEmpty()) {
            objects.createContainer(ACCOUNT, projectId, MetadataUpdate.none(), MetadataUpdate.none());
        }
        try {
            return objects.putObject(path, content, ObjectWrite.builder(CONTENT_TYPE).maxSize(maxSize).build()).object().size();
        }
        catch (ApiException e) {
            if (e.code() == ObjectErrorCode.ENTITY_TOO_LARGE) {
                throw new TooLargeException(e.getMessage());
            }
            throw new IOException("image bytes could not be stored: " + e.getMessage(), e);
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public InputStream open(String projectId, String key, long offset, long length)
            throws IOException
    {
        Optional<ObjectInfo> object = objects.object(path(projectId, key));
        if (object.isEmpty()) {
            throw new IOException("no image bytes under " + projectId + "/" + key);
        }
        try {
            return objects.open(object.get(), offset, length);
        }
        catch (ApiException | IllegalArgumentException e) {
            throw new IOException("image bytes could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String projectId, String key)
    {
        try {
            objects.deleteObject(path(projectId, key));
        }
        catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    private static ObjectPath path(String projectId, String key)
    {
        return new ObjectPath(ACCOUNT, projectId, key);
    }
}
