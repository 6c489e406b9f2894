package io.xloud.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Images over HTTP as a Glance client sees them: create, show, patch, upload, download, delete. */
class ImageApiTest
{
    static final String MEMBER = "p1:member,reader";
    static final String READER = "p1:reader";
    static final String ADMIN = "p1:admin,member,reader";
    static final String OTHER = "p2:member,reader";

    @TempDir
    Path dataDir;

    private ImageHost host;

    @BeforeEach
    void start()
            throws Exception
    {
        host = new ImageHost(dataDir);
    }

    @AfterEach
    void stop()
            throws Exception
    {
        host.close();
    }

    private JsonNode create(String token, String body)
            throws Exception
    {
        ImageHost.Response response = host.post("/image/v2/images", token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private String createId(String body)
            throws Exception
    {
        return create(MEMBER, body).get("id").asText();
    }

    @Test
    void createShowsAQueuedImageAsGlanceDoes()
            throws Exception
    {
        JsonNode image = create(MEMBER, "{\"name\": \"cirros\", \"disk_format\": \"raw\", \"container_format\": \"bare\","
                + " \"ramdisk_id\": \"00000000-1111-2222-3333-444455556666\", \"tags\": [\"a\", \"b\"]}");

        assertThat(image.get("status").asText()).isEqualTo("queued");
        assertThat(image.get("visibility").asText()).isEqualTo("shared");
        assertThat(image.get("owner").asText()).isEqualTo("p1");
        assertThat(image.get("protected").asBoolean()).isFalse();
        assertThat(image.get("os_hidden").asBoolean()).isFalse();
        assertThat(image.get("size").isNull()).isTrue();
        assertThat(image.get("checksum").isNull()).isTrue();
        assertThat(image.get("ramdisk_id").asText()).isEqualTo("00000000-1111-2222-3333-444455556666");
        assertThat(image.get("self").asText()).isEqualTo("/v2/images/" + image.get("id").asText());
        assertThat(image.get("file").asText()).endsWith("/file");
        assertThat(image.get("schema").asText()).isEqualTo("/v2/schemas/image");
        assertThat(image.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(image.has("locations")).isFalse();

        ImageHost.Response shown = host.get("/image/v2/images/" + image.get("id").asText(), READER);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("name").asText()).isEqualTo("cirros");
        assertThat(shown.json().get("tags")).hasSize(2);
    }

    @Test
    void createRefusesBadValuesReadOnlyAndReservedAttributes()
            throws Exception
    {
        assertThat(host.post("/image/v2/images", MEMBER, "{\"container_format\": \"wrong\", \"disk_format\": \"vhd\"}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"container_format\": \"bare\", \"disk_format\": \"wrong\"}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"min_ram\": -1}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"min_ram\": \"5\"}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"protected\": \"yes\"}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"visibility\": \"everyone\"}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"id\": \"not-a-uuid\"}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"name\": \"" + "n".repeat(256) + "\"}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"foo\": 5}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "[1, 2]").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{not json").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"status\": \"active\"}").status()).isEqualTo(403);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"size\": 5}").status()).isEqualTo(403);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"os_glance_foo\": \"bar\"}").status()).isEqualTo(403);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"deleted\": \"bar\"}").status()).isEqualTo(403);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"owner\": \"p2\"}").status()).isEqualTo(403);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"visibility\": \"public\"}").status()).isEqualTo(403);
        assertThat(host.post("/image/v2/images", READER, "{}").status()).isEqualTo(403);
        assertThat(host.get("/image/v2/images?limit=1000", MEMBER).json().get("images")).isEmpty();
    }

    @Test
    void anIdCanBeChosenOnceOnly()
            throws Exception
    {
        String id = "5a0fd1d8-7d7e-4f4a-a5fa-9e5b3fa2e1aa";
        assertThat(host.post("/image/v2/images", MEMBER, "{\"id\": \"" + id + "\"}").status()).isEqualTo(201);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"id\": \"" + id + "\"}").status()).isEqualTo(409);
    }

    @Test
    void hostileIdsPathsAndBodiesAreClientErrors()
            throws Exception
    {
        String id = createId("{}");
        assertThat(host.get("/image/v2/images/" + "a".repeat(5000), MEMBER).status()).isEqualTo(404);
        assertThat(host.get("/image/v2/images/%00", MEMBER).status()).isEqualTo(404);
        assertThat(host.get("/image/v2/images/" + id + "%27%20OR%201=1", MEMBER).status()).isEqualTo(404);
        assertThat(host.put("/image/v2/images/" + id + "/tags/" + "t".repeat(5000), MEMBER, null, null).status()).isEqualTo(400);
        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\": \"add\", \"path\": \"/a~2b\", \"value\": \"x\"}]").status())
                .isEqualTo(400);
        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\": \"add\", \"path\": \"name\", \"value\": \"x\"}]").status())
                .isEqualTo(400);
        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\": \"add\", \"path\": 5, \"value\": \"x\"}]").status()).isEqualTo(400);
        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[5]").status()).isEqualTo(400);
        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "not json").status()).isEqualTo(400);
        ImageHost.Response escaped = host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\": \"add\", \"path\": \"/a~1b~0c\", \"value\": \"x\"}]");
        assertThat(escaped.status()).isEqualTo(200);
        assertThat(escaped.json().get("a/b~c").asText()).isEqualTo("x");
        assertThat(host.get("/image/v2/images?limit=99999999999", MEMBER).status()).isEqualTo(200);
        assertThat(host.get("/image/v2/images?sort=name:up", MEMBER).status()).isEqualTo(400);
        // over the request body limit, yet small enough to be sent whole before the answer (a 20 MB body raced the
        // server closing the connection after its early 413)
        ImageHost.Response huge = host.post("/image/v2/images", MEMBER, "{\"name\": \"" + "x".repeat(300_000) + "\"}");
        assertThat(huge.status()).isIn(400, 413);
        assertThat(huge.json().get("code").asText()).matches("4\\d\\d .*");
    }

    @Test
    void concurrentCreatesOfOneIdMakeOneImage()
            throws Exception
    {
        String id = java.util.UUID.randomUUID().toString();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    statuses.add(host.post("/image/v2/images", MEMBER, "{\"id\": \"" + id + "\"}").status());
                }
                catch (Exception e) {
                    statuses.add(-1);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
        assertThat(host.quotaInUse("p1", "image_count_total")).isEqualTo(1);
    }

    @Test
    void anotherProjectsPrivateImageIsNotFound()
            throws Exception
    {
        String id = createId("{\"visibility\": \"private\"}");

        assertThat(host.get("/image/v2/images/" + id, OTHER).status()).isEqualTo(404);
        assertThat(host.delete("/image/v2/images/" + id, OTHER).status()).isEqualTo(404);
        assertThat(host.patch("/image/v2/images/" + id, OTHER, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"x\"}]").status())
                .isEqualTo(404);
        assertThat(host.get("/image/v2/images/" + id, "p2:admin,member,reader").status()).isEqualTo(200);
    }

    @Test
    void missingAndEmptyIdsAreNotFound()
            throws Exception
    {
        assertThat(host.get("/image/v2/images/" + java.util.UUID.randomUUID(), MEMBER).status()).isEqualTo(404);
        assertThat(host.get("/image/v2/images/", MEMBER).status()).isEqualTo(404);
        assertThat(host.delete("/image/v2/images/", MEMBER).status()).isEqualTo(404);
        assertThat(host.delete("/image/v2/images/" + java.util.UUID.randomUUID(), MEMBER).status()).isEqualTo(404);
        assertThat(host.get("/image/v2/images/x", null).status()).isEqualTo(401);
    }

    @Test
    void uploadComputesChecksumsAndDownloadStreamsTheBytesBack()
            throws Exception
    {
        String id = createId("{\"name\": \"data\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}");
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);

        assertThat(host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", data).status()).isEqualTo(204);

        JsonNode image = host.get("/image/v2/images/" + id, READER).json();
        assertThat(image.get("status").asText()).isEqualTo("active");
        assertThat(image.get("size").asLong()).isEqualTo(data.length);
        assertThat(image.get("checksum").asText()).isEqualTo(hex("MD5", data));
        assertThat(image.get("os_hash_algo").asText()).isEqualTo("sha512");
        assertThat(image.get("os_hash_value").asText()).isEqualTo(hex("SHA-512", data));

        ImageHost.Response download = host.get("/image/v2/images/" + id + "/file", READER);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(data);
        assertThat(download.header("Content-MD5")).contains(hex("MD5", data));
        assertThat(download.header("Content-Type").orElseThrow()).startsWith("application/octet-stream");

        ImageHost.Response part = host.send("GET", "/image/v2/images/" + id + "/file", READER, null, null, "Range", "bytes=10-19");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.bytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
        assertThat(part.header("Content-Range")).contains("bytes 10-19/" + data.length);
        ImageHost.Response tail = host.send("GET", "/image/v2/images/" + id + "/file", READER, null, null, "Range", "bytes=-5");
        assertThat(tail.bytes()).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 5, data.length));
        assertThat(host.send("GET", "/image/v2/images/" + id + "/file", READER, null, null, "Range", "bytes=400000-").status()).isEqualTo(416);
        assertThat(host.send("GET", "/image/v2/images/" + id + "/file", READER, null, null, "Range", "pages=1-2").status()).isEqualTo(416);

        assertThat(host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", data).status()).isEqualTo(409);
    }

    @Test
    void uploadNeedsFormatsOctetStreamAndAWriter()
            throws Exception
    {
        String bare = createId("{}");
        assertThat(host.put("/image/v2/images/" + bare + "/file", MEMBER, "application/octet-stream", new byte[10]).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images/" + bare, MEMBER).json().get("status").asText()).isEqualTo("queued");
        String id = createId("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
        assertThat(host.put("/image/v2/images/" + id + "/file", MEMBER, "application/json", new byte[10]).status()).isEqualTo(415);
        assertThat(host.put("/image/v2/images/" + id + "/file", READER, "application/octet-stream", new byte[10]).status()).isEqualTo(403);
        assertThat(host.get("/image/v2/images/" + id + "/file", READER).status()).isEqualTo(204);
        assertThat(host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", new byte[0]).status()).isEqualTo(204);
        assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("size").asLong()).isZero();
    }

    @Test
    void deactivatedImagesRefuseDataToNonAdmins()
            throws Exception
    {
        String id = createId("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
        assertThat(host.post("/image/v2/images/" + id + "/actions/deactivate", MEMBER, "").status()).isEqualTo(403);
        host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(host.post("/image/v2/images/" + id + "/actions/deactivate", MEMBER, "").status()).isEqualTo(204);
        assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("status").asText()).isEqualTo("deactivated");
        assertThat(host.get("/image/v2/images/" + id + "/file", MEMBER).status()).isEqualTo(403);
        assertThat(host.get("/image/v2/images/" + id + "/file", ADMIN).body()).isEqualTo("hello");

        assertThat(host.post("/image/v2/images/" + id + "/actions/reactivate", MEMBER, "").status()).isEqualTo(204);
        assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("status").asText()).isEqualTo("active");
        assertThat(host.get("/image/v2/images/" + id + "/file", MEMBER).body()).isEqualTo("hello");
    }

    @Test
    void protectedImagesCannotBeDeleted()
            throws Exception
    {
        String id = createId("{\"protected\": true}");

        assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(403);
        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\": \"replace\", \"path\": \"/protected\", \"value\": false}]").status())
                .isEqualTo(200);
        assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(204);
        assertThat(host.get("/image/v2/images/" + id, MEMBER).status()).isEqualTo(404);
        assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(404);
    }

    @Test
    void deleteRemovesTheBytes()
            throws Exception
    {
        String id = createId("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
        host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", new byte[1000]);
        assertThat(host.bytes().count("p1")).isEqualTo(1);

        assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(204);
        assertThat(host.bytes().count("p1")).isZero();
    }

    @Test
    void patchFollowsGlanceRules()
            throws Exception
    {
        String id = createId("{\"name\": \"old\", \"color\": \"red\"}");
        String path = "/image/v2/images/" + id;

        ImageHost.Response patched = host.patch(path, MEMBER, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"new\"},"
                + " {\"op\": \"add\", \"path\": \"/size_hint\", \"value\": \"big\"}, {\"op\": \"remove\", \"path\": \"/color\"},"
                + " {\"op\": \"add\", \"path\": \"/min_ram\", \"value\": 512}]");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("name").asText()).isEqualTo("new");
        assertThat(patched.json().get("size_hint").asText()).isEqualTo("big");
        assertThat(patched.json().has("color")).isFalse();
        assertThat(patched.json().get("min_ram").asInt()).isEqualTo(512);

        assertThat(host.patch(path, MEMBER, "[{\"op\": \"replace\", \"path\": \"/status\", \"value\": \"active\"}]").status()).isEqualTo(403);
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"add\", \"path\": \"/os_glance_foo\", \"value\": \"bar\"}]").status()).isEqualTo(403);
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"remove\", \"path\": \"/name\"}]").status()).isEqualTo(403);
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"remove\", \"path\": \"/nothing\"}]").status()).isEqualTo(409);
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"replace\", \"path\": \"/nothing\", \"value\": \"x\"}]").status()).isEqualTo(409);
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"move\", \"path\": \"/name\"}]").status()).isEqualTo(400);
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"add\", \"path\": \"/a/b\", \"value\": \"x\"}]").status()).isEqualTo(400);
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"add\", \"path\": \"/name\"}]").status()).isEqualTo(400);
        assertThat(host.patch(path, MEMBER, "{\"op\": \"add\"}").status()).isEqualTo(400);
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"add\", \"path\": \"/visibility\", \"value\": \"public\"}]").status()).isEqualTo(403);
        assertThat(host.patch(path, READER, "[{\"op\": \"add\", \"path\": \"/x\", \"value\": \"y\"}]").status()).isEqualTo(403);
        assertThat(host.send("PATCH", path, MEMBER, "application/json", "[]".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);

        // Glance's older media type, as Tempest sends it: adding what exists is a conflict there
        ImageHost.Response old = host.send("PATCH", path, MEMBER, "application/openstack-images-v2.0-json-patch",
                "[{\"replace\": \"/name\", \"value\": \"v20\"}, {\"add\": \"/extra\", \"value\": \"1\"}]".getBytes(StandardCharsets.UTF_8));
        assertThat(old.status()).as(old.body()).isEqualTo(200);
        assertThat(old.json().get("name").asText()).isEqualTo("v20");
        assertThat(host.send("PATCH", path, MEMBER, "application/openstack-images-v2.0-json-patch",
                "[{\"add\": \"/extra\", \"value\": \"2\"}]".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(409);

        // nothing of a refused patch is applied
        assertThat(host.patch(path, MEMBER, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"half\"},"
                + " {\"op\": \"replace\", \"path\": \"/created_at\", \"value\": \"x\"}]").status()).isEqualTo(403);
        assertThat(host.get(path, MEMBER).json().get("name").asText()).isEqualTo("v20");
    }

    @Test
    void formatsChangeOnlyWhileQueued()
            throws Exception
    {
        String id = createId("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
        host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", new byte[3]);

        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\": \"replace\", \"path\": \"/disk_format\", \"value\": \"qcow2\"}]").status())
                .isEqualTo(403);
        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"fine\"}]").status())
                .isEqualTo(200);
    }

    @Test
    void tagsAreAddedAndRemoved()
            throws Exception
    {
        String id = createId("{}");
        assertThat(host.put("/image/v2/images/" + id + "/tags/blue", MEMBER, null, null).status()).isEqualTo(204);
        assertThat(host.put("/image/v2/images/" + id + "/tags/blue", MEMBER, null, null).status()).isEqualTo(204);
        assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("tags").toString()).isEqualTo("[\"blue\"]");
        assertThat(host.put("/image/v2/images/" + id + "/tags/" + "t".repeat(256), MEMBER, null, null).status()).isEqualTo(400);
        assertThat(host.delete("/image/v2/images/" + id + "/tags/blue", MEMBER).status()).isEqualTo(204);
        assertThat(host.delete("/image/v2/images/" + id + "/tags/blue", MEMBER).status()).isEqualTo(404);
        assertThat(host.put("/image/v2/images/" + id + "/tags/red", READER, null, null).status()).isEqualTo(403);
    }

    @Test
    void schemasAreGlances()
            throws Exception
    {
        for (String name : List.of("image", "images", "member", "members")) {
            ImageHost.Response schema = host.get("/image/v2/schemas/" + name, READER);
            assertThat(schema.status()).isEqualTo(200);
            assertThat(schema.json().get("name").asText()).isEqualTo(name);
        }
        assertThat(host.get("/image/v2/schemas/image", READER).json().get("properties").get("disk_format").get("enum").toString())
                .contains("qcow2");
    }

    @Test
    void concurrentUploadsToOneImageStoreOneOnly()
            throws Exception
    {
        String id = createId("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            byte[] data = new byte[50_000 + i];
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    statuses.add(host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", data).status());
                }
                catch (Exception e) {
                    statuses.add(-1);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(statuses).containsOnly(204, 409);
        assertThat(statuses.stream().filter(status -> status == 204)).hasSize(1);
        JsonNode image = host.get("/image/v2/images/" + id, MEMBER).json();
        assertThat(image.get("status").asText()).isEqualTo("active");
        assertThat(host.get("/image/v2/images/" + id + "/file", MEMBER).bytes()).hasSize(image.get("size").asInt());
    }

    static String hex(String algorithm, byte[] data)
            throws Exception
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
