package io.xloud.testing.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image service in the whole platform: Identity's tokens and catalog, image bytes in the object engine
 * (where no Swift user sees them), sharing between two real projects.
 */
class ImagePlatformTest
{
    private static TestServer server;
    private static Http admin;
    private static User owner;
    private static User other;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    record User(String projectId, Http http) {}

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        owner = user("member");
        other = user("member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static User user(String role)
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectId = expect(admin.post("/identity/v3/projects", """
                {"project": {"name": "image-%s", "domain_id": "default"}}""".formatted(suffix)), 201).json().path("project").path("id").asText();
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": "image-user-%s", "password": "Secret-%s", "domain_id": "default"}}""".formatted(suffix, suffix)), 201)
                .json().path("user").path("id").asText();
        String roleId = expect(admin.get("/identity/v3/roles?name=" + role), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null), 204);
        Http http = server.http();
        http.login("image-user-" + suffix, "Secret-" + suffix, "image-" + suffix);
        return new User(projectId, http);
    }

    private static Http.Response expect(Http.Response response, int status)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    @Test
    void theCatalogNamesGlanceAndItsRootListsVersions()
    {
        JsonNode token = expect(owner.http().get("/identity/v3/auth/catalog"), 200).json();
        assertThat(token.toString()).contains("\"type\":\"image\"").contains("\"name\":\"glance\"").contains("/image\"");
        Http.Response versions = expect(server.http().get("/image"), 300);
        assertThat(versions.json().path("versions").get(0).path("id").asText()).isEqualTo("v2.16");
        assertThat(versions.json().path("versions").get(0).path("status").asText()).isEqualTo("CURRENT");
    }

    @Test
    void bytesLiveInTheObjectEngineOutOfSwiftUsersSight()
            throws Exception
    {
        String id = expect(owner.http().post("/image/v2/images", "{\"name\": \"blob\", \"disk_format\": \"qcow2\", \"container_format\": \"bare\"}"),
                201).json().path("id").asText();
        byte[] data = new byte[2 * 1024 * 1024 + 17];
        new Random(3).nextBytes(data);

        HttpResponse<Void> upload = CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/image/v2/images/" + id + "/file"))
                .header("X-Auth-Token", owner.http().token().orElseThrow())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(upload.statusCode()).isEqualTo(204);

        JsonNode image = expect(owner.http().get("/image/v2/images/" + id), 200).json();
        assertThat(image.path("status").asText()).isEqualTo("active");
        assertThat(image.path("size").asLong()).isEqualTo(data.length);
        assertThat(image.path("checksum").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));

        HttpResponse<byte[]> download = CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/image/v2/images/" + id + "/file"))
                .header("X-Auth-Token", owner.http().token().orElseThrow()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(data);

        Http.Response account = owner.http().get("/object-store/v1/AUTH_" + owner.projectId() + "?format=json");
        assertThat(account.status()).isIn(200, 204);
        assertThat(account.body()).doesNotContain(id);

        expect(owner.http().delete("/image/v2/images/" + id), 204);
        assertThat(owner.http().get("/image/v2/images/" + id + "/file").status()).isEqualTo(404);
    }

    @Test
    void sharingBetweenProjectsFollowsTheMembersAnswer()
    {
        String id = expect(owner.http().post("/image/v2/images", "{\"name\": \"shared-one\"}"), 201).json().path("id").asText();
        assertThat(other.http().get("/image/v2/images/" + id).status()).isEqualTo(404);

        JsonNode member = expect(owner.http().post("/image/v2/images/" + id + "/members", Json.object().put("member", other.projectId()).toString()),
                200).json();
        assertThat(member.path("status").asText()).isEqualTo("pending");
        assertThat(listedFor(other, "")).doesNotContain(id);
        assertThat(listedFor(other, "?member_status=pending")).contains(id);
        assertThat(other.http().get("/image/v2/images/" + id).status()).isEqualTo(200);

        assertThat(owner.http().put("/image/v2/images/" + id + "/members/" + other.projectId(), "{\"status\": \"accepted\"}").status())
                .isEqualTo(403);
        expect(other.http().put("/image/v2/images/" + id + "/members/" + other.projectId(), "{\"status\": \"accepted\"}"), 200);
        assertThat(listedFor(other, "")).contains(id);
        assertThat(other.http().delete("/image/v2/images/" + id).status()).isEqualTo(403);
        assertThat(other.http().patch("/image/v2/images/" + id, "[]").status()).isIn(403, 415);

        expect(owner.http().delete("/image/v2/images/" + id + "/members/" + other.projectId()), 204);
        assertThat(listedFor(other, "")).doesNotContain(id);
        assertThat(other.http().get("/image/v2/images/" + id).status()).isEqualTo(404);
    }

    private static String listedFor(User user, String query)
    {
        return expect(user.http().get("/image/v2/images" + query), 200).body();
    }

    @Test
    void errorsAreGlances()
    {
        Http.Response missing = owner.http().send("GET", "/image/v2/images/" + UUID.randomUUID(), null, Map.of("Accept", "application/json"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("code").asText()).isEqualTo("404 Not Found");
        assertThat(missing.header("x-openstack-request-id").orElseThrow()).startsWith("req-");
    }
}
