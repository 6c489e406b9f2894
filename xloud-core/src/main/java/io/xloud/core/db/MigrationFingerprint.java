package io.xloud.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A digest of the migration scripts a classpath location holds: their names and contents. Equal fingerprints
 * mean the same scripts, so a database whose recorded fingerprint matches needs no migration run.
 */
final class MigrationFingerprint
{
    private MigrationFingerprint() {}

    static String of(String location)
    {
        // name → content digest, sorted, so the order in which the classpath lists them does not matter
        TreeMap<String, String> scripts = new TreeMap<>();
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : MigrationFingerprint.class.getClassLoader();
            List<URL> roots = Collections.list(loader.getResources(location));
            for (URL root : roots) {
                switch (root.getProtocol()) {
                    case "jar" -> fromJar(root, location, scripts);
                    case "file" -> fromDirectory(Path.of(root.toURI()), scripts);
                    default -> throw new IllegalStateException("cannot read migrations from " + root);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations in " + location, e);
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read migrations in " + location, e);
        }
        MessageDigest digest = sha256();
        scripts.forEach((name, content) -> digest.update((name + "\u0000" + content + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void fromJar(URL root, String location, TreeMap<String, String> scripts)
            throws IOException
    {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            String prefix = location.endsWith("/") ? location : location + "/";
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        scripts.put(entry.getName().substring(prefix.length()), digest(in));
                    }
                }
            }
        }
    }

    private static void fromDirectory(Path directory, TreeMap<String, String> scripts)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    scripts.put(directory.relativize(file).toString().replace('\\', '/'), digest(in));
                }
            }
        }
    }

    private static String digest(InputStream in)
            throws IOException
    {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256()
    {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
