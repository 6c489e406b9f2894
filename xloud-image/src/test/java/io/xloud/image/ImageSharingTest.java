package io.xloud.image;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.xloud.image.ImageApiTest.MEMBER;
import static io.xloud.image.ImageApiTest.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/** Members of shared images: who may add, answer, see and remove them. */
class ImageSharingTest
{
    static final String THIRD = "p3:member,reader";

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

    private ImageHost.Response put(String path, String token, String json)
            throws Exception
    {
        return host.send("PUT", path, token, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void membersAreAddedAnsweredAndRemoved()
            throws Exception
    {
        String id = host.post("/image/v2/images", MEMBER, "{\"name\": \"s\"}").json().get("id").asText();
        String members = "/image/v2/images/" + id + "/members";

        ImageHost.Response added = host.post(members, MEMBER, "{\"member\": \"p2\"}");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().get("status").asText()).isEqualTo("pending");
        assertThat(added.json().get("member_id").asText()).isEqualTo("p2");
        assertThat(added.json().get("image_id").asText()).isEqualTo(id);
        assertThat(added.json().get("schema").asText()).isEqualTo("/v2/schemas/member");
        assertThat(host.post(members, MEMBER, "{\"member\": \"p2\"}").status()).isEqualTo(409);
        assertThat(host.post(members, MEMBER, "{\"member\": \"p3\"}").status()).isEqualTo(200);
        assertThat(host.post(members, MEMBER, "{}").status()).isEqualTo(400);
        assertThat(host.post(members, OTHER, "{\"member\": \"p4\"}").status()).isEqualTo(403);

        assertThat(host.get(members, MEMBER).json().get("members")).hasSize(2);
        assertThat(host.get(members, OTHER).json().get("members")).hasSize(1);
        assertThat(host.get(members + "/p3", OTHER).status()).isEqualTo(404);
        assertThat(host.get(members + "/p2", OTHER).json().get("status").asText()).isEqualTo("pending");

        assertThat(put(members + "/p2", MEMBER, "{\"status\": \"accepted\"}").status()).isEqualTo(403);
        assertThat(put(members + "/p2", THIRD, "{\"status\": \"accepted\"}").status()).isEqualTo(403);
        assertThat(put(members + "/p2", OTHER, "{\"status\": \"notavalidstatus\"}").status()).isEqualTo(400);
        assertThat(put(members + "/p2", OTHER, "{\"status\": \"rejected\"}").json().get("status").asText()).isEqualTo("rejected");
        assertThat(put(members + "/p2", OTHER, "{\"status\": \"accepted\"}").json().get("status").asText()).isEqualTo("accepted");

        assertThat(host.delete(members + "/p2", OTHER).status()).isEqualTo(403);
        assertThat(host.delete(members + "/p2", MEMBER).status()).isEqualTo(204);
        assertThat(host.delete(members + "/p2", MEMBER).status()).isEqualTo(404);
        assertThat(host.get("/image/v2/images/" + id, OTHER).status()).isEqualTo(404);
    }

    @Test
    void onlySharedImagesHaveMembers()
            throws Exception
    {
        String id = host.post("/image/v2/images", MEMBER, "{\"visibility\": \"private\"}").json().get("id").asText();

        assertThat(host.post("/image/v2/images/" + id + "/members", MEMBER, "{\"member\": \"p2\"}").status()).isEqualTo(403);
        assertThat(host.post("/image/v2/images/" + java.util.UUID.randomUUID() + "/members", MEMBER, "{\"member\": \"p2\"}").status())
                .isEqualTo(404);
    }

    @Test
    void aMemberSeesButCannotChangeTheImage()
            throws Exception
    {
        String id = host.post("/image/v2/images", MEMBER, "{\"name\": \"s\"}").json().get("id").asText();
        host.post("/image/v2/images/" + id + "/members", MEMBER, "{\"member\": \"p2\"}");

        assertThat(host.get("/image/v2/images/" + id, OTHER).status()).isEqualTo(200);
        assertThat(host.patch("/image/v2/images/" + id, OTHER, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"x\"}]").status())
                .isEqualTo(403);
        assertThat(host.delete("/image/v2/images/" + id, OTHER).status()).isEqualTo(403);
        assertThat(host.put("/image/v2/images/" + id + "/tags/t", OTHER, null, null).status()).isEqualTo(403);
    }
}
