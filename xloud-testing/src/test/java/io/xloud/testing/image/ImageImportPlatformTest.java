package io.xloud.testing.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.xloud.core.db.Database;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Interoperable import in the whole platform: Identity's tokens, bytes in the object engine, imports as durable
 * jobs, web-download from an HTTP server on this machine, and an import that a stop interrupted finishing after the
 * restart.
 */
class ImageImportPlatformTest
{
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Path dataDir;
    private TestServer server;
    private HttpServer web;
    private volatile CountDownLatch release = new CountDownLatch(0);
    private final CountDownLatch requested = new CountDownLatch(1);
    private byte[] webData;

    record User(String projectId, Http http) {}

    private TestServer start()
            throws IOException
    {
        if (dataDir == null) {
            dataDir = Files.createTempDirectory("xloud-import-");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("image.web_download_allowed_hosts", "127.0.0.1");
        settings.put("jobs.poll_millis", "100");
        settings.put("jobs.lease_seconds", "2");
        settings.put("shutdown_grace_seconds", "1");
        server = TestServer.start(dataDir, Optional.empty(), settings, false);
        return server;
    }

    @AfterEach
    void stop()
            throws IOException
    {
        release.countDown();
        if (web != null) {
            web.stop(0);
        }
        if (server != null) {
            server.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private User user(Http admin, String role)
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectId = expect(admin.post("/identity/v3/projects", """
                {"project": {"name": "import-%s", "domain_id": "default"}}""".formatted(suffix)), 201).json().path("project").path("id").asText();
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": "import-user-%s", "password": "Secret-%s", "domain_id": "default"}}""".formatted(suffix, suffix)), 201)
                .json().path("user").path("id").asText();
        String roleId = expect(admin.get("/identity/v3/roles?name=" + role), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null), 204);
        Http http = server.http();
        http.login("import-user-" + suffix, "Secret-" + suffix, "import-" + suffix);
        return new User(projectId, http);
    }

    private static Http.Response expect(Http.Response response, int status)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    private String baseUrl()
    {
        return server.baseUrl();
    }

    private int putBytes(Http http, String path, byte[] data)
            throws Exception
    {
        // 100-continue: a body the server refuses up front is not sent at all
        return CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .expectContinue(true)
                .header("X-Auth-Token", http.token().orElseThrow())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private byte[] download(Http http, String id)
            throws Exception
    {
        HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/image/v2/images/" + id + "/file"))
                .header("X-Auth-Token", http.token().orElseThrow()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String create(Http http)
    {
        return expect(http.post("/image/v2/images", "{\"name\": \"import\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}"), 201)
                .json().path("id").asText();
    }

    private static JsonNode awaitImage(Http http, String id, String status)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode image = expect(http.get("/image/v2/images/" + id), 200).json();
            if (image.path("status").asText().equals(status) && !image.has("os_glance_import_task")) {
                return image;
            }
            assertThat(System.nanoTime()).as("image %s never became %s: %s", id, status, image).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static byte[] random(int size)
    {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static String md5(byte[] data)
            throws Exception
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    /** A file server on 127.0.0.1: /image.raw at once, /slow stalls half-way until released. */
    private String webServer(byte[] data)
            throws IOException
    {
        webData = data;
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/image.raw", exchange -> {
            exchange.sendResponseHeaders(200, webData.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(webData);
            }
        });
        web.createContext("/slow", exchange -> {
            exchange.sendResponseHeaders(200, webData.length);
            try (OutputStream out = exchange.getResponseBody()) {
                CountDownLatch gate = release;
                out.write(webData, 0, webData.length / 2);
                out.flush();
                requested.countDown();
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    return;
                }
                out.write(webData, webData.length / 2, webData.length - webData.length / 2);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        web.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        web.start();
        return "http://127.0.0.1:" + web.getAddress().getPort();
    }

    @Test
    void stageThenGlanceDirectImportPutsTheDataInBothStores()
            throws Exception
    {
        start();
        User owner = user(server.admin(), "member");
        String id = create(owner.http());
        byte[] data = random(3 * 1024 * 1024 + 5);

        assertThat(putBytes(owner.http(), "/image/v2/images/" + id + "/stage", data)).isEqualTo(204);
        assertThat(owner.http().get("/image/v2/images/" + id).json().path("status").asText()).isEqualTo("uploading");
        Http.Response accepted = expect(owner.http().post("/image/v2/images/" + id + "/import",
                "{\"method\": {\"name\": \"glance-direct\"}, \"all_stores\": true}"), 202);

        JsonNode image = awaitImage(owner.http(), id, "active");
        assertThat(image.path("stores").asText()).isEqualTo("fast,local");
        assertThat(image.path("checksum").asText()).isEqualTo(md5(data));
        assertThat(image.path("os_hash_algo").asText()).isEqualTo("sha512");
        assertThat(download(owner.http(), id)).isEqualTo(data);
        JsonNode task = owner.http().get("/image/v2/images/" + id + "/tasks").json().path("tasks").get(0);
        assertThat(task.path("status").asText()).isEqualTo("success");
        assertThat(task.path("request_id").asText()).isEqualTo(accepted.header("x-openstack-request-id").orElseThrow());
        // the tasks API is an admin's
        assertThat(owner.http().get("/image/v2/tasks").status()).isEqualTo(403);
        assertThat(server.admin().get("/image/v2/tasks/" + task.path("id").asText()).json().path("image_id").asText()).isEqualTo(id);
        expect(owner.http().delete("/image/v2/images/" + id), 204);
    }

    @Test
    void webDownloadStreamsFromAnAllowedServerOnThisMachine()
            throws Exception
    {
        start();
        byte[] data = random(5 * 1024 * 1024);
        String base = webServer(data);
        User owner = user(server.admin(), "member");
        String id = create(owner.http());

        expect(owner.http().post("/image/v2/images/" + id + "/import",
                "{\"method\": {\"name\": \"web-download\", \"uri\": \"" + base + "/image.raw\"}, \"all_stores\": true}"), 202);

        JsonNode image = awaitImage(owner.http(), id, "active");
        assertThat(image.path("size").asLong()).isEqualTo(data.length);
        assertThat(image.path("checksum").asText()).isEqualTo(md5(data));
        assertThat(image.path("stores").asText()).isEqualTo("fast,local");
        assertThat(download(owner.http(), id)).isEqualTo(data);

        // a host the allow-list does not name is refused, and so is another scheme
        String other = create(owner.http());
        assertThat(owner.http().post("/image/v2/images/" + other + "/import",
                "{\"method\": {\"name\": \"web-download\", \"uri\": \"http://10.20.30.40/x.img\"}}").status()).isEqualTo(400);
        assertThat(owner.http().post("/image/v2/images/" + other + "/import",
                "{\"method\": {\"name\": \"web-download\", \"uri\": \"file:///etc/passwd\"}}").status()).isEqualTo(400);
        assertThat(owner.http().get("/image/v2/images/" + other).json().path("status").asText()).isEqualTo("queued");
    }

    @Test
    void hostileImportRequestsAreRefusedAndChangeNothing()
            throws Exception
    {
        start();
        Http admin = server.admin();
        User owner = user(admin, "member");
        User stranger = user(admin, "member");
        String id = create(owner.http());
        assertThat(putBytes(owner.http(), "/image/v2/images/" + id + "/stage", random(1000))).isEqualTo(204);

        assertThat(owner.http().post("/image/v2/images/" + id + "/import", "{\"method\": {\"name\": \"bogus-method\"}}").status()).isEqualTo(400);
        assertThat(owner.http().post("/image/v2/images/" + id + "/import", "{\"method\": {\"name\": \"glance-direct\"}, \"stores\": [\"moon\"]}")
                .status()).isEqualTo(409);
        assertThat(owner.http().post("/image/v2/images/" + id + "/import", "{\"method\": {\"name\": \"glance-direct\"}, \"all_stores\": \"x\"}")
                .status()).isEqualTo(400);
        assertThat(owner.http().post("/image/v2/images/" + id + "/import", "{\"method\": ").status()).isEqualTo(400);
        assertThat(stranger.http().post("/image/v2/images/" + id + "/import", "{\"method\": {\"name\": \"glance-direct\"}}").status())
                .isEqualTo(404);
        assertThat(putBytes(stranger.http(), "/image/v2/images/" + id + "/stage", random(10))).isEqualTo(404);
        assertThat(owner.http().post("/image/v2/images/" + id + "/import", "{\"method\": {\"name\": \"copy-image\"}, \"all_stores\": true}")
                .status()).isIn(403, 409);
        assertThat(owner.http().get("/image/v2/images/" + id).json().path("status").asText()).isEqualTo("uploading");
        assertThat(owner.http().get("/image/v2/images/" + id + "/tasks").json().path("tasks")).isEmpty();
        assertThat(owner.http().get("/image/v2/cache").status()).isEqualTo(403);
    }

    @Test
    void stagingMoreThanTheStageQuotaIs413()
            throws Exception
    {
        assumeFalse(TestServer.onPostgres(), "the quota is written into the embedded database");
        start();
        User owner = user(server.admin(), "member");
        try (Database database = Database.open(Database.embeddedUrl(dataDir), "", "", 1)) {
            database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO quota_limits (project_id, resource, hard_limit) VALUES (:p, "
                    + "'image.image_stage_total', 4096)").bind("p", owner.projectId()).execute());
        }
        String id = create(owner.http());

        assertThat(putBytes(owner.http(), "/image/v2/images/" + id + "/stage", random(1024 * 1024))).isEqualTo(413);
        assertThat(owner.http().get("/image/v2/images/" + id).json().path("status").asText()).isEqualTo("queued");
        assertThat(putBytes(owner.http(), "/image/v2/images/" + id + "/stage", random(4000))).isEqualTo(204);
    }

    @Test
    void anImportStoppedMidDownloadFinishesAfterTheRestart()
            throws Exception
    {
        assumeFalse(TestServer.onPostgres(), "the restart reuses the embedded database of the data directory");
        release = new CountDownLatch(1);
        byte[] data = random(2 * 1024 * 1024);
        String base = webServer(data);
        start();
        User owner = user(server.admin(), "member");
        String id = create(owner.http());
        expect(owner.http().post("/image/v2/images/" + id + "/import",
                "{\"method\": {\"name\": \"web-download\", \"uri\": \"" + base + "/slow\"}, \"all_stores\": true}"), 202);
        assertThat(requested.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(owner.http().get("/image/v2/images/" + id).json().path("status").asText()).isEqualTo("importing");

        // the node stops in the middle of the download; the job goes back to the queue
        server.close();
        server = null;
        release.countDown();
        Thread.sleep(500);
        start();
        Http http = server.http().withToken(owner.http().token().orElseThrow());

        JsonNode image = awaitImage(http, id, "active");
        assertThat(image.path("checksum").asText()).isEqualTo(md5(data));
        assertThat(image.path("stores").asText()).isEqualTo("fast,local");
        assertThat(download(http, id)).isEqualTo(data);
        JsonNode tasks = http.get("/image/v2/images/" + id + "/tasks").json().path("tasks");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).path("status").asText()).isEqualTo("success");
    }
}
