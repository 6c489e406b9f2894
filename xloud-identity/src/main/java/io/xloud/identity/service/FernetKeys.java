package io.xloud.identity.service;

import com.macasaet.fernet.Key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Keystone's Fernet key repository: files named 0..N in one directory, 0 staged, the highest primary,
 * the rest secondary. Creation and rotation hold a file lock so that nodes sharing the data directory
 * never write keys at once; every node reloads when the directory changes.
 */
public final class FernetKeys
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private volatile Snapshot snapshot;

    private record Snapshot(Key primary, List<Key> all, String fingerprint) {}

    public FernetKeys(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** Creates keys 0 and 1 on first use, as keystone-manage fernet_setup does, then loads them. */
    public void initialize()
    {
        withLock(() -> {
            if (readKeys().isEmpty()) {
                writeKey(0);
                writeKey(1);
            }
        });
        reload();
    }

    /** Staged key becomes primary, a new staged key is made, and the oldest secondaries beyond the limit go. */
    public void rotate(int maxActiveKeys)
    {
        withLock(() -> {
            TreeMap<Integer, String> keys = readKeys();
            if (keys.isEmpty()) {
                writeKey(0);
                writeKey(1);
                return;
            }
            int next = keys.lastKey() + 1;
            move(directory.resolve("0"), directory.resolve(Integer.toString(next)));
            writeKey(0);
            keys = readKeys();
            List<Integer> secondaries = new ArrayList<>(keys.keySet());
            secondaries.remove(Integer.valueOf(0));
            secondaries.remove(keys.lastKey());
            int excess = keys.size() - Math.max(maxActiveKeys, 2);
            for (int i = 0; i < excess && i < secondaries.size(); i++) {
                delete(directory.resolve(Integer.toString(secondaries.get(i))));
            }
        });
        reload();
    }

    /** Reloads when the set of key files changed; cheap enough to call every second. */
    public void refresh()
    {
        if (!fingerprint().equals(snapshot == null ? "" : snapshot.fingerprint())) {
            reload();
        }
    }

    public Key primary()
    {
        return snapshot().primary();
    }

    public List<Key> all()
    {
        return snapshot().all();
    }

    public Path directory()
    {
        return directory;
    }

    private Snapshot snapshot()
    {
        Snapshot current = snapshot;
        if (current == null) {
            throw new IllegalStateException("Fernet keys not initialized");
        }
        return current;
    }

    private synchronized void reload()
    {
        String fingerprint = fingerprint();
        TreeMap<Integer, String> keys = readKeys();
        if (keys.isEmpty()) {
            throw new IllegalStateException("no Fernet keys in " + directory);
        }
        List<Key> all = new ArrayList<>();
        // primary first: most tokens were made with it
        keys.descendingMap().values().forEach(text -> all.add(new Key(text)));
        snapshot = new Snapshot(new Key(keys.lastEntry().getValue()), List.copyOf(all), fingerprint);
    }

    private String fingerprint()
    {
        if (!Files.isDirectory(directory)) {
            return "";
        }
        StringBuilder builder = new StringBuilder();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(path -> path.getFileName().toString().matches("\\d+")).sorted().forEach(path -> {
                try {
                    builder.append(path.getFileName()).append(':').append(Files.getLastModifiedTime(path).toMillis()).append(';');
                }
                catch (IOException ignored) {
                    builder.append(path.getFileName()).append(":?;");
                }
            });
        }
        catch (IOException e) {
            return "";
        }
        return builder.toString();
    }

    private TreeMap<Integer, String> readKeys()
    {
        TreeMap<Integer, String> keys = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return keys;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path path : files.toList()) {
                String name = path.getFileName().toString();
                if (name.matches("\\d+")) {
                    String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
                    if (!text.isEmpty()) {
                        keys.put(Integer.parseInt(name), text);
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read Fernet keys in " + directory, e);
        }
        return keys;
    }

    private void writeKey(int index)
    {
        Key key = Key.generateKey(RANDOM);
        Path target = directory.resolve(Integer.toString(index));
        Path temp = directory.resolve("." + index + ".tmp");
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(key.serialise().getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write Fernet key " + target, e);
        }
    }

    private static void move(Path from, Path to)
    {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path)
    {
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Object JVM_LOCK = new Object();

    private void withLock(Runnable action)
    {
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            synchronized (JVM_LOCK) {
            try (FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                action.run();
            }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot lock Fernet key directory " + directory, e);
        }
    }
}
