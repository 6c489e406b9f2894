package io.xloud.testing.objectstore;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Swift's bulk extract of tar, tar.gz and tar.bz2 archives, and its answers to broken ones. */
class SwiftBulkExtractTest
{
    private static TestServer server;
    private static SwiftClient swift;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        Http admin = server.admin();
        swift = SwiftClient.newProjectUser(server, admin, "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @Test
    void gzipArchiveIsExtracted()
            throws IOException
    {
        String container = name();
        byte[] archive = compressed(GzipCompressorOutputStream::new, tar(container + "/a.txt", "gzip a", container + "/d/b.txt", "gzip b"));
        Response extract = swift.send("PUT", swift.account() + "?extract-archive=tar.gz", archive);
        assertThat(extract.status()).isEqualTo(200);
        assertThat(extract.text()).contains("Number Files Created: 2").contains("Response Status: 201 Created");
        assertThat(swift.get(swift.account() + "/" + container + "/d/b.txt").text()).isEqualTo("gzip b");
    }

    @Test
    void bzip2ArchiveIsExtractedIntoAContainer()
            throws IOException
    {
        String container = name();
        swift.put(swift.account() + "/" + container, null);
        byte[] archive = compressed(BZip2CompressorOutputStream::new, tar("one.txt", "bzip2 one", "two.txt", "bzip2 two"));
        Response extract = swift.send("PUT", swift.account() + "/" + container + "?extract-archive=tar.bz2", archive);
        assertThat(extract.status()).isEqualTo(200);
        assertThat(extract.text()).contains("Number Files Created: 2");
        assertThat(swift.get(swift.account() + "/" + container).text()).isEqualTo("one.txt\ntwo.txt\n");
    }

    @Test
    void garbageIsAnInvalidTarFile()
    {
        byte[] garbage = new byte[2048];
        Arrays.fill(garbage, (byte) 'x');
        Response extract = swift.send("PUT", swift.account() + "?extract-archive=tar", garbage);
        assertThat(extract.status()).isEqualTo(400);
        assertThat(extract.text()).contains("Invalid Tar File");
    }

    @Test
    void plainTarSentAsGzipIsAnInvalidTarFile()
            throws IOException
    {
        Response extract = swift.send("PUT", swift.account() + "?extract-archive=tar.gz", tar(name() + "/a", "a"));
        assertThat(extract.status()).isEqualTo(400);
        assertThat(extract.text()).contains("Invalid Tar File");
    }

    @Test
    void truncatedGzipIsAnInvalidTarFile()
            throws IOException
    {
        byte[] archive = compressed(GzipCompressorOutputStream::new, tar(name() + "/a", "a".repeat(10_000), name() + "/b", "b"));
        Response extract = swift.send("PUT", swift.account() + "?extract-archive=tar.gz", Arrays.copyOf(archive, archive.length / 2));
        assertThat(extract.status()).isEqualTo(400);
    }

    @Test
    void unknownFormatIsRefused()
    {
        Response extract = swift.send("PUT", swift.account() + "?extract-archive=zip", new byte[10]);
        assertThat(extract.status()).isEqualTo(400);
        assertThat(extract.text()).contains("Unsupported archive format");
    }

    private static String name()
    {
        return "x-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private interface Compressor
    {
        OutputStream wrap(OutputStream out)
                throws IOException;
    }

    private static byte[] compressed(Compressor compressor, byte[] data)
            throws IOException
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream compressed = compressor.wrap(out)) {
            compressed.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] tar(String... namesAndContents)
            throws IOException
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
