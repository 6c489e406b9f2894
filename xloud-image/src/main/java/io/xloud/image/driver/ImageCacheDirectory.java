package io.xloud.image.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The image cache on this node's local disk, as Glance keeps one per API node: complete images as files named by
 * image id, written to {@code incomplete/} first and renamed into place once whole and synced; queued image ids as
 * empty files in {@code queue/}. Hits and last access are counted in memory (after a restart, last access starts
 * at the file's time). When the cache grows past its size, the least recently used images leave it.
 */
public final class ImageCacheDirectory
{
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

    /** One cached image, as {@code GET /v2/cache} lists it. */
    public record Entry(String imageId, long size, Instant lastModified, Instant lastAccessed, long hits)
    {
        public Entry
        {
            requireNonNull(imageId, "imageId is null");
            requireNonNull(lastModified, "lastModified is null");
            requireNonNull(lastAccessed, "lastAccessed is null");
        }
    }

    private record Usage(AtomicLong hits, AtomicLong lastAccessed) {}

    private final Path root;
    private final Path incomplete;
    private final Path queue;
    private final long maxBytes;
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private final Set<String> filling = ConcurrentHashMap.newKeySet();

    public ImageCacheDirectory(Path root, long maxBytes)
            throws IOException
    {
        this.root = requireNonNull(root, "root is null");
        this.incomplete = root.resolve("incomplete");
        this.queue = root.resolve("queue");
        this.maxBytes = maxBytes;
        Files.createDirectories(incomplete);
        Files.createDirectories(queue);
        // a fill interrupted by a crash left a partial file: it never became a cache entry
        try (DirectoryStream<Path> partial = Files.newDirectoryStream(incomplete)) {
            for (Path file : partial) {
                Files.deleteIfExists(file);
            }
        }
    }

    public static boolean isValidId(String imageId)
    {
        return imageId != null && ID.matcher(imageId).matches();
    }

    private Path file(String imageId)
    {
        if (!isValidId(imageId)) {
            throw new IllegalArgumentException("not an image id: " + imageId);
        }
        return root.resolve(imageId);
    }

    public boolean isCached(String imageId)
    {
        return isValidId(imageId) && Files.isRegularFile(file(imageId));
    }

    public List<Entry> cached()
            throws IOException
    {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root, Files::isRegularFile)) {
            for (Path file : files) {
                String id = file.getFileName().toString();
                if (!isValidId(id)) {
                    continue;
                }
                try {
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    Usage use = usage(id, modified);
                    entries.add(new Entry(id, Files.size(file), modified, Instant.ofEpochMilli(use.lastAccessed().get()), use.hits().get()));
                }
                catch (NoSuchFileException e) {
                    // deleted while listing
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::imageId));
        return entries;
    }

    public List<String> queued()
            throws IOException
    {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(queue)) {
            for (Path file : files) {
                String id = file.getFileName().toString();
                if (isValidId(id)) {
                    ids.add(id);
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    public void queue(String imageId)
            throws IOException
    {
        Path marker = queue.resolve(file(imageId).getFileName());
        if (!Files.exists(marker)) {
            Files.writeString(marker, "");
        }
    }

    public boolean unqueue(String imageId)
            throws IOException
    {
        return isValidId(imageId) && Files.deleteIfExists(queue.resolve(imageId));
    }

    public boolean isQueued(String imageId)
    {
        return isValidId(imageId) && Files.exists(queue.resolve(imageId));
    }

    /**
     * Fills the cache with an image's bytes from {@code content} (read to its end); the entry appears only once
     * all {@code expectedSize} bytes are on disk. Returns false, leaving nothing, when the content's size differs.
     */
    public boolean fill(String imageId, InputStream content, long expectedSize)
            throws IOException
    {
        Path target = file(imageId);
        if (maxBytes == 0 || expectedSize > maxBytes) {
            return false;
        }
        Path temp = incomplete.resolve(imageId + "." + UUID.randomUUID());
        try {
            long written;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                written = content.transferTo(out);
                channel.force(true);
            }
            if (written != expectedSize) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            usage.put(imageId, new Usage(new AtomicLong(), new AtomicLong(System.currentTimeMillis())));
        }
        finally {
            Files.deleteIfExists(temp);
        }
        evict(imageId);
        return true;
    }

    /**
     * Starts filling the cache with an image as its bytes go by (a download of the whole image); empty when the
     * image is cached already, is being filled, or cannot fit.
     */
    public Optional<Fill> begin(String imageId, long expectedSize)
            throws IOException
    {
        if (!isValidId(imageId) || maxBytes == 0 || expectedSize > maxBytes || isCached(imageId) || !filling.add(imageId)) {
            return Optional.empty();
        }
        Path temp = incomplete.resolve(imageId + "." + UUID.randomUUID());
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return Optional.of(new Fill(imageId, expectedSize, temp, channel));
        }
        catch (IOException | RuntimeException e) {
            filling.remove(imageId);
            throw e;
        }
    }

    /** A cache entry being written; it becomes one only when {@link #commit} finds every byte written. */
    public final class Fill
    {
        private final String imageId;
        private final long expectedSize;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream out;
        private long written;
        private boolean done;

        private Fill(String imageId, long expectedSize, Path temp, FileChannel channel)
        {
            this.imageId = imageId;
            this.expectedSize = expectedSize;
            this.temp = temp;
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
        }

        public void write(byte[] buffer, int offset, int length)
                throws IOException
        {
            out.write(buffer, offset, length);
            written += length;
        }

        /** Makes the entry when all bytes were written, else drops it. */
        public void commit()
                throws IOException
        {
            if (done) {
                return;
            }
            done = true;
            try {
                if (written == expectedSize) {
                    channel.force(true);
                    channel.close();
                    Files.move(temp, file(imageId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    usage.put(imageId, new Usage(new AtomicLong(), new AtomicLong(System.currentTimeMillis())));
                    evict(imageId);
                }
            }
            finally {
                channel.close();
                Files.deleteIfExists(temp);
                filling.remove(imageId);
            }
        }

        public void abort()
        {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
                Files.deleteIfExists(temp);
            }
            catch (IOException e) {
                // a partial file left behind is removed at the next start
            }
            finally {
                filling.remove(imageId);
            }
        }
    }

    /** Opens a cached image from {@code offset} for {@code length} bytes, counting a hit; empty when it is not cached. */
    public Optional<InputStream> open(String imageId, long offset, long length)
            throws IOException
    {
        if (!isValidId(imageId)) {
            return Optional.empty();
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file(imageId), StandardOpenOption.READ);
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            long size = channel.size();
            if (offset < 0 || offset > size) {
                channel.close();
                return Optional.empty();
            }
            channel.position(offset);
            Usage use = usage(imageId, Instant.now());
            use.hits().incrementAndGet();
            use.lastAccessed().set(System.currentTimeMillis());
            InputStream in = Channels.newInputStream(channel);
            long limit = Math.min(length, size - offset);
            return Optional.of(new BoundedInputStream(in, limit));
        }
        catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public boolean delete(String imageId)
            throws IOException
    {
        if (!isValidId(imageId)) {
            return false;
        }
        usage.remove(imageId);
        return Files.deleteIfExists(file(imageId));
    }

    public int clearCached()
            throws IOException
    {
        int deleted = 0;
        for (Entry entry : cached()) {
            if (delete(entry.imageId())) {
                deleted++;
            }
        }
        return deleted;
    }

    public int clearQueued()
            throws IOException
    {
        int deleted = 0;
        for (String id : queued()) {
            if (unqueue(id)) {
                deleted++;
            }
        }
        return deleted;
    }

    private Usage usage(String imageId, Instant since)
    {
        return usage.computeIfAbsent(imageId, id -> new Usage(new AtomicLong(), new AtomicLong(since.toEpochMilli())));
    }

    /** Removes the least recently used images, never {@code keep}, until the cache fits its size. */
    private void evict(String keep)
            throws IOException
    {
        List<Entry> entries = new ArrayList<>(cached());
        long total = entries.stream().mapToLong(Entry::size).sum();
        entries.sort(Comparator.comparing(Entry::lastAccessed));
        for (Entry entry : entries) {
            if (total <= maxBytes) {
                return;
            }
            if (!entry.imageId().equals(keep) && delete(entry.imageId())) {
                total -= entry.size();
            }
        }
    }

    /** A view of at most {@code remaining} bytes of a stream. */
    private static final class BoundedInputStream
            extends InputStream
    {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining)
        {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read()
                throws IOException
        {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close()
                throws IOException
        {
            in.close();
        }
    }
}
