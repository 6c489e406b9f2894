package io.xloud.image;

import io.xloud.image.service.ImageBytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Image bytes as local files, one directory per project; a write goes to a temporary file renamed when complete. */
public final class FakeImageBytes
        implements ImageBytes
{
    private final Path root;

    public FakeImageBytes(Path root)
    {
        this.root = root;
    }

    @Override
    public long write(String projectId, String key, InputStream content, long maxSize)
            throws IOException
    {
        Path directory = Files.createDirectories(root.resolve(projectId));
        Path temporary = directory.resolve(".tmp-" + UUID.randomUUID());
        long size = 0;
        try (OutputStream out = Files.newOutputStream(temporary)) {
            byte[] buffer = new byte[65536];
            for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                size += read;
                if (size > maxSize) {
                    throw new TooLargeException("more than " + maxSize + " bytes");
                }
                out.write(buffer, 0, read);
            }
        }
        catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, directory.resolve(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return size;
    }

    @Override
    public InputStream open(String projectId, String key, long offset, long length)
            throws IOException
    {
        Path file = root.resolve(projectId).resolve(key);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(offset);
        return org.apache.commons.io.input.BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
    }

    @Override
    public void delete(String projectId, String key)
    {
        try {
            Files.deleteIfExists(root.resolve(projectId).resolve(key));
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How many stored images a project has, for tests that check nothing is left behind. */
    public long count(String projectId)
            throws IOException
    {
        Path directory = root.resolve(projectId);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (var files = Files.list(directory)) {
            return files.count();
        }
    }
}
