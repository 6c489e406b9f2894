package io.xloud.image.service;

import io.xloud.core.error.ApiException;
import io.xloud.image.driver.ImageCacheDirectory;
import io.xloud.image.store.ImportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.util.Objects.requireNonNull;

/**
 * Glance's image cache ({@code /v2/cache}): hot images kept whole on this node's disk and served from there to
 * {@code GET /file}. Queueing an image fetches it into the cache in the background, as Glance's cache worker does;
 * the queue survives a restart.
 */
public final class ImageCacheService
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ImageCacheService.class);

    /** What {@code DELETE /v2/cache} clears, from its {@code x-image-cache-clear-target} header. */
    public enum ClearTarget
    {
        BOTH, CACHE, QUEUE;

        public static ClearTarget parse(String header)
        {
            return switch (header.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "" -> BOTH;
                case "cache" -> CACHE;
                case "queue" -> QUEUE;
                default -> throw new ApiException(ImageErrorCode.BAD_REQUEST,
                        "If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or empty string.");
            };
        }
    }

    /** The cache's state as {@code GET /v2/cache} shows it. */
    public record State(List<ImageCacheDirectory.Entry> cached, List<String> queued)
    {
        public State
        {
            cached = List.copyOf(cached);
            queued = List.copyOf(queued);
        }
    }

    private final ImageCacheDirectory directory;
    private final ImportStore store;
    private final ImportService imports;
    private final ImageBytes bytes;
    /**
     * As with Glance's prefetcher, a queued image is fetched on the prefetcher's next pass, not during the request
     * that queued it: until then it is listed under {@code queued_images}.
     */
    private static final java.time.Duration PREFETCH_DELAY = java.time.Duration.ofSeconds(2);

    private final ExecutorService fetchers = Executors.newVirtualThreadPerTaskExecutor();

    public ImageCacheService(ImageCacheDirectory directory, ImportStore store, ImportService imports, ImageBytes bytes)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.store = requireNonNull(store, "store is null");
        this.imports = requireNonNull(imports, "imports is null");
        this.bytes = requireNonNull(bytes, "bytes is null");
    }

    /** Fetches what was queued before the last stop. */
    public void resumeQueue()
    {
        try {
            directory.queued().forEach(this::submit);
        }
        catch (IOException e) {
            LOG.warn("the image cache queue could not be read: {}", e.toString());
        }
    }

    public State state()
    {
        try {
            return new State(directory.cached(), directory.queued());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues an active image for caching; 404 for an image the caller cannot see, 400 for one without data. */
    public void queue(ImportCaller caller, String imageId)
    {
        ImportImageState image = imports.visibleImage(caller, imageId);
        if (!image.status().equals("active")) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Only images with status active can be targeted for queueing");
        }
        if (directory.isCached(imageId)) {
            return;
        }
        try {
            directory.queue(imageId);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        submit(imageId);
    }

    private void submit(String imageId)
    {
        try {
            fetchers.submit(() -> {
                try {
                    Thread.sleep(PREFETCH_DELAY);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                fetch(imageId);
            });
        }
        catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the queue entry stays for the next start
        }
    }

    private void fetch(String imageId)
    {
        try {
            Optional<ImportImageState> image = store.image(imageId);
            if (image.isPresent() && image.get().status().equals("active") && image.get().size().isPresent() && !directory.isCached(imageId)) {
                String key = readKey(imageId);
                long size = image.get().size().get();
                try (InputStream in = bytes.open(image.get().owner(), key, 0, size)) {
                    directory.fill(imageId, in, size);
                }
            }
            directory.unqueue(imageId);
        }
        catch (IOException | RuntimeException e) {
            LOG.warn("caching image {} failed: {}", imageId, e.toString());
        }
    }

    /** The key to read an image's data from: its own id, or the first store holding it when the default one does not. */
    String readKey(String imageId)
    {
        List<ImageLocation> locations = store.locations(imageId);
        if (locations.isEmpty() || locations.stream().anyMatch(location -> location.objectKey().equals(imageId))) {
            return imageId;
        }
        return locations.getFirst().objectKey();
    }

    /** Removes an image from the cache and the queue; 404 when it is neither there nor an image the caller sees. */
    public void delete(ImportCaller caller, String imageId)
    {
        boolean known = directory.isCached(imageId) || directory.isQueued(imageId);
        if (!known) {
            imports.visibleImage(caller, imageId);
        }
        evict(imageId);
    }

    public void evict(String imageId)
    {
        try {
            directory.delete(imageId);
            directory.unqueue(imageId);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void clear(ClearTarget target)
    {
        try {
            if (target != ClearTarget.QUEUE) {
                directory.clearCached();
            }
            if (target != ClearTarget.CACHE) {
                directory.clearQueued();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bytes of an image read whole from a store, copied into the cache as they pass, so that a hot image is
     * served from local disk next time; the entry appears when the last byte was read.
     */
    public InputStream fillWhileReading(String imageId, long size, InputStream in)
    {
        try {
            Optional<ImageCacheDirectory.Fill> fill = directory.begin(imageId, size);
            return fill.<InputStream>map(found -> new TeeToCache(in, found)).orElse(in);
        }
        catch (IOException e) {
            LOG.warn("caching image {} while it is read failed: {}", imageId, e.toString());
            return in;
        }
    }

    /** Passes reads through and copies them into a cache fill; a failing cache write never fails the read. */
    private static final class TeeToCache
            extends java.io.FilterInputStream
    {
        private final ImageCacheDirectory.Fill fill;
        private boolean failed;

        TeeToCache(InputStream in, ImageCacheDirectory.Fill fill)
        {
            super(in);
            this.fill = fill;
        }

        @Override
        public int read()
                throws IOException
        {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            int n = super.read(buffer, offset, length);
            if (n > 0 && !failed) {
                try {
                    fill.write(buffer, offset, n);
                }
                catch (IOException e) {
                    failed = true;
                    fill.abort();
                }
            }
            return n;
        }

        @Override
        public long skip(long n)
        {
            // a skip would leave a hole in the cache entry
            failed = true;
            fill.abort();
            try {
                return super.skip(n);
            }
            catch (IOException e) {
                return 0;
            }
        }

        @Override
        public void close()
                throws IOException
        {
            try {
                super.close();
            }
            finally {
                if (failed) {
                    fill.abort();
                }
                else {
                    fill.commit();
                }
            }
        }
    }

    /** The cached bytes of an image, when it is cached. */
    public Optional<InputStream> open(String imageId, long offset, long length)
            throws IOException
    {
        return directory.open(imageId, offset, length);
    }

    @Override
    public void close()
    {
        fetchers.shutdownNow();
    }
}
