package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenApiTest
{
    private static TestServer server;
    private static Http admin;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @Test
    void passwordAuthReturnsScopedTokenWithCatalog()
    {
        Http.Response response = server.http().login("admin", TestServer.ADMIN_PASSWORD, "admin");
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("X-Subject-Token")).isPresent();
        assertThat(response.header("x-openstack-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req-"));
        JsonNode token = response.json().path("token");
        assertThat(token.path("methods").get(0).asText()).isEqualTo("password");
        assertThat(token.path("user").path("name").asText()).isEqualTo("admin");
        assertThat(token.path("project").path("name").asText()).isEqualTo("admin");
        assertThat(token.path("expires_at").asText()).endsWith("Z");
        assertThat(token.path("roles").findValuesAsText("name")).contains("admin", "member", "reader");
        assertThat(token.path("catalog").findValuesAsText("type")).contains("identity");
    }

    @Test
    void validateCheckAndRevoke()
    {
        Http user = server.http();
        user.login("admin", TestServer.ADMIN_PASSWORD, "admin");
        String subject = user.token().orElseThrow();
        Map<String, String> headers = Map.of("X-Subject-Token", subject);

        Http.Response validated = admin.send("GET", "/identity/v3/auth/tokens", null, headers);
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.json().path("token").path("user").path("name").asText()).isEqualTo("admin");
        assertThat(admin.send("GET", "/identity/v3/auth/tokens?nocatalog", null, headers).json().path("token").has("catalog")).isFalse();
        assertThat(admin.send("HEAD", "/identity/v3/auth/tokens", null, headers).status()).isEqualTo(200);

        assertThat(admin.send("DELETE", "/identity/v3/auth/tokens", null, headers).status()).isEqualTo(204);
        assertThat(admin.send("GET", "/identity/v3/auth/tokens", null, headers).status()).isEqualTo(404);
        Http.Response revoked = user.get("/identity/v3/projects");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Keystone uri="));
        assertThat(revoked.error().path("code").asInt()).isEqualTo(401);
    }

    @Test
    void wrongPasswordIs401AndChangesNothing()
    {
        Http.Response response = server.http().post("/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"id": "default"},
                 "password": "wrong"}}}}}
                """);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error().path("title").asText()).isEqualTo("Unauthorized");
        assertThat(server.http().login("admin", TestServer.ADMIN_PASSWORD, "admin").status()).isEqualTo(201);
    }

    @Test
    void garbageTokensAre401()
    {
        for (String token : new String[] {"garbage", "gAAAAABnot-a-real-token", "x".repeat(5000), "\u00e9\u00e8"}) {
            Http.Response response = server.http().withToken(token).get("/identity/v3/users");
            assertThat(response.status()).as(token).isIn(400, 401);
        }
        assertThat(server.http().get("/identity/v3/users").status()).isEqualTo(401);
    }

    @Test
    void malformedBodiesAre400()
    {
        Http anonymous = server.http();
        assertThat(anonymous.post("/identity/v3/auth/tokens", "{not json").status()).isEqualTo(400);
        assertThat(anonymous.post("/identity/v3/auth/tokens", "[]").status()).isEqualTo(400);
        assertThat(anonymous.post("/identity/v3/auth/tokens", "{\"auth\": {}}").status()).isEqualTo(400);
        assertThat(anonymous.post("/identity/v3/auth/tokens", "{\"auth\": {\"identity\": {\"methods\": \"password\"}}}").status()).isEqualTo(400);
        Http.Response duplicate = anonymous.post("/identity/v3/auth/tokens", "{\"auth\": {}, \"auth\": {}}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.error().path("code").asInt()).isEqualTo(400);
    }

    @Test
    void oversizedBodyIs413()
    {
        String huge = "{\"auth\": {\"identity\": {\"methods\": [\"password\"]}, \"pad\": \"" + "a".repeat(200_000) + "\"}}";
        Http.Response response = server.http().post("/identity/v3/auth/tokens", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error().path("code").asInt()).isEqualTo(413);
    }

    @Test
    void versionDocuments()
    {
        assertThat(server.http().get("/identity").status()).isEqualTo(300);
        assertThat(server.http().get("/").json().path("versions").path("values").get(0).path("id").asText()).isEqualTo("v3.14");
        assertThat(server.http().get("/identity/v3").json().path("version").path("status").asText()).isEqualTo("stable");
        assertThat(server.http().get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsGetKeystoneErrors()
    {
        Http.Response missing = admin.get("/identity/v3/no-such-thing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error().path("title").asText()).isEqualTo("Not Found");
        Http.Response method = admin.send("PUT", "/identity/v3/auth/catalog", "{}", Map.of());
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.error().path("code").asInt()).isEqualTo(405);
    }
}
