package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarReaderTest
{
    @Test
    void readsFilesAndSkipsDirectories()
            throws IOException
    {
        byte[] archive = archive(TarArchiveOutputStream.LONGFILE_ERROR, "dir/", "", "dir/one.txt", "one", "two.txt", "two two");
        assertThat(read(archive)).containsExactly("dir/one.txt=one", "two.txt=two two");
    }

    @Test
    void readsGnuLongNames()
            throws IOException
    {
        String name = "d/" + "n".repeat(300);
        assertThat(read(archive(TarArchiveOutputStream.LONGFILE_GNU, name, "long"))).containsExactly(name + "=long");
    }

    @Test
    void readsPaxPaths()
            throws IOException
    {
        String name = "d/" + "é".repeat(200);
        assertThat(read(archive(TarArchiveOutputStream.LONGFILE_POSIX, name, "pax"))).containsExactly(name + "=pax");
    }

    @Test
    void unreadContentIsSkipped()
            throws IOException
    {
        TarReader reader = new TarReader(new ByteArrayInputStream(archive(TarArchiveOutputStream.LONGFILE_ERROR, "a", "x".repeat(2000), "b", "y")));
        assertThat(reader.next().orElseThrow().name()).isEqualTo("a");
        TarReader.Entry second = reader.next().orElseThrow();
        assertThat(second.name()).isEqualTo("b");
        assertThat(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("y");
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void emptyBodyHasNoEntries()
    {
        assertThat(new TarReader(new ByteArrayInputStream(new byte[0])).next()).isEmpty();
    }

    @Test
    void garbageIsInvalidTar()
    {
        byte[] garbage = new byte[1024];
        Arrays.fill(garbage, (byte) 'z');
        assertInvalid(garbage);
        assertInvalid("not a tar".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void corruptedHeaderChecksumIsInvalidTar()
            throws IOException
    {
        byte[] archive = archive(TarArchiveOutputStream.LONGFILE_ERROR, "a", "content");
        archive[10] = 'Q';
        assertInvalid(archive);
    }

    @Test
    void oversizedLongNameIsRefusedBeforeItIsRead()
            throws IOException
    {
        String name = "n".repeat(TarReader.MAX_NAME_RECORD + 1);
        assertInvalid(archive(TarArchiveOutputStream.LONGFILE_GNU, name, "x"));
        assertInvalid(archive(TarArchiveOutputStream.LONGFILE_POSIX, name, "x"));
    }

    @Test
    void archiveEndingInsideAnEntryFailsItsContent()
            throws IOException
    {
        byte[] archive = archive(TarArchiveOutputStream.LONGFILE_ERROR, "a", "x".repeat(5000));
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(archive, 512 + 1000)));
        assertThat(reader.next().orElseThrow().size()).isEqualTo(5000);
        InputStream content = reader.content();
        assertThatThrownBy(content::readAllBytes).isInstanceOf(IOException.class);
    }

    private static void assertInvalid(byte[] archive)
    {
        assertThatThrownBy(() -> read(archive))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("Invalid Tar File");
    }

    private static List<String> read(byte[] archive)
            throws IOException
    {
        TarReader reader = new TarReader(new ByteArrayInputStream(archive));
        List<String> files = new ArrayList<>();
        for (var entry = reader.next(); entry.isPresent(); entry = reader.next()) {
            if (entry.get().file()) {
                try (InputStream content = reader.content()) {
                    files.add(entry.get().name() + "=" + new String(content.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    static byte[] archive(int longFileMode, String... namesAndContents)
            throws IOException
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(longFileMode);
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i]);
                entry.setSize(entry.isDirectory() ? 0 : content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
