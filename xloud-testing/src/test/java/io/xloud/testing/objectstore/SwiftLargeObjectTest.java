package io.xloud.testing.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.xloud.testing.objectstore.SwiftApiTest.md5;
import static org.assertj.core.api.Assertions.assertThat;

/** Large objects (DLO, SLO), versioned containers, bulk delete and archive extraction, static web. */
class SwiftLargeObjectTest
{
    private static TestServer server;
    private static SwiftClient swift;
    private static Http admin;

    @BeforeAll
    static void start()
    {
        server = TestServer.start(java.util.Map.of("object_store.sync_interval", "1"));
        admin = server.admin();
        swift = SwiftClient.newProjectUser(server, admin, "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String name()
    {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void dynamicLargeObjectsConcatenateTheirSegments()
    {
        String container = name();
        swift.put(swift.account() + "/" + container, null);
        String base = swift.account() + "/" + container;
        swift.put(base + "/seg/2", "cc");
        swift.put(base + "/seg/1", "bbb");
        swift.put(base + "/seg/0", "a");
        swift.put(base + "/big", "", "X-Object-Manifest", container + "/seg/");
        Response get = swift.get(base + "/big");
        assertThat(get.text()).isEqualTo("abbbcc");
        assertThat(get.header("ETag")).isEqualTo("\"" + md5(md5("a") + md5("bbb") + md5("cc")) + "\"");
        assertThat(get.header("X-Object-Manifest")).isEqualTo(container + "/seg/");
        assertThat(swift.get(base + "/big", "Range", "bytes=2-4").text()).isEqualTo("bbc");
        assertThat(swift.head(base + "/big").header("Content-Length")).isEqualTo("6");
        assertThat(swift.get(base + "/big?multipart-manifest=get").text()).isEmpty();
    }

    @Test
    void staticLargeObjectsFollowTheirManifest()
    {
        String container = name();
        String base = swift.account() + "/" + container;
        swift.put(base, null);
        swift.put(base + "/s1", "hello ");
        swift.put(base + "/s2", "world");
        String manifest = "[{\"path\": \"/" + container + "/s1\", \"etag\": \"" + md5("hello ") + "\", \"size_bytes\": 6},"
                + " {\"path\": \"/" + container + "/s2\", \"etag\": null, \"size_bytes\": null}]";
        Response put = swift.put(base + "/slo?multipart-manifest=put", manifest);
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        String etag = "\"" + md5(md5("hello ") + md5("world")) + "\"";
        assertThat(put.header("ETag")).isEqualTo(etag);
        Response get = swift.get(base + "/slo");
        assertThat(get.text()).isEqualTo("hello world");
        assertThat(get.header("X-Static-Large-Object")).isEqualTo("True");
        assertThat(get.header("ETag")).isEqualTo(etag);
        assertThat(swift.get(base + "/slo", "Range", "bytes=4-7").text()).isEqualTo("o wo");
        JsonNode listing = swift.get(base + "?format=json&prefix=slo").json();
        assertThat(listing.get(0).path("bytes").asLong()).isEqualTo(11);
        JsonNode stored = swift.get(base + "/slo?multipart-manifest=get").json();
        assertThat(stored.get(0).path("name").asText()).isEqualTo("/" + container + "/s1");
        Response bad = swift.put(base + "/bad?multipart-manifest=put", "[{\"path\": \"/" + container + "/s1\", \"etag\": \"wrong\"}]");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("Etag Mismatch");
        Response delete = swift.delete(base + "/slo?multipart-manifest=delete");
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.text()).contains("Number Deleted: 3");
        assertThat(swift.head(base).header("X-Container-Object-Count")).isEqualTo("0");
    }

    @Test
    void versionedContainersKeepAndRestoreVersions()
    {
        String archive = name();
        String container = name();
        swift.put(swift.account() + "/" + archive, null);
        swift.put(swift.account() + "/" + container, null, "X-Versions-Location", archive);
        assertThat(swift.head(swift.account() + "/" + container).header("X-Versions-Location")).isEqualTo(archive);
        String object = swift.account() + "/" + container + "/doc";
        swift.put(object, "version 1");
        swift.put(object, "version 2");
        swift.put(object, "version 3");
        assertThat(swift.head(swift.account() + "/" + archive).header("X-Container-Object-Count")).isEqualTo("2");
        assertThat(swift.get(swift.account() + "/" + archive).text()).startsWith("003doc/");
        assertThat(swift.delete(object).status()).isEqualTo(204);
        assertThat(swift.get(object).text()).isEqualTo("version 2");
        swift.delete(object);
        assertThat(swift.get(object).text()).isEqualTo("version 1");
        swift.delete(object);
        assertThat(swift.get(object).status()).isEqualTo(404);
        assertThat(swift.head(swift.account() + "/" + archive).header("X-Container-Object-Count")).isEqualTo("0");
    }

    @Test
    void bulkDeleteAndArchiveExtraction()
            throws Exception
    {
        String container = name();
        byte[] tar = tar(container + "/dir/one.txt", "one", container + "/two.txt", "two two");
        Response extract = swift.send("PUT", swift.account() + "?extract-archive=tar", tar);
        assertThat(extract.status()).isEqualTo(200);
        assertThat(extract.text()).contains("Number Files Created: 2");
        assertThat(swift.get(swift.account() + "/" + container + "/dir/one.txt").text()).isEqualTo("one");
        assertThat(swift.get(swift.account() + "/" + container + "/two.txt").text()).isEqualTo("two two");
        String list = container + "/dir/one.txt\n" + container + "/two.txt\n" + container + "/missing\n" + container;
        Response delete = swift.send("DELETE", swift.account() + "?bulk-delete", list.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.text()).contains("Number Deleted: 3").contains("Number Not Found: 1");
        assertThat(swift.head(swift.account() + "/" + container).status()).isEqualTo(404);
    }

    @Test
    void staticWebServesIndexListingsAndErrors()
    {
        String container = name();
        String base = swift.account() + "/" + container;
        swift.put(base, null, "X-Container-Read", ".r:*,.rlistings", "X-Container-Meta-Web-Listings", "true",
                "X-Container-Meta-Web-Listings-CSS", "style.css", "X-Container-Meta-Web-Error", "error.html");
        swift.put(base + "/file.txt", "a file");
        swift.put(base + "/404error.html", "nothing here");
        SwiftClient anonymous = swift.anonymous();
        Response listing = anonymous.get(base + "/");
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.text()).contains("file.txt").contains("<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\" />");
        Response missing = anonymous.get(base + "/nothing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).isEqualTo("nothing here");
        swift.post(base, "X-Container-Meta-Web-Index", "file.txt");
        assertThat(anonymous.get(base).text()).isEqualTo("a file");
        assertThat(swift.get(base).text()).contains("file.txt\n");
    }

    @Test
    void containerSyncPushesWritesAndDeletesBothWays()
            throws Exception
    {
        SwiftClient other = SwiftClient.newProjectUser(server, admin, "member");
        String mine = swift.account() + "/sync-a";
        String theirs = other.account() + "/sync-b";
        swift.put(mine, null);
        other.put(theirs, null);
        assertThat(swift.post(mine, "X-Container-Sync-To", "//realm2/name1/AUTH_" + other.projectId + "/sync-b", "X-Container-Sync-Key", "k")
                .status()).isEqualTo(400);
        swift.post(mine, "X-Container-Sync-To", "//realm1/name1/AUTH_" + other.projectId + "/sync-b", "X-Container-Sync-Key", "k");
        other.post(theirs, "X-Container-Sync-To", "//realm1/name1/AUTH_" + swift.projectId + "/sync-a", "X-Container-Sync-Key", "k");
        swift.put(mine + "/from-a", "written in a", "X-Object-Meta-Origin", "a");
        other.put(theirs + "/from-b", "written in b");
        awaitListing(swift, mine, "from-a\nfrom-b\n");
        awaitListing(other, theirs, "from-a\nfrom-b\n");
        assertThat(other.get(theirs + "/from-a").text()).isEqualTo("written in a");
        assertThat(other.head(theirs + "/from-a").header("X-Object-Meta-Origin")).isEqualTo("a");
        assertThat(other.head(theirs + "/from-a").header("X-Timestamp")).isEqualTo(swift.head(mine + "/from-a").header("X-Timestamp"));
        swift.delete(mine + "/from-b");
        awaitListing(other, theirs, "from-a\n");
        awaitListing(swift, mine, "from-a\n");
    }

    private static void awaitListing(SwiftClient client, String container, String expected)
            throws InterruptedException
    {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !client.get(container).text().equals(expected)) {
            Thread.sleep(200);
        }
        assertThat(client.get(container).text()).isEqualTo(expected);
    }

    /** A ustar archive of regular files. */
    private static byte[] tar(String... namesAndContents)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
            byte[] header = new byte[512];
            put(header, 0, namesAndContents[i]);
            put(header, 100, "0000644");
            put(header, 108, "0000000");
            put(header, 116, "0000000");
            put(header, 124, String.format("%011o", content.length));
            put(header, 136, String.format("%011o", 0));
            header[156] = '0';
            put(header, 257, "ustar");
            put(header, 263, "00");
            for (int j = 148; j < 156; j++) {
                header[j] = ' ';
            }
            int sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, String.format("%06o", sum));
            header[154] = 0;
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] block, int offset, String value)
    {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, block, offset, bytes.length);
    }
}
