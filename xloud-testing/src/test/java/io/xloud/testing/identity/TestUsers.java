package io.xloud.testing.identity;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;

import java.util.UUID;

/** Users of the Default domain with a role on a project of their own, made through the API as an operator would. */
final class TestUsers
{
    record TestUser(String id, String name, String password, String projectId, String projectName, Http http) {}

    private TestUsers() {}

    /** A new user with {@code role} on a new project, holding a token scoped to it. */
    static TestUser create(TestServer server, Http admin, String role)
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectName = "project-" + suffix;
        String projectId = expect(admin.post("/identity/v3/projects", """
                {"project": {"name": %s, "domain_id": "default"}}""".formatted(Json.string(projectName))), 201)
                .json().path("project").path("id").asText();
        String name = "user-" + suffix;
        String password = "Secret-" + suffix;
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": %s, "password": %s, "domain_id": "default"}}""".formatted(Json.string(name), Json.string(password))), 201)
                .json().path("user").path("id").asText();
        grant(admin, projectId, userId, role);
        Http http = server.http();
        http.login(name, password, projectName);
        return new TestUser(userId, name, password, projectId, projectName, http);
    }

    static String roleId(Http admin, String role)
    {
        return expect(admin.get("/identity/v3/roles?name=" + role), 200).json().path("roles").get(0).path("id").asText();
    }

    static void grant(Http admin, String projectId, String userId, String role)
    {
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId(admin, role), null), 204);
    }

    static Http.Response expect(Http.Response response, int status)
    {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.status() + ": " + response.body());
        }
        return response;
    }
}
