package io.xloud.identity.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Identity's HTTP layer reaches persistence only through its services, as Object Storage's does. */
class ApiLayeringTest
{
    private static final Path API_SOURCES = Path.of("src/main/java/io/xloud/identity/api");

    @Test
    void apiImportsNeitherTheStoreNorJdbi()
            throws IOException
    {
        assertThat(filesWith("import io.xloud.identity.store.")).isEmpty();
        assertThat(filesWith("import org.jdbi.")).isEmpty();
    }

    @Test
    void apiHoldsNoSql()
            throws IOException
    {
        assertThat(filesWith("createQuery(")).isEmpty();
        assertThat(filesWith("createUpdate(")).isEmpty();
        assertThat(filesWith("DELETE FROM ")).isEmpty();
        assertThat(filesWith("INSERT INTO ")).isEmpty();
    }

    private static List<String> filesWith(String text)
            throws IOException
    {
        assertThat(API_SOURCES).isDirectory();
        try (Stream<Path> files = Files.list(API_SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> read(file).contains(text))
                    .map(file -> file.getFileName().toString())
                    .toList();
        }
    }

    private static String read(Path file)
    {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
