package io.xloud.testing.identity;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies, scopes, immutable attributes and filters Keystone refuses with 400. */
class StrictRequestTest
{
    private static final String V3 = "/identity/v3";

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

    // ---- Content-Type

    @Test
    void bodyThatIsNotJsonIsRefused()
    {
        String body = Json.string(Map.of("project", Map.of("name", unique("p"), "domain_id", "default")));
        Http.Response response = admin.send("POST", V3 + "/projects", body, Map.of("Content-Type", "text/plain"));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("message").asText()).contains("application/json").contains("Content-Type");
    }

    @Test
    void formEncodedLoginIsRefused()
    {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"id": "default"},
                  "password": "%s"}}}}}
                """.formatted(TestServer.ADMIN_PASSWORD);
        Http.Response response = server.http().send("POST", V3 + "/auth/tokens", body, Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("message").asText()).contains("Content-Type");
        assertThat(response.header("X-Subject-Token")).isEmpty();
    }

    @Test
    void jsonWithCharsetOrSuffixIsAccepted()
    {
        String body = Json.string(Map.of("project", Map.of("name", unique("p"), "domain_id", "default")));
        assertThat(admin.send("POST", V3 + "/projects", body, Map.of("Content-Type", "application/json; charset=UTF-8")).status()).isEqualTo(201);
        body = Json.string(Map.of("project", Map.of("name", unique("p"), "domain_id", "default")));
        assertThat(admin.send("POST", V3 + "/projects", body, Map.of("Content-Type", "application/vnd.openstack.identity-v3+json")).status())
                .isEqualTo(201);
    }

    @Test
    void bodyWithoutContentTypeIsReadAsJson()
    {
        String body = Json.string(Map.of("project", Map.of("name", unique("p"), "domain_id", "default")));
        assertThat(admin.send("POST", V3 + "/projects", body, Map.of("Content-Type", "")).status()).isEqualTo(201);
    }

    @Test
    void emptyBodyWithAnyContentTypeIsNotRefusedForIt()
    {
        Http.Response response = admin.send("GET", V3 + "/projects", null, Map.of("Content-Type", "text/plain"));
        assertThat(response.status()).isEqualTo(200);
    }

    // ---- scopes

    @Test
    void scopeNamingProjectAndDomainIsRefused()
    {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"id": "default"},
                  "password": "%s"}}}, "scope": {"project": {"name": "admin", "domain": {"id": "default"}}, "domain": {"id": "default"}}}}
                """.formatted(TestServer.ADMIN_PASSWORD);
        Http.Response response = server.http().post(V3 + "/auth/tokens", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
    }

    @Test
    void scopeIdOfTheWrongTypeIsRefused()
    {
        for (String scope : new String[] {"{\"project\": {\"id\": 5}}", "{\"domain\": {\"id\": true}}", "{\"project\": {\"name\": [\"admin\"],"
                + " \"domain\": {\"id\": \"default\"}}}", "{\"project\": {\"name\": \"admin\", \"domain\": {\"id\": 7}}}", "{\"project\": \"admin\"}",
                "{\"OS-TRUST:trust\": {\"id\": 1}}", "{\"system\": {\"all\": \"yes\"}}"}) {
            String body = """
                    {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"id": "default"},
                      "password": "%s"}}}, "scope": %s}}
                    """.formatted(TestServer.ADMIN_PASSWORD, scope);
            Http.Response response = server.http().post(V3 + "/auth/tokens", body);
            assertThat(response.status()).as(scope + ": " + response.body()).isEqualTo(400);
        }
    }

    // ---- immutable attributes

    @Test
    void projectImmutableAttributesAreRefused()
    {
        String id = create("/projects", "project", Map.of("name", unique("p"), "domain_id", "default"));
        String other = create("/domains", "domain", Map.of("name", unique("d")));
        String sibling = create("/projects", "project", Map.of("name", unique("p"), "domain_id", "default"));
        assertThat(patch("/projects/" + id, "{\"project\": {\"id\": \"other\"}}")).isEqualTo(400);
        assertThat(patch("/projects/" + id, "{\"project\": {\"domain_id\": \"" + other + "\"}}")).isEqualTo(400);
        assertThat(patch("/projects/" + id, "{\"project\": {\"is_domain\": true}}")).isEqualTo(400);
        assertThat(patch("/projects/" + id, "{\"project\": {\"parent_id\": \"" + sibling + "\"}}")).as("Keystone: ForbiddenNotSecurity").isEqualTo(403);
        // repeating the stored values is allowed
        assertThat(patch("/projects/" + id, "{\"project\": {\"id\": \"" + id + "\", \"domain_id\": \"default\", \"is_domain\": false,"
                + " \"parent_id\": \"default\"}}")).isEqualTo(200);
        assertThat(admin.get(V3 + "/projects/" + id).json().path("project").path("domain_id").asText()).isEqualTo("default");
    }

    @Test
    void userGroupRoleIdAndDomainAreImmutable()
    {
        String other = create("/domains", "domain", Map.of("name", unique("d")));
        String user = create("/users", "user", Map.of("name", unique("u"), "domain_id", "default"));
        String group = create("/groups", "group", Map.of("name", unique("g"), "domain_id", "default"));
        String role = create("/roles", "role", Map.of("name", unique("r")));
        for (String[] entity : new String[][] {{"/users/" + user, "user"}, {"/groups/" + group, "group"}, {"/roles/" + role, "role"}}) {
            assertThat(patch(entity[0], "{\"" + entity[1] + "\": {\"id\": \"other\"}}")).as(entity[0]).isEqualTo(400);
            assertThat(patch(entity[0], "{\"" + entity[1] + "\": {\"domain_id\": \"" + other + "\"}}")).as(entity[0]).isEqualTo(400);
        }
        assertThat(admin.get(V3 + "/users/" + user).status()).isEqualTo(200);
        assertThat(admin.get(V3 + "/users/other").status()).isEqualTo(404);
    }

    // ---- filters

    @Test
    void passwordExpiresAtFilterMustBeOperatorAndTimestamp()
    {
        for (String value : new String[] {"notatime", "lt:notatime", "bogus:2030-01-01T00:00:00Z", "lt:", ":2030-01-01T00:00:00Z"}) {
            Http.Response response = admin.get(V3 + "/users?password_expires_at=" + value);
            assertThat(response.status()).as(value + ": " + response.body()).isEqualTo(400);
        }
        assertThat(admin.get(V3 + "/users?password_expires_at=lt:2030-01-01T00:00:00Z").status()).isEqualTo(200);
        assertThat(admin.get(V3 + "/users?password_expires_at=2030-01-01T00:00:00Z").status()).isEqualTo(200);
    }

    @Test
    void roleAssignmentFiltersThatContradictEachOtherAreRefused()
    {
        for (String query : new String[] {"scope.project.id=a&scope.domain.id=b", "user.id=a&group.id=b", "effective&group.id=a"}) {
            Http.Response response = admin.get(V3 + "/role_assignments?" + query);
            assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
        }
    }

    private static int patch(String path, String body)
    {
        return admin.patch(V3 + path, body).status();
    }

    private static String unique(String prefix)
    {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String path, String key, Map<String, Object> entity)
    {
        Http.Response response = admin.post(V3 + path, Json.string(Map.of(key, entity)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path(key).path("id").asText();
    }
}
