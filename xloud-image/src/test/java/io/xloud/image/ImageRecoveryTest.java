package io.xloud.image;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.image.service.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.xloud.image.ImageApiTest.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uploads that fail or are cut short by a crash end killed, with nothing left behind and their quota given back. */
class ImageRecoveryTest
{
    @TempDir
    Path dataDir;

    static AuthContext caller()
    {
        return new AuthContext("user-p1", "user", "default", "Default", Optional.of("p1"), Optional.of("p1"), Optional.of("default"),
                Optional.of("Default"), Optional.empty(), Optional.empty(), false,
                List.of(new AuthContext.Role("member", "member"), new AuthContext.Role("reader", "reader")), List.of("password"),
                Instant.now(), Instant.now().plusSeconds(3600), List.of("a"), Optional.empty(), Optional.empty(), "t");
    }

    @Test
    void anUploadInterruptedByACrashEndsKilledAfterRestart()
            throws Exception
    {
        String id;
        try (ImageHost host = new ImageHost(dataDir)) {
            id = host.post("/image/v2/images", MEMBER, "{\"disk_format\": \"raw\", \"container_format\": \"bare\"}").json().get("id").asText();
            // the state a crash mid-upload leaves: saving, partial bytes stored, one upload counted
            Image image = host.images().find(id).orElseThrow();
            host.images().store().work().inTransaction(() -> {
                host.images().store().update(image.toBuilder().status(Image.SAVING).build());
                host.images().reserve("p1", "image_count_uploading", 1);
                return null;
            });
            host.bytes().write("p1", id, new ByteArrayInputStream(new byte[100]), 1000);
            assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("status").asText()).isEqualTo("saving");
        }
        try (ImageHost host = new ImageHost(dataDir)) {
            assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("status").asText()).isEqualTo("killed");
            assertThat(host.bytes().count("p1")).isZero();
            assertThat(host.quotaInUse("p1", "image_count_uploading")).isZero();
            assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(204);
        }
    }

    @Test
    void aBodyThatFailsMidwayKillsTheImageAndStoresNothing()
            throws Exception
    {
        try (ImageHost host = new ImageHost(dataDir)) {
            String id = host.post("/image/v2/images", MEMBER, "{\"disk_format\": \"raw\", \"container_format\": \"bare\"}").json().get("id").asText();
            InputStream failing = new InputStream()
            {
                private int sent;

                @Override
                public int read()
                        throws IOException
                {
                    if (sent++ > 5000) {
                        throw new IOException("connection reset");
                    }
                    return 7;
                }
            };

            assertThatThrownBy(() -> host.images().upload(caller(), id, failing))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
            assertThat(host.get("/image/v2/images/" + id, MEMBER).json().get("status").asText()).isEqualTo("killed");
            assertThat(host.bytes().count("p1")).isZero();
            assertThat(host.quotaInUse("p1", "image_count_uploading")).isZero();
            assertThat(host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", new byte[3]).status()).isEqualTo(409);
        }
    }

    @Test
    void anImageDeletedDuringItsUploadLeavesNoBytes()
            throws Exception
    {
        try (ImageHost host = new ImageHost(dataDir)) {
            String id = host.post("/image/v2/images", MEMBER, "{\"disk_format\": \"raw\", \"container_format\": \"bare\"}").json().get("id").asText();
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch deleted = new java.util.concurrent.CountDownLatch(1);
            InputStream slow = new InputStream()
            {
                private int sent;

                @Override
                public int read()
                        throws IOException
                {
                    if (sent == 100) {
                        reading.countDown();
                        try {
                            deleted.await();
                        }
                        catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    return sent++ < 200 ? 1 : -1;
                }
            };
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread upload = Thread.ofVirtual().start(() -> {
                try {
                    host.images().upload(caller(), id, slow);
                }
                catch (Throwable e) {
                    failure.set(e);
                }
            });
            reading.await();
            assertThat(host.delete("/image/v2/images/" + id, MEMBER).status()).isEqualTo(204);
            deleted.countDown();
            upload.join();

            assertThat(failure.get()).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(410));
            assertThat(host.bytes().count("p1")).isZero();
            assertThat(host.quotaInUse("p1", "image_count_uploading")).isZero();
            assertThat(host.quotaInUse("p1", "image_count_total")).isZero();
        }
    }

    @Test
    void nulCharactersAreRefusedEverywhere()
            throws Exception
    {
        try (ImageHost host = new ImageHost(dataDir)) {
            assertThat(host.post("/image/v2/images", MEMBER, "{\"name\": \"a\\u0000b\"}").status()).isEqualTo(400);
            assertThat(host.post("/image/v2/images", MEMBER, "{\"x\": \"a\\u0000b\"}").status()).isEqualTo(400);
            assertThat(host.post("/image/v2/images", MEMBER, "{\"a\\u0000b\": \"x\"}").status()).isEqualTo(400);
            assertThat(host.post("/image/v2/images", MEMBER, "{\"tags\": [\"a\\u0000b\"]}").status()).isEqualTo(400);
            assertThat(host.get("/image/v2/images?name=a%00b", MEMBER).status()).isEqualTo(400);
            assertThat(host.get("/image/v2/images?a%00b=c", MEMBER).status()).isEqualTo(400);
            String id = host.post("/image/v2/images", MEMBER, "{}").json().get("id").asText();
            assertThat(host.post("/image/v2/images/" + id + "/members", MEMBER, "{\"member\": \"p\\u00002\"}").status()).isEqualTo(400);
            assertThat(host.patch("/image/v2/images/" + id, MEMBER, "[{\"op\": \"add\", \"path\": \"/k\", \"value\": \"v\\u0000\"}]").status())
                    .isEqualTo(400);
            assertThat(new String(host.get("/image/v2/images/" + id, MEMBER).bytes(), StandardCharsets.UTF_8)).doesNotContain("\\u0000");
        }
    }
}
