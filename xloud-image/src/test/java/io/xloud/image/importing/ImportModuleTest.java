package io.xloud.image.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.xloud.image.ImageHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Interoperable import, stores, tasks and the cache, over HTTP with the image module alone. */
class ImportModuleTest
{
    private static final String MEMBER = "p1:member,reader";
    private static final String OTHER = "p2:member,reader";
    private static final String ADMIN = "admin:admin,member,reader";

    @TempDir
    Path dataDir;

    private ImageHost host;
    private ImportFixtures fixtures;
    private HttpServer web;

    private void start(Map<String, String> settings)
            throws Exception
    {
        Map<String, String> values = new HashMap<>(settings);
        values.putIfAbsent("jobs.poll_millis", "50");
        values.putIfAbsent("jobs.lease_seconds", "2");
        host = new ImageHost(dataDir, values);
        if (fixtures == null) {
            fixtures = new ImportFixtures(dataDir);
        }
    }

    @AfterEach
    void stop()
            throws Exception
    {
        if (web != null) {
            web.stop(0);
        }
        if (host != null) {
            host.close();
        }
        if (fixtures != null) {
            fixtures.close();
        }
    }

    private static byte[] data(int size)
    {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static String md5(byte[] bytes)
            throws Exception
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static String sha512(byte[] bytes)
            throws Exception
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    }

    private static void await(Supplier<Boolean> condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(25);
        }
    }

    private byte[] stored(String project, String key)
            throws Exception
    {
        try (InputStream in = host.bytes().open(project, key, 0, Long.MAX_VALUE)) {
            return in.readAllBytes();
        }
    }

    private ImageHost.Response importImage(String imageId, String token, String body)
            throws Exception
    {
        return host.post("/image/v2/images/" + imageId + "/import", token, body);
    }

    private ImageHost.Response stage(String imageId, String token, byte[] body)
            throws Exception
    {
        return host.put("/image/v2/images/" + imageId + "/stage", token, "application/octet-stream", body);
    }

    private String webServer(byte[] body)
            throws Exception
    {
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/image.raw", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        web.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/image.raw");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        web.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        web.start();
        return "http://127.0.0.1:" + web.getAddress().getPort();
    }

    // ---- discovery

    @Test
    void infoListsTheImportMethodsAndTwoStoresWithLocalAsDefault()
            throws Exception
    {
        start(Map.of());
        JsonNode methods = host.get("/image/v2/info/import", MEMBER).json().get("import-methods");
        assertThat(methods.get("value").toString()).isEqualTo("[\"glance-direct\",\"web-download\",\"copy-image\"]");

        JsonNode stores = host.get("/image/v2/info/stores", MEMBER).json().get("stores");
        assertThat(stores).hasSize(2);
        assertThat(stores.get(0).get("id").asText()).isEqualTo("local");
        assertThat(stores.get(0).get("default").asText()).isEqualTo("true");
        assertThat(stores.get(1).get("id").asText()).isEqualTo("fast");
        assertThat(stores.get(1).has("default")).isFalse();

        assertThat(host.get("/image/v2/info/stores/detail", MEMBER).status()).isEqualTo(403);
        JsonNode detail = host.get("/image/v2/info/stores/detail", ADMIN).json().get("stores");
        assertThat(detail.get(0).get("type").asText()).isEqualTo("file");
        assertThat(detail.get(0).get("properties").has("data_dir")).isTrue();
        assertThat(host.get("/image/v2/info/import", null).status()).isEqualTo(401);
    }

    // ---- glance-direct

    @Test
    void glanceDirectImportsStagedDataIntoEveryStore()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        byte[] bytes = data(300_000);

        assertThat(stage(id, MEMBER, bytes).status()).isEqualTo(204);
        assertThat(fixtures.status(id)).isEqualTo("uploading");
        assertThat(fixtures.quotaInUse("p1", "image_stage_total")).isEqualTo(bytes.length);

        ImageHost.Response accepted = importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"},\"all_stores\":true}");
        assertThat(accepted.status()).isEqualTo(202);
        await(() -> fixtures.status(id).equals("active") && fixtures.property(id, "os_glance_import_task").isEmpty());

        Map<String, Object> image = fixtures.image(id);
        assertThat(image.get("size")).isEqualTo((long) bytes.length);
        assertThat(image.get("checksum")).isEqualTo(md5(bytes));
        assertThat(image.get("os_hash_algo")).isEqualTo("sha512");
        assertThat(image.get("os_hash_value")).isEqualTo(sha512(bytes));
        assertThat(fixtures.stores(id)).isEqualTo("fast,local");
        assertThat(stored("p1", id)).isEqualTo(bytes);
        assertThat(stored("p1", "store.fast." + id)).isEqualTo(bytes);
        assertThat(fixtures.property(id, "os_glance_importing_to_stores")).contains("");
        assertThat(fixtures.property(id, "os_glance_failed_import")).contains("");
        // the staged data is gone and its quota given back
        assertThat(fixtures.stagedRows()).isZero();
        assertThat(fixtures.quotaInUse("p1", "image_stage_total")).isZero();
        assertThat(host.bytes().count("p1")).isEqualTo(2);

        JsonNode tasks = host.get("/image/v2/images/" + id + "/tasks", MEMBER).json().get("tasks");
        assertThat(tasks).hasSize(1);
        JsonNode task = tasks.get(0);
        assertThat(task.get("status").asText()).isEqualTo("success");
        assertThat(task.get("type").asText()).isEqualTo("api_image_import");
        assertThat(task.get("request_id").asText()).isEqualTo(accepted.header("x-openstack-request-id").orElseThrow());
        assertThat(task.get("input").get("import_req").get("method").get("name").asText()).isEqualTo("glance-direct");
        assertThat(task.get("result").get("image_id").asText()).isEqualTo(id);
        assertThat(task.get("image_id").asText()).isEqualTo(id);
    }

    @Test
    void anImportWithoutStoresGoesToTheDefaultStoreAndNamedStoresGetTheirCopy()
            throws Exception
    {
        start(Map.of());
        String first = fixtures.image("p1", "queued", "private");
        stage(first, MEMBER, data(1000));
        assertThat(importImage(first, MEMBER, "{\"method\":{\"name\":\"glance-direct\"}}").status()).isEqualTo(202);
        await(() -> fixtures.status(first).equals("active"));
        assertThat(fixtures.stores(first)).isEqualTo("local");

        String second = fixtures.image("p1", "queued", "private");
        stage(second, MEMBER, data(1000));
        assertThat(importImage(second, MEMBER, "{\"method\":{\"name\":\"glance-direct\"},\"stores\":[\"fast\"]}").status()).isEqualTo(202);
        await(() -> fixtures.status(second).equals("active") && fixtures.property(second, "os_glance_import_task").isEmpty());
        assertThat(fixtures.stores(second)).isEqualTo("fast");
        // the image's own key holds nothing: reads go to the store that has the data
        assertThat(stored("p1", "store.fast." + second)).isEqualTo(data(1000));
    }

    @Test
    void stagingTwiceOrImportingWithoutStagingIsAConflict()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"}}").status()).isEqualTo(409);
        assertThat(stage(id, MEMBER, data(10)).status()).isEqualTo(204);
        assertThat(stage(id, MEMBER, data(10)).status()).isEqualTo(409);
        String active = fixtures.image("p1", "active", "private");
        assertThat(stage(active, MEMBER, data(10)).status()).isEqualTo(409);
        assertThat(importImage(active, MEMBER, "{\"method\":{\"name\":\"glance-direct\"}}").status()).isEqualTo(409);
    }

    @Test
    void stagingOverTheStageQuotaIs413AndLeavesNothing()
            throws Exception
    {
        start(Map.of());
        fixtures.setQuota("p1", "image_stage_total", 1000);
        String id = fixtures.image("p1", "queued", "private");

        ImageHost.Response response = stage(id, MEMBER, data(5000));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").asText()).isEqualTo("413 Request Entity Too Large");
        assertThat(fixtures.status(id)).isEqualTo("queued");
        assertThat(fixtures.stagedRows()).isZero();
        assertThat(fixtures.quotaInUse("p1", "image_stage_total")).isZero();
        assertThat(host.bytes().count("p1")).isZero();
        // within the quota it works
        assertThat(stage(id, MEMBER, data(900)).status()).isEqualTo(204);
        String next = fixtures.image("p1", "queued", "private");
        assertThat(stage(next, MEMBER, data(200)).status()).isEqualTo(413);
    }

    @Test
    void anotherProjectsImageIsNotFoundAndAReaderMayNotStage()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        assertThat(stage(id, OTHER, data(10)).status()).isEqualTo(404);
        assertThat(importImage(id, OTHER, "{\"method\":{\"name\":\"glance-direct\"}}").status()).isEqualTo(404);
        assertThat(host.get("/image/v2/images/" + id + "/tasks", OTHER).status()).isEqualTo(404);
        assertThat(stage(id, "p1:reader", data(10)).status()).isEqualTo(403);
        String shared = fixtures.image("p1", "queued", "public");
        assertThat(stage(shared, OTHER, data(10)).status()).isEqualTo(403);
        assertThat(fixtures.status(shared)).isEqualTo("queued");
    }

    @Test
    void malformedImportRequestsAre400()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        stage(id, MEMBER, data(10));
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"teleport\"}}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":{}}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":\"glance-direct\"}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":7}}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "[1,2]").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"},\"all_stores\":\"yes\"}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"},\"all_stores_must_succeed\":1}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"},\"stores\":\"local\"}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"},\"stores\":[\"local\"],\"all_stores\":true}").status())
                .isEqualTo(400);
        // an unknown store is Glance's 409
        ImageHost.Response unknown = importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"},\"stores\":[\"nowhere\"]}");
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.json().get("title").asText()).isEqualTo("Conflict");
        // nothing started
        assertThat(fixtures.status(id)).isEqualTo("uploading");
        assertThat(host.get("/image/v2/images/" + id + "/tasks", MEMBER).json().get("tasks")).isEmpty();
        assertThat(fixtures.property(id, "os_glance_import_task")).isEmpty();
    }

    // ---- web-download

    @Test
    void webDownloadFetchesAnAllowedLocalUrlFollowingARedirect()
            throws Exception
    {
        byte[] bytes = data(200_000);
        String base = webServer(bytes);
        start(Map.of("image.web_download_allowed_hosts", "127.0.0.1"));
        String id = fixtures.image("p1", "queued", "private");

        ImageHost.Response accepted = importImage(id, MEMBER, "{\"method\":{\"name\":\"web-download\",\"uri\":\"" + base + "/moved\"},"
                + "\"all_stores\":true}");

        assertThat(accepted.status()).isEqualTo(202);
        await(() -> fixtures.status(id).equals("active") && fixtures.property(id, "os_glance_import_task").isEmpty());
        assertThat(fixtures.image(id).get("checksum")).isEqualTo(md5(bytes));
        assertThat(fixtures.stores(id)).isEqualTo("fast,local");
        assertThat(stored("p1", id)).isEqualTo(bytes);
        // the download's staging copy is gone
        assertThat(host.bytes().count("p1")).isEqualTo(2);
    }

    @Test
    void webDownloadRefusesUrlsTheAllowListDoesNotAllow()
            throws Exception
    {
        String base = webServer(data(10));
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        for (String uri : new String[] {base + "/image.raw", "http://localhost/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "file:///etc/passwd", "ftp://example.com/x", "http://example.com:8080/x", "not a uri", "http://user@example.com/"}) {
            ImageHost.Response response = importImage(id, MEMBER, "{\"method\":{\"name\":\"web-download\",\"uri\":\"" + uri + "\"}}");
            assertThat(response.status()).as(uri).isEqualTo(400);
            assertThat(response.body()).contains("does not pass filtering");
        }
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"web-download\"}}").status()).isEqualTo(400);
        assertThat(fixtures.status(id)).isEqualTo("queued");
    }

    @Test
    void anAllowListNamesHostsAndPorts()
            throws Exception
    {
        String base = webServer(data(10));
        start(Map.of("image.web_download_allowed_hosts", "127.0.0.1:1, example.org"));
        String id = fixtures.image("p1", "queued", "private");
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"web-download\",\"uri\":\"" + base + "/image.raw\"}}").status()).isEqualTo(400);
        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"web-download\",\"uri\":\"http://example.com/x\"}}").status()).isEqualTo(400);
    }

    @Test
    void aFailedDownloadFailsTheTaskAndSetsTheImageBackToQueued()
            throws Exception
    {
        String base = webServer(data(10));
        start(Map.of("image.web_download_allowed_hosts", "127.0.0.1"));
        String id = fixtures.image("p1", "queued", "private");

        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"web-download\",\"uri\":\"" + base + "/missing\"}}").status()).isEqualTo(202);

        await(() -> {
            try {
                JsonNode tasks = host.get("/image/v2/images/" + id + "/tasks", MEMBER).json().get("tasks");
                return tasks.size() == 1 && tasks.get(0).get("status").asText().equals("failure");
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(fixtures.status(id)).isEqualTo("queued");
        assertThat(fixtures.property(id, "os_glance_import_task")).isEmpty();
        assertThat(host.bytes().count("p1")).isZero();
        JsonNode task = host.get("/image/v2/images/" + id + "/tasks", MEMBER).json().get("tasks").get(0);
        assertThat(task.get("message").asText()).contains("404");
        // the store it was for is reported failed, which is what clients wait on
        assertThat(host.get("/image/v2/images/" + id, MEMBER).json().path("os_glance_failed_import").asText()).isEqualTo("local");
    }

    @Test
    void aHostThatDoesNotResolveIsAcceptedAndTheImportReportsItsStoreFailed()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");

        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"web-download\",\"uri\":\"http://image.invalid/no/possible/way\"},"
                + "\"stores\":[\"fast\"]}").status()).isEqualTo(202);

        await(() -> {
            try {
                return host.get("/image/v2/images/" + id, MEMBER).json().path("os_glance_failed_import").asText().equals("fast");
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode image = host.get("/image/v2/images/" + id, MEMBER).json();
        assertThat(image.path("status").asText()).isEqualTo("queued");
        assertThat(image.path("os_glance_importing_to_stores").asText()).isEmpty();
        assertThat(host.bytes().count("p1")).isZero();
    }

    @Test
    void aDownloadLargerThanTheImportCapFailsAndLeavesNothing()
            throws Exception
    {
        String base = webServer(data(100_000));
        start(Map.of("image.web_download_allowed_hosts", "127.0.0.1", "image.import_max_bytes", "50000"));
        String id = fixtures.image("p1", "queued", "private");

        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"web-download\",\"uri\":\"" + base + "/image.raw\"}}").status())
                .isEqualTo(202);

        await(() -> fixtures.status(id).equals("queued") && fixtures.property(id, "os_glance_import_task").isEmpty());
        JsonNode task = host.get("/image/v2/images/" + id + "/tasks", MEMBER).json().get("tasks").get(0);
        assertThat(task.get("status").asText()).isEqualTo("failure");
        assertThat(task.get("message").asText()).contains("larger than 50000 bytes");
        assertThat(host.bytes().count("p1")).isZero();
        assertThat(fixtures.quotaInUse("p1", "image_count_uploading")).isZero();
    }

    // ---- copy-image and stores

    private String activeImage(String owner, byte[] bytes)
            throws Exception
    {
        String id = fixtures.image(owner, "active", "private");
        host.bytes().write(owner, id, new java.io.ByteArrayInputStream(bytes), Long.MAX_VALUE);
        fixtures.setData(id, bytes.length, md5(bytes));
        return id;
    }

    @Test
    void copyImageCopiesTheBytesIntoTheOtherStoreAndStoresCanBeEmptiedButNotTheLast()
            throws Exception
    {
        start(Map.of());
        byte[] bytes = data(123_456);
        String id = activeImage("p1", bytes);

        assertThat(importImage(id, MEMBER, "{\"method\":{\"name\":\"copy-image\"},\"all_stores\":true}").status()).isEqualTo(403);
        assertThat(importImage(id, ADMIN, "{\"method\":{\"name\":\"copy-image\"},\"all_stores\":true,\"all_stores_must_succeed\":false}").status())
                .isEqualTo(202);
        await(() -> fixtures.property(id, "os_glance_importing_to_stores").equals(java.util.Optional.of(""))
                && fixtures.property(id, "os_glance_import_task").isEmpty());

        assertThat(fixtures.property(id, "os_glance_failed_import")).contains("");
        assertThat(fixtures.stores(id)).isEqualTo("fast,local");
        assertThat(fixtures.status(id)).isEqualTo("active");
        assertThat(stored("p1", "store.fast." + id)).isEqualTo(bytes);
        // copying to every store again has nothing to do; naming a store it is in is 400
        assertThat(importImage(id, ADMIN, "{\"method\":{\"name\":\"copy-image\"},\"all_stores\":true}").status()).isEqualTo(202);
        assertThat(importImage(id, ADMIN, "{\"method\":{\"name\":\"copy-image\"},\"stores\":[\"fast\"]}").status()).isEqualTo(400);

        assertThat(host.delete("/image/v2/stores/nowhere/" + id, ADMIN).status()).isEqualTo(409);
        assertThat(host.delete("/image/v2/stores/local/" + id, MEMBER).status()).isEqualTo(403);
        ImageHost.Response adminDelete = host.delete("/image/v2/stores/local/" + id, ADMIN);
        assertThat(adminDelete.status()).as(adminDelete.body()).isEqualTo(204);
        assertThat(fixtures.stores(id)).isEqualTo("fast");
        assertThat(host.bytes().count("p1")).isEqualTo(1);
        assertThat(host.delete("/image/v2/stores/local/" + id, ADMIN).status()).isEqualTo(404);
        assertThat(host.delete("/image/v2/stores/fast/" + id, ADMIN).status()).isEqualTo(403);
        assertThat(stored("p1", "store.fast." + id)).isEqualTo(bytes);
    }

    @Test
    void copyImageNeedsAnActiveImage()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        assertThat(importImage(id, ADMIN, "{\"method\":{\"name\":\"copy-image\"},\"all_stores\":true}").status()).isEqualTo(409);
    }

    // ---- tasks API

    @Test
    void theTasksApiIsAnAdminsAndListsImportTasks()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        stage(id, MEMBER, data(100));
        importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"}}");
        await(() -> fixtures.status(id).equals("active"));

        assertThat(host.get("/image/v2/tasks", MEMBER).status()).isEqualTo(403);
        JsonNode list = host.get("/image/v2/tasks", ADMIN).json();
        assertThat(list.get("tasks")).hasSize(1);
        assertThat(list.get("first").asText()).isEqualTo("/v2/tasks");
        JsonNode stub = list.get("tasks").get(0);
        assertThat(stub.get("type").asText()).isEqualTo("api_image_import");
        assertThat(stub.has("input")).isFalse();
        String taskId = stub.get("id").asText();
        JsonNode task = host.get("/image/v2/tasks/" + taskId, ADMIN).json();
        assertThat(task.get("input").get("image_id").asText()).isEqualTo(id);
        assertThat(task.get("expires_at").asText()).endsWith("Z");
        assertThat(host.get("/image/v2/tasks/" + java.util.UUID.randomUUID(), ADMIN).status()).isEqualTo(404);
        assertThat(host.get("/image/v2/tasks?limit=x", ADMIN).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/tasks?status=bogus", ADMIN).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/tasks?marker=nope", ADMIN).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/tasks?status=success", ADMIN).json().get("tasks")).hasSize(1);
        assertThat(host.delete("/image/v2/tasks/" + taskId, ADMIN).status()).isEqualTo(405);
        assertThat(host.get("/image/v2/schemas/task", MEMBER).json().get("name").asText()).isEqualTo("task");
        assertThat(host.get("/image/v2/schemas/tasks", MEMBER).json().get("properties").has("tasks")).isTrue();
    }

    @Test
    void theStoreHeaderNamesTheOneStore()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        stage(id, MEMBER, data(500));
        String body = "{\"method\":{\"name\":\"glance-direct\"}}";
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        assertThat(host.send("POST", "/image/v2/images/" + id + "/import", MEMBER, "application/json",
                "{\"method\":{\"name\":\"glance-direct\"},\"stores\":[\"fast\"]}".getBytes(StandardCharsets.UTF_8), "x-image-meta-store", "fast")
                .status()).isEqualTo(400);
        assertThat(host.send("POST", "/image/v2/images/" + id + "/import", MEMBER, "application/json", json, "x-image-meta-store", "moon").status())
                .isEqualTo(409);
        assertThat(host.send("POST", "/image/v2/images/" + id + "/import", MEMBER, "application/json", json, "x-image-meta-store", "fast").status())
                .isEqualTo(202);
        await(() -> fixtures.status(id).equals("active"));
        assertThat(fixtures.stores(id)).isEqualTo("fast");
    }

    // ---- cache

    @Test
    void theCacheQueuesFetchesListsAndClears()
            throws Exception
    {
        start(Map.of());
        byte[] bytes = data(50_000);
        String id = activeImage("p1", bytes);
        String queued = fixtures.image("p1", "queued", "private");

        assertThat(host.get("/image/v2/cache", MEMBER).status()).isEqualTo(403);
        assertThat(host.put("/image/v2/cache/" + id, MEMBER, null, null).status()).isEqualTo(403);
        assertThat(host.put("/image/v2/cache/non-existing-image-id", ADMIN, null, null).status()).isEqualTo(404);
        assertThat(host.put("/image/v2/cache/" + queued, ADMIN, null, null).status()).isEqualTo(400);

        assertThat(host.put("/image/v2/cache/" + id, ADMIN, null, null).status()).isEqualTo(202);
        await(() -> {
            try {
                JsonNode cached = host.get("/image/v2/cache", ADMIN).json().get("cached_images");
                return cached.size() == 1 && cached.get(0).get("image_id").asText().equals(id);
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode state = host.get("/image/v2/cache", ADMIN).json();
        assertThat(state.get("queued_images")).isEmpty();
        assertThat(state.get("cached_images").get(0).get("size").asLong()).isEqualTo(bytes.length);
        assertThat(Files.readAllBytes(dataDir.resolve("image-cache").resolve(id))).isEqualTo(bytes);

        assertThat(host.send("DELETE", "/image/v2/cache", ADMIN, null, null, "x-image-cache-clear-target", "invalid").status()).isEqualTo(400);
        assertThat(host.delete("/image/v2/cache", ADMIN).status()).isEqualTo(204);
        state = host.get("/image/v2/cache", ADMIN).json();
        assertThat(state.get("cached_images")).isEmpty();
        assertThat(state.get("queued_images")).isEmpty();
        assertThat(host.delete("/image/v2/cache/" + java.util.UUID.randomUUID(), ADMIN).status()).isEqualTo(404);
        assertThat(host.delete("/image/v2/cache/" + id, ADMIN).status()).isEqualTo(204);
    }

    // ---- crashes

    @Test
    void anImportWhoseNodeDiedFinishesOnTheNextStart()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        byte[] bytes = data(4096);
        host.bytes().write("p1", "staging." + id, new java.io.ByteArrayInputStream(bytes), Long.MAX_VALUE);
        host.close();
        host = null;
        fixtures.stagedRow(id, "p1", bytes.length);
        fixtures.crashedImport(id, "p1", "glance-direct", "{\"method\":{\"name\":\"glance-direct\"},\"all_stores\":true}",
                "[\"local\",\"fast\"]", 1, 3);

        start(Map.of());

        await(() -> fixtures.status(id).equals("active") && fixtures.property(id, "os_glance_import_task").isEmpty());
        assertThat(fixtures.stores(id)).isEqualTo("fast,local");
        assertThat(fixtures.image(id).get("checksum")).isEqualTo(md5(bytes));
        assertThat(fixtures.stagedRows()).isZero();
    }

    @Test
    void anImportWhoseLastAttemptDiedEndsWithTheImageKilled()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        host.close();
        host = null;
        String taskId = fixtures.crashedImport(id, "p1", "web-download",
                "{\"method\":{\"name\":\"web-download\",\"uri\":\"http://example.com/x\"}}", "[\"local\"]", 3, 3);

        start(Map.of());

        await(() -> fixtures.status(id).equals("killed"));
        assertThat(fixtures.property(id, "os_glance_import_task")).isEmpty();
        await(() -> {
            try {
                return host.get("/image/v2/tasks/" + taskId, ADMIN).json().get("status").asText().equals("failure");
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void concurrentImportsOfOneImageStartOnce()
            throws Exception
    {
        start(Map.of());
        String id = fixtures.image("p1", "queued", "private");
        stage(id, MEMBER, data(100_000));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        Thread[] threads = new Thread[6];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.startVirtualThread(() -> {
                try {
                    int status = importImage(id, MEMBER, "{\"method\":{\"name\":\"glance-direct\"}}").status();
                    (status == 202 ? accepted : conflicts).incrementAndGet();
                    assertThat(status).isIn(202, 409);
                }
                catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(accepted.get()).isEqualTo(1);
        await(() -> fixtures.status(id).equals("active"));
        assertThat(host.get("/image/v2/images/" + id + "/tasks", MEMBER).json().get("tasks")).hasSize(1);
        assertThat(new String(data(3), StandardCharsets.ISO_8859_1)).hasSize(3);
    }
}
