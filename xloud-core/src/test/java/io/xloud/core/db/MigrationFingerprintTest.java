package io.xloud.core.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationFingerprintTest
{
    @TempDir
    Path directory;

    @Test
    void sameScriptsGiveTheSameFingerprintWhetherInADirectoryOrAJar()
            throws IOException
    {
        Path classes = directory.resolve("classes");
        Files.createDirectories(classes.resolve("db/migration/demo"));
        Files.writeString(classes.resolve("db/migration/demo/V1__a.sql"), "CREATE TABLE a (id INT);");
        Files.writeString(classes.resolve("db/migration/demo/V2__b.sql"), "CREATE TABLE b (id INT);");
        Path jar = directory.resolve("demo.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"db/", "db/migration/", "db/migration/demo/"}) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
            for (String name : new String[] {"V2__b.sql", "V1__a.sql"}) {
                out.putNextEntry(new JarEntry("db/migration/demo/" + name));
                out.write(Files.readAllBytes(classes.resolve("db/migration/demo/" + name)));
                out.closeEntry();
            }
        }
        assertThat(fingerprint(jar)).isEqualTo(fingerprint(classes));
    }

    @Test
    void aChangedAddedOrRenamedScriptChangesTheFingerprint()
            throws IOException
    {
        Path scripts = Files.createDirectories(directory.resolve("db/migration/demo"));
        Files.writeString(scripts.resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        String original = fingerprint(directory);

        Files.writeString(scripts.resolve("V1__a.sql"), "CREATE TABLE a (id BIGINT);");
        String changed = fingerprint(directory);
        Files.writeString(scripts.resolve("V2__b.sql"), "CREATE TABLE b (id INT);");
        String added = fingerprint(directory);
        Files.move(scripts.resolve("V2__b.sql"), scripts.resolve("V3__b.sql"));
        String renamed = fingerprint(directory);

        assertThat(java.util.List.of(original, changed, added, renamed)).doesNotHaveDuplicates();
    }

    private static String fingerprint(Path root)
            throws IOException
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            thread.setContextClassLoader(loader);
            return MigrationFingerprint.of("db/migration/demo");
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }
}
