package io.xloud.objectstore.driver;

import org.apache.commons.io.input.BoundedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Blobs as files under one directory: {@code ab/cd/<32 hex id>}. A write streams into a temp file of the same
 * file system while computing the MD5, fsyncs it, renames it into place and fsyncs the directory; only then
 * does it return. Temp files sit in {@code tmp/<boot id>/}, and each process holds a lock on
 * {@code tmp/<boot id>.lock} for its lifetime: a boot whose lock can be taken is dead, and its temp files are
 * removed (at start and by {@link #sweepTemporary()}), also when several processes share the directory.
 */
public final class LocalDiskBlobStore
        implements BlobStore, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(LocalDiskBlobStore.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final Pattern BLOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX2 = Pattern.compile("[0-9a-f]{2}");
    /** How long after its last byte a blob may still be waiting for its metadata commit on a live writer. */
    private static final Duration COMMIT_MARGIN = Duration.ofMinutes(15);
    /** A temp directory or pending lock file younger than this may belong to a process that is starting. */
    private static final Duration LOCK_GRACE = Duration.ofSeconds(60);
    public static final String QUARANTINE_DIRECTORY = "quarantined";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Path tempRoot;
    private final Path tempDir;
    private final String bootId;
    private final Instant started;
    private final FileChannel lockChannel;
    private final FileLock lock;

    public LocalDiskBlobStore(Path root)
            throws IOException
    {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.tempRoot = this.root.resolve("tmp");
        this.bootId = newId();
        this.started = Instant.now();
        Files.createDirectories(tempRoot);
        // the lock file appears under its name already locked, so a lock file that can be locked is a dead process's
        Path pending = tempRoot.resolve(bootId + ".lock.new");
        this.lockChannel = FileChannel.open(pending, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.lock = lockChannel.lock();
        Files.move(pending, tempRoot.resolve(bootId + ".lock"), StandardCopyOption.ATOMIC_MOVE);
        this.tempDir = Files.createDirectory(tempRoot.resolve(bootId));
        fsyncDirectory(tempRoot);
        sweepTemporary();
    }

    public Path root()
    {
        return root;
    }

    @Override
    public BlobWrite write(InputStream content, long maxSize)
            throws IOException
    {
        requireNonNull(content, "content is null");
        String blobId = newId();
        Path temp = tempDir.resolve(blobId);
        MessageDigest md5 = md5();
        long size = 0;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER_SIZE];
                ByteBuffer wrapped = ByteBuffer.wrap(buffer);
                int n;
                while ((n = content.read(buffer)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                    size += n;
                    if (size > maxSize) {
                        throw new BlobTooLargeException(maxSize);
                    }
                    md5.update(buffer, 0, n);
                    wrapped.clear().limit(n);
                    while (wrapped.hasRemaining()) {
                        channel.write(wrapped);
                    }
                }
                channel.force(true);
            }
            Path target = blobPath(blobId);
            ensureParent(target);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(target.getParent());
            return new BlobWrite(blobId, size, HexFormat.of().formatHex(md5.digest()));
        }
        catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp);
            throw translate(e);
        }
    }

    @Override
    public InputStream read(String blobId, long offset, long length)
            throws IOException
    {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(blobPath(blobId), StandardOpenOption.READ);
        }
        catch (NoSuchFileException e) {
            throw new BlobNotFoundException(blobId);
        }
        try {
            channel.position(offset);
            return BoundedInputStream.builder().setInputStream(Channels.newInputStream(channel)).setMaxCount(length).get();
        }
        catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long size(String blobId)
            throws IOException
    {
        try {
            return Files.size(blobPath(blobId));
        }
        catch (NoSuchFileException e) {
            throw new BlobNotFoundException(blobId);
        }
    }

    @Override
    public boolean exists(String blobId)
    {
        return BLOB_ID.matcher(blobId).matches() && Files.isRegularFile(blobPath(blobId));
    }

    @Override
    public String copy(String blobId)
            throws IOException
    {
        Path source = blobPath(blobId);
        if (!Files.isRegularFile(source)) {
            throw new BlobNotFoundException(blobId);
        }
        String copyId = newId();
        Path target = blobPath(copyId);
        ensureParent(target);
        try {
            // blobs never change once written, so a second name for the same bytes is a complete copy
            Files.createLink(target, source);
            // the link shares the source's times; a fresh time keeps the orphan sweep off it until it is committed
            Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            fsyncDirectory(target.getParent());
            return copyId;
        }
        catch (NoSuchFileException e) {
            deleteQuietly(target);
            throw new BlobNotFoundException(blobId);
        }
        catch (UnsupportedOperationException | FileSystemException e) {
            deleteQuietly(target);
            try (InputStream in = read(blobId, 0, Long.MAX_VALUE)) {
                return write(in, Long.MAX_VALUE).blobId();
            }
        }
    }

    @Override
    public void delete(String blobId)
            throws IOException
    {
        if (!BLOB_ID.matcher(blobId).matches()) {
            return;
        }
        Files.deleteIfExists(blobPath(blobId));
    }

    /** Quarantined blobs sit in {@code <root>/quarantined/}, outside the two-level layout that reads and the sweep see. */
    @Override
    public String quarantine(String blobId)
            throws IOException
    {
        if (!Files.exists(blobPath(blobId))) {
            throw new BlobNotFoundException(blobId);
        }
        return moveToQuarantine(blobId, blobId);
    }

    /**
     * Puts bytes kept elsewhere (a small blob of the database) into the quarantine under the blob's id, durably;
     * returns where they went. They are written as a blob of this store first, then moved as a blob that failed its
     * audit is; a crash in between leaves that blob to the orphan sweep.
     */
    public String quarantine(String blobId, byte[] data)
            throws IOException
    {
        String staged = write(new ByteArrayInputStream(data), data.length).blobId();
        return moveToQuarantine(staged, blobId);
    }

    /** Moves a blob to {@code quarantined/<name>} and syncs both directories; returns where it went. */
    private String moveToQuarantine(String blobId, String name)
            throws IOException
    {
        Path source = blobPath(blobId);
        Path quarantined = root.resolve(QUARANTINE_DIRECTORY);
        Files.createDirectories(quarantined);
        Path target = quarantined.resolve(name);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (NoSuchFileException e) {
            throw new BlobNotFoundException(blobId);
        }
        fsyncDirectory(quarantined);
        fsyncDirectory(source.getParent());
        return target.toString();
    }

    @Override
    public void forEachBlob(Consumer<StoredBlob> visitor)
            throws IOException
    {
        try (DirectoryStream<Path> level1 = Files.newDirectoryStream(root)) {
            for (Path first : level1) {
                if (!HEX2.matcher(first.getFileName().toString()).matches() || !Files.isDirectory(first)) {
                    continue;
                }
                try (DirectoryStream<Path> level2 = Files.newDirectoryStream(first)) {
                    for (Path second : level2) {
                        if (!HEX2.matcher(second.getFileName().toString()).matches() || !Files.isDirectory(second)) {
                            continue;
                        }
                        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(second)) {
                            for (Path blob : blobs) {
                                String name = blob.getFileName().toString();
                                if (BLOB_ID.matcher(name).matches()) {
                                    try {
                                        visitor.accept(new StoredBlob(name, Files.getLastModifiedTime(blob).toInstant()));
                                    }
                                    catch (NoSuchFileException ignored) {
                                        // removed while we looked
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public Instant orphanHorizon()
    {
        Instant margin = Instant.now().minus(COMMIT_MARGIN);
        return otherProcessesAlive() ? margin : (started.isAfter(margin) ? started : margin);
    }

    /** Removes the temp files of every dead process sharing this directory. */
    public void sweepTemporary()
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tempRoot, "*.lock")) {
            for (Path lockFile : entries) {
                String boot = lockFile.getFileName().toString().replace(".lock", "");
                if (boot.equals(bootId) || isAlive(lockFile)) {
                    continue;
                }
                Path dir = tempRoot.resolve(boot);
                int removed = deleteTree(dir);
                Files.deleteIfExists(lockFile);
                if (removed > 0) {
                    LOG.info("removed {} temp files of an earlier process ({})", removed, boot);
                }
            }
        }
        catch (IOException e) {
            LOG.warn("temp file sweep failed: {}", e.toString());
        }
        // a pending lock file is left by a crash between creating and naming it
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tempRoot, "*.lock.new")) {
            for (Path pending : entries) {
                if (olderThan(pending, LOCK_GRACE) && !isAlive(pending)) {
                    Files.deleteIfExists(pending);
                }
            }
        }
        catch (IOException e) {
            LOG.warn("temp file sweep failed: {}", e.toString());
        }
        // directories without a lock file are left over from a crash before the lock was in place
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tempRoot, Files::isDirectory)) {
            for (Path dir : entries) {
                String boot = dir.getFileName().toString();
                if (!boot.equals(bootId) && !Files.exists(tempRoot.resolve(boot + ".lock")) && olderThan(dir, LOCK_GRACE)) {
                    deleteTree(dir);
                }
            }
        }
        catch (IOException e) {
            LOG.warn("temp file sweep failed: {}", e.toString());
        }
    }

    private boolean otherProcessesAlive()
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tempRoot, "*.lock")) {
            for (Path lockFile : entries) {
                if (!lockFile.getFileName().toString().equals(bootId + ".lock") && isAlive(lockFile)) {
                    return true;
                }
            }
            return false;
        }
        catch (IOException e) {
            return true;
        }
    }

    /** Another process holds the lock. */
    private static boolean isAlive(Path lockFile)
    {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        }
        catch (OverlappingFileLockException e) {
            return true;
        }
        catch (NoSuchFileException e) {
            return false;
        }
        catch (IOException e) {
            return true;
        }
    }

    private static boolean olderThan(Path path, Duration age)
    {
        try {
            return Files.getLastModifiedTime(path).toInstant().isBefore(Instant.now().minus(age));
        }
        catch (IOException e) {
            return false;
        }
    }

    private static int deleteTree(Path dir)
            throws IOException
    {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.deleteIfExists(file)) {
                    count++;
                }
            }
        }
        Files.deleteIfExists(dir);
        return count;
    }

    Path blobPath(String blobId)
    {
        if (!BLOB_ID.matcher(blobId).matches()) {
            throw new IllegalArgumentException("not a blob id: " + blobId);
        }
        return root.resolve(blobId.substring(0, 2)).resolve(blobId.substring(2, 4)).resolve(blobId);
    }

    private void ensureParent(Path blob)
            throws IOException
    {
        Path shard = blob.getParent();
        if (Files.isDirectory(shard)) {
            return;
        }
        Path top = shard.getParent();
        boolean newTop = !Files.isDirectory(top);
        try {
            Files.createDirectories(shard);
        }
        catch (FileAlreadyExistsException ignored) {
            // another writer made it first
        }
        // new directory entries are durable only once their parents are synced
        if (newTop) {
            fsyncDirectory(root);
        }
        fsyncDirectory(top);
    }

    private static void fsyncDirectory(Path dir)
            throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static IOException translate(Throwable e)
    {
        if (e instanceof InsufficientStorageException storage) {
            return storage;
        }
        if (isDiskFull(e)) {
            return new InsufficientStorageException("no space left to store the object", e);
        }
        if (e instanceof IOException io) {
            return io;
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) e;
    }

    private static boolean isDiskFull(Throwable e)
    {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left") || lower.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void deleteQuietly(Path path)
    {
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ignored) {
            // a temp file left behind is removed by the next sweep
        }
    }

    static String newId()
    {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest md5()
    {
        try {
            return MessageDigest.getInstance("MD5");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
            throws IOException
    {
        try {
            deleteTree(tempDir);
            lock.release();
        }
        finally {
            lockChannel.close();
            Files.deleteIfExists(tempRoot.resolve(bootId + ".lock"));
        }
    }
}
