package io.xloud.image.importing;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.image.ImageHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Import through the whole image API: images created, shown, downloaded and deleted by the image resources. */
class ImportApiFlowTest
{
    private static final String MEMBER = "p1:member,reader";
    private static final String ADMIN = "admin:admin,member,reader";

    @TempDir
    Path dataDir;

    private ImageHost host;

    @BeforeEach
    void start()
            throws Exception
    {
        host = new ImageHost(dataDir, Map.of("jobs.poll_millis", "50"));
    }

    @AfterEach
    void stop()
            throws Exception
    {
        host.close();
    }

    private String create(String token)
            throws Exception
    {
        ImageHost.Response created = host.post("/image/v2/images", token,
                "{\"name\":\"imported\",\"disk_format\":\"raw\",\"container_format\":\"bare\",\"visibility\":\"private\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("OpenStack-image-import-methods")).contains("glance-direct,web-download,copy-image");
        assertThat(created.header("OpenStack-image-store-ids")).contains("local,fast");
        return created.json().get("id").asText();
    }

    private JsonNode awaitImage(String id, String token, String status)
            throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode image = host.get("/image/v2/images/" + id, token).json();
            if (image.get("status").asText().equals(status) && !image.has("os_glance_import_task")) {
                return image;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("image " + id + " is " + image);
            }
            Thread.sleep(25);
        }
    }

    @Test
    void stagedDataImportedToEveryStoreIsShownAndDownloadedAndGoesWithTheImage()
            throws Exception
    {
        String id = create(MEMBER);
        byte[] bytes = "an image staged for a glance-direct import".getBytes(StandardCharsets.UTF_8);

        assertThat(host.put("/image/v2/images/" + id + "/stage", MEMBER, "application/octet-stream", bytes).status()).isEqualTo(204);
        assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("status").asText()).isEqualTo("uploading");
        assertThat(host.post("/image/v2/images/" + id + "/import", MEMBER, "{\"method\":{\"name\":\"glance-direct\"},\"all_stores\":true}").status())
                .isEqualTo(202);

        JsonNode image = awaitImage(id, MEMBER, "active");
        assertThat(image.get("stores").asText()).isEqualTo("fast,local");
        assertThat(image.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(image.get("os_glance_importing_to_stores").asText()).isEmpty();
        ImageHost.Response file = host.get("/image/v2/images/" + id + "/file", MEMBER);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.bytes()).isEqualTo(bytes);
        // the stores field is not the user's to change
        assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\":\"replace\",\"path\":\"/stores\",\"value\":\"x\"}]").status())
                .isEqualTo(403);

        assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(204);
        assertThat(host.bytes().count("p1")).isZero();
    }

    @Test
    void anUploadedImageIsInTheDefaultStoreAndCopyImageAddsTheOther()
            throws Exception
    {
        String id = create(MEMBER);
        byte[] bytes = new byte[70_000];
        java.util.Arrays.fill(bytes, (byte) 5);
        assertThat(host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", bytes).status()).isEqualTo(204);
        assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("stores").asText()).isEqualTo("local");

        assertThat(host.post("/image/v2/images/" + id + "/import", ADMIN,
                "{\"method\":{\"name\":\"copy-image\"},\"all_stores\":true,\"all_stores_must_succeed\":false}").status()).isEqualTo(202);
        JsonNode image = awaitImage(id, MEMBER, "active");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!image.path("os_glance_importing_to_stores").asText("x").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(25);
            image = host.get("/image/v2/images/" + id, MEMBER).json();
        }
        assertThat(image.get("stores").asText()).isEqualTo("fast,local");
        assertThat(image.get("os_glance_failed_import").asText()).isEmpty();

        // with the default store's copy gone, the data still comes from the other store
        assertThat(host.delete("/image/v2/stores/local/" + id, ADMIN).status()).isEqualTo(204);
        assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("stores").asText()).isEqualTo("fast");
        assertThat(host.get("/image/v2/images/" + id + "/file", MEMBER).bytes()).isEqualTo(bytes);

        assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(204);
        assertThat(host.bytes().count("p1")).isZero();
    }

    @Test
    void aCachedImageIsServedFromTheCache()
            throws Exception
    {
        String id = create(MEMBER);
        byte[] bytes = "cached image bytes".getBytes(StandardCharsets.UTF_8);
        host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", bytes);
        assertThat(host.put("/image/v2/cache/" + id, ADMIN, null, null).status()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (host.get("/image/v2/cache", ADMIN).json().get("cached_images").isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(25);
        }
        // the store's copy is gone; a hit is served from the cache
        host.bytes().delete("p1", id);
        ImageHost.Response file = host.get("/image/v2/images/" + id + "/file", MEMBER);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.bytes()).isEqualTo(bytes);
        ImageHost.Response range = host.send("GET", "/image/v2/images/" + id + "/file", MEMBER, null, null, "Range", "bytes=7-11");
        assertThat(range.body()).isEqualTo("image");
        assertThat(host.get("/image/v2/cache", ADMIN).json().get("cached_images").get(0).get("hits").asLong()).isEqualTo(2);
        // deleting the image takes it out of the cache
        assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(204);
        assertThat(host.get("/image/v2/cache", ADMIN).json().get("cached_images")).isEmpty();
    }

    @Test
    void downloadingAWholeImageCachesIt()
            throws Exception
    {
        String id = create(MEMBER);
        byte[] bytes = new byte[200_000];
        new java.util.Random(9).nextBytes(bytes);
        host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", bytes);
        // a part of it is not cached
        host.send("GET", "/image/v2/images/" + id + "/file", MEMBER, null, null, "Range", "bytes=0-99");
        assertThat(host.get("/image/v2/cache", ADMIN).json().get("cached_images")).isEmpty();

        assertThat(host.get("/image/v2/images/" + id + "/file", MEMBER).bytes()).isEqualTo(bytes);

        JsonNode cached = host.get("/image/v2/cache", ADMIN).json().get("cached_images");
        assertThat(cached).hasSize(1);
        assertThat(cached.get(0).get("image_id").asText()).isEqualTo(id);
        assertThat(cached.get(0).get("size").asLong()).isEqualTo(bytes.length);
        host.bytes().delete("p1", id);
        assertThat(host.get("/image/v2/images/" + id + "/file", MEMBER).bytes()).isEqualTo(bytes);
    }

    private boolean importEnded()
    {
        java.util.List<io.xloud.core.jobs.Job> imports = host.jobs().log(io.xloud.image.service.ImportService.JOB_KIND, 10);
        return !imports.isEmpty() && imports.stream().allMatch(job -> job.state() == io.xloud.core.jobs.JobState.SUCCEEDED
                || job.state() == io.xloud.core.jobs.JobState.DEAD);
    }

    @Test
    void anImageDeletedDuringItsImportLeavesNoBytes()
            throws Exception
    {
        byte[] bytes = new byte[300_000];
        java.util.concurrent.CountDownLatch requested = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/slow", exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, 1000);
                out.flush();
                requested.countDown();
                release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                out.write(bytes, 1000, bytes.length - 1000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        web.start();
        host.close();
        host = new ImageHost(dataDir, Map.of("jobs.poll_millis", "50", "image.web_download_allowed_hosts", "127.0.0.1"));
        try {
            String id = create(MEMBER);
            assertThat(host.post("/image/v2/images/" + id + "/import", MEMBER, "{\"method\":{\"name\":\"web-download\",\"uri\":\"http://127.0.0.1:"
                    + web.getAddress().getPort() + "/slow\"},\"all_stores\":true}").status()).isEqualTo(202);
            assertThat(requested.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(204);
            release.countDown();

            // the import ends after the delete; until then its bytes may come and go
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!importEnded() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(importEnded()).as("the import job ended").isTrue();
            assertThat(host.bytes().count("p1")).isZero();
            assertThat(host.get("/image/v2/images/" + id, MEMBER).status()).isEqualTo(404);
        }
        finally {
            release.countDown();
            web.stop(0);
        }
    }
}
