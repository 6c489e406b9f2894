package io.xloud.image.service;

import io.xloud.image.store.ImportStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The image bytes the image API sees, over the platform's: an image's data is read from the local cache when it
 * is cached, else from a store that holds it (its own key, or another store's when its data left the default
 * store); deleting an image's data deletes it from every store, the staging area and the cache.
 */
public final class StoreAwareImageBytes
        implements ImageBytes
{
    private static final Pattern IMAGE_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ImageBytes delegate;
    private final ImportStore store;
    private final ImportService imports;
    private final Optional<ImageCacheService> cache;
    private final boolean cacheOnDownload;

    public StoreAwareImageBytes(ImageBytes delegate, ImportStore store, ImportService imports, Optional<ImageCacheService> cache,
            boolean cacheOnDownload)
    {
        this.cacheOnDownload = cacheOnDownload;
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.store = requireNonNull(store, "store is null");
        this.imports = requireNonNull(imports, "imports is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    @Override
    public long write(String projectId, String key, InputStream content, long maxSize)
            throws IOException
    {
        long size = delegate.write(projectId, key, content, maxSize);
        if (IMAGE_ID.matcher(key).matches()) {
            imports.recordUpload(key, size);
        }
        return size;
    }

    @Override
    public InputStream open(String projectId, String key, long offset, long length)
            throws IOException
    {
        if (!IMAGE_ID.matcher(key).matches()) {
            return delegate.open(projectId, key, offset, length);
        }
        if (cache.isPresent()) {
            Optional<InputStream> cached = cache.get().open(key, offset, length);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        List<ImageLocation> locations = store.locations(key);
        String readKey = locations.isEmpty() || locations.stream().anyMatch(location -> location.objectKey().equals(key))
                ? key
                : locations.getFirst().objectKey();
        InputStream in = delegate.open(projectId, readKey, offset, length);
        if (cache.isPresent() && cacheOnDownload && offset == 0) {
            // a download of the whole image fills the cache on its way
            Optional<Long> size = store.image(key).filter(image -> image.status().equals("active")).flatMap(ImportImageState::size);
            if (size.isPresent() && length >= size.get()) {
                return cache.get().fillWhileReading(key, size.get(), in);
            }
        }
        return in;
    }

    @Override
    public void delete(String projectId, String key)
    {
        delegate.delete(projectId, key);
        if (IMAGE_ID.matcher(key).matches()) {
            imports.forgetImage(projectId, key);
            cache.ifPresent(found -> found.evict(key));
        }
    }
}
