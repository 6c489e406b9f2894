package io.xloud.testing.network;

import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;

import java.util.UUID;

/** Projects with a user holding one role, made through Identity's API, for the security group, address group and QoS tests. */
final class SecurityTestProjects
{
    static final String V2 = "/networking/v2.0";

    record Project(String id, Http http) {}

    private SecurityTestProjects() {}

    /** A new project and a user with {@code role} on it, logged in. */
    static Project create(TestServer server, Http admin, String role)
    {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String projectName = "sec-" + suffix;
        String projectId = expect(admin.post("/identity/v3/projects", """
                {"project": {"name": %s, "domain_id": "default"}}""".formatted(Json.string(projectName))), 201)
                .json().path("project").path("id").asText();
        String name = "user-" + suffix;
        String password = "Secret-" + suffix;
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": %s, "password": %s, "domain_id": "default"}}""".formatted(Json.string(name), Json.string(password))), 201)
                .json().path("user").path("id").asText();
        String roleId = expect(admin.get("/identity/v3/roles?name=" + role), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null), 204);
        Http http = server.http();
        http.login(name, password, projectName);
        return new Project(projectId, http);
    }

    static Http.Response expect(Http.Response response, int status)
    {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.status() + ": " + response.body());
        }
        return response;
    }
}
