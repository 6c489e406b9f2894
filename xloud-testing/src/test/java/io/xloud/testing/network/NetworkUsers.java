package io.xloud.testing.network;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;

import java.util.UUID;

/** Users with a role on a project of their own, made through Identity's API, for the networking tests. */
final class NetworkUsers
{
    record User(String projectId, Http http) {}

    private NetworkUsers() {}

    static User create(TestServer server, Http admin, String role)
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectName = "net-project-" + suffix;
        String projectId = expect(admin.post("/identity/v3/projects", """
                {"project": {"name": %s, "domain_id": "default"}}""".formatted(Json.string(projectName))), 201)
                .json().path("project").path("id").asText();
        String name = "net-user-" + suffix;
        String password = "Secret-" + suffix;
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": %s, "password": %s, "domain_id": "default"}}""".formatted(Json.string(name), Json.string(password))), 201)
                .json().path("user").path("id").asText();
        String roleId = expect(admin.get("/identity/v3/roles?name=" + role), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null), 204);
        Http http = server.http();
        http.login(name, password, projectName);
        return new User(projectId, http);
    }

    static Http.Response expect(Http.Response response, int status)
    {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.status() + ": " + response.body());
        }
        return response;
    }
}
