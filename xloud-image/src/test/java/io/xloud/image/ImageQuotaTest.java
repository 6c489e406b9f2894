package io.xloud.image;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.xloud.image.ImageApiTest.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

/** The image quotas, enforced in the transaction of the change they count: over them is 413 and nothing changes. */
class ImageQuotaTest
{
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

    @Test
    void imageCountIsRaceFree()
            throws Exception
    {
        host.setQuota("p1", "image_count_total", 3);
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    statuses.add(host.post("/image/v2/images", MEMBER, "{}").status());
                }
                catch (Exception e) {
                    statuses.add(-1);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(3);
        assertThat(statuses).containsOnly(201, 413);
        assertThat(host.get("/image/v2/images", MEMBER).json().get("images")).hasSize(3);

        String id = host.get("/image/v2/images", MEMBER).json().get("images").get(0).get("id").asText();
        host.delete("/image/v2/images/" + id, MEMBER);
        assertThat(host.post("/image/v2/images", MEMBER, "{}").status()).isEqualTo(201);
    }

    @Test
    void imageSizeTotalRefusesUploadsBeyondIt()
            throws Exception
    {
        host.setQuota("p1", "image_size_total", 1000);
        String first = host.post("/image/v2/images", MEMBER, "{\"disk_format\": \"raw\", \"container_format\": \"bare\"}").json().get("id").asText();
        String second = host.post("/image/v2/images", MEMBER, "{\"disk_format\": \"raw\", \"container_format\": \"bare\"}").json().get("id").asText();

        assertThat(host.put("/image/v2/images/" + first + "/file", MEMBER, "application/octet-stream", new byte[700]).status()).isEqualTo(204);
        ImageHost.Response over = host.put("/image/v2/images/" + second + "/file", MEMBER, "application/octet-stream", new byte[400]);
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.json().get("code").asText()).isEqualTo("413 Request Entity Too Large");
        assertThat(host.get("/image/v2/images/" + second, MEMBER).json().get("status").asText()).isEqualTo("queued");
        assertThat(host.bytes().count("p1")).isEqualTo(1);
        assertThat(host.quotaInUse("p1", "image_size_total")).isEqualTo(700);
        assertThat(host.quotaInUse("p1", "image_count_uploading")).isZero();

        // without an announced length the bytes are counted as they stream, and refused as they pass the quota
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.images().upload(ImageRecoveryTest.caller(), second,
                        new java.io.ByteArrayInputStream(new byte[400])))
                .isInstanceOfSatisfying(io.xloud.core.error.ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(host.get("/image/v2/images/" + second, MEMBER).json().get("status").asText()).isEqualTo("queued");
        assertThat(host.bytes().count("p1")).isEqualTo(1);
        assertThat(host.put("/image/v2/images/" + second + "/file", MEMBER, "application/octet-stream", new byte[300]).status()).isEqualTo(204);
        assertThat(host.quotaInUse("p1", "image_size_total")).isEqualTo(1000);
        host.delete("/image/v2/images/" + first, MEMBER);
        assertThat(host.quotaInUse("p1", "image_size_total")).isEqualTo(300);
    }

    @Test
    void tooManyPropertiesOrTagsAre413()
            throws Exception
    {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 129; i++) {
            body.append(i == 0 ? "" : ", ").append("\"p").append(i).append("\": \"v\"");
        }
        body.append("}");
        assertThat(host.post("/image/v2/images", MEMBER, body.toString()).status()).isEqualTo(413);
        StringBuilder tags = new StringBuilder("{\"tags\": [");
        for (int i = 0; i < 129; i++) {
            tags.append(i == 0 ? "" : ", ").append("\"t").append(i).append("\"");
        }
        tags.append("]}");
        assertThat(host.post("/image/v2/images", MEMBER, tags.toString()).status()).isEqualTo(413);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"big\": \"" + "v".repeat(70_000) + "\"}").status()).isEqualTo(400);
        assertThat(host.post("/image/v2/images", MEMBER, "{\"" + "k".repeat(256) + "\": \"v\"}").status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images", MEMBER).json().get("images")).isEmpty();
        assertThat(host.quotaInUse("p1", "image_count_total")).isZero();
    }
}
