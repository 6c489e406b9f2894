package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointFilterApiTest
{
    private static final String V3 = "/identity/v3";
    private static final String FILTER = V3 + "/OS-EP-FILTER";
    private static final String GROUPS = FILTER + "/endpoint_groups";
    private static final String PASSWORD = "Secret-123";

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
    void endpointGroupCrudAsTempestDoesIt()
    {
        String serviceId = createService();
        Http.Response created = admin.post(GROUPS, """
                {"endpoint_group": {"name": "group-a", "description": "first", "filters": {"service_id": "%s"}}}
                """.formatted(serviceId));
        assertThat(created.status()).isEqualTo(201);
        JsonNode group = created.json().path("endpoint_group");
        String id = group.path("id").asText();
        assertThat(group.path("name").asText()).isEqualTo("group-a");
        assertThat(group.path("description").asText()).isEqualTo("first");
        assertThat(group.path("filters").path("service_id").asText()).isEqualTo(serviceId);
        assertThat(group.path("links").path("self").asText()).endsWith("/v3/OS-EP-FILTER/endpoint_groups/" + id);

        assertThat(admin.get(GROUPS).json().path("endpoint_groups")).contains(group);
        assertThat(admin.get(GROUPS + "?name=group-a").json().path("endpoint_groups")).containsExactly(group);
        assertThat(admin.get(GROUPS + "/" + id).json().path("endpoint_group")).isEqualTo(group);
        Http.Response head = admin.head(GROUPS + "/" + id);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        Http.Response updated = admin.patch(GROUPS + "/" + id, """
                {"endpoint_group": {"name": "group-b", "description": "second", "filters": {"interface": "public"}}}
                """);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("endpoint_group").path("name").asText()).isEqualTo("group-b");
        assertThat(updated.json().path("endpoint_group").path("filters")).isEqualTo(Json.parse("{\"interface\": \"public\"}"));
        assertThat(admin.get(GROUPS + "/" + id).json().path("endpoint_group")).isEqualTo(updated.json().path("endpoint_group"));

        assertThat(admin.delete(GROUPS + "/" + id).status()).isEqualTo(204);
        assertThat(admin.get(GROUPS + "/" + id).status()).isEqualTo(404);
        assertThat(admin.head(GROUPS + "/" + id).status()).isEqualTo(404);
        assertThat(admin.get(GROUPS).json().path("endpoint_groups").findValuesAsText("id")).doesNotContain(id);
    }

    @Test
    void aGroupWithoutDescriptionShowsNull()
    {
        Http.Response created = admin.post(GROUPS, "{\"endpoint_group\": {\"name\": \"plain\", \"filters\": {\"interface\": \"admin\"}}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("endpoint_group").has("description")).isTrue();
        assertThat(created.json().path("endpoint_group").path("description").isNull()).isTrue();
    }

    @Test
    void malformedGroupsAre400()
    {
        assertThat(admin.post(GROUPS, "{oops").status()).isEqualTo(400);
        assertThat(admin.post(GROUPS, "{\"endpoint_group\": {\"filters\": {\"interface\": \"public\"}}}").status()).isEqualTo(400);
        assertThat(admin.post(GROUPS, "{\"endpoint_group\": {\"name\": \"x\"}}").status()).isEqualTo(400);
        assertThat(admin.post(GROUPS, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": {}}}").status()).isEqualTo(400);
        assertThat(admin.post(GROUPS, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": \"service_id\"}}").status()).isEqualTo(400);
        Http.Response badKey = admin.post(GROUPS, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": {\"url\": \"http://x\"}}}");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.error().path("title").asText()).isEqualTo("Bad Request");
        assertThat(admin.post(GROUPS, "{\"endpoint_group\": {\"name\": \"   \", \"filters\": {\"interface\": \"public\"}}}").status()).isEqualTo(400);

        String id = admin.post(GROUPS, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": {\"interface\": \"public\"}}}")
                .json().path("endpoint_group").path("id").asText();
        assertThat(admin.patch(GROUPS + "/" + id, "{\"endpoint_group\": {}}").status()).isEqualTo(400);
        assertThat(admin.patch(GROUPS + "/" + id, "{\"endpoint_group\": {\"filters\": {\"enabled\": \"true\"}}}").status()).isEqualTo(400);
        assertThat(admin.patch(GROUPS + "/" + id, "{\"endpoint_group\": {\"id\": \"other\"}}").status()).isEqualTo(400);
        assertThat(admin.patch(GROUPS + "/no-such-group", "{\"endpoint_group\": {\"name\": \"y\"}}").status()).isEqualTo(404);
        assertThat(admin.delete(GROUPS + "/no-such-group").status()).isEqualTo(404);
    }

    @Test
    void nonAdminsMayNotManageGroups()
    {
        Http member = member();
        assertThat(member.post(GROUPS, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": {\"interface\": \"public\"}}}").status()).isEqualTo(403);
        assertThat(member.get(GROUPS).status()).isEqualTo(403);
        assertThat(member.get(FILTER + "/projects/" + projectId("admin") + "/endpoints").status()).isEqualTo(403);
    }

    @Test
    void projectEndpointAssociations()
    {
        String serviceId = createService();
        String first = createEndpoint(serviceId, "public");
        String second = createEndpoint(serviceId, "internal");
        String projectName = unique("filtered");
        String project = create("/projects", "project", Map.of("name", projectName, "domain_id", "default"));
        String path = FILTER + "/projects/" + project + "/endpoints/" + first;

        Http.Response added = admin.put(path, null);
        assertThat(added.status()).isEqualTo(204);
        assertThat(added.body()).isEmpty();
        assertThat(admin.put(path, null).status()).isEqualTo(409);
        assertThat(admin.head(path).status()).isEqualTo(204);
        assertThat(admin.get(path).status()).isEqualTo(204);
        assertThat(admin.head(FILTER + "/projects/" + project + "/endpoints/" + second).status()).isEqualTo(404);
        assertThat(admin.get(FILTER + "/projects/" + project + "/endpoints").json().path("endpoints").findValuesAsText("id")).containsExactly(first);
        assertThat(admin.get(FILTER + "/endpoints/" + first + "/projects").json().path("projects").findValuesAsText("id")).containsExactly(project);

        // the project's catalog now holds only that endpoint
        String userName = unique("filtered-user");
        String user = create("/users", "user", Map.of("name", userName, "password", PASSWORD, "domain_id", "default"));
        assertThat(admin.put(V3 + "/projects/" + project + "/users/" + user + "/roles/" + roleId("member"), null).status()).isEqualTo(204);
        Http.Response login = server.http().login(userName, PASSWORD, projectName);
        assertThat(login.json().path("token").path("catalog").findValuesAsText("id")).contains(first).doesNotContain(second);

        assertThat(admin.put(FILTER + "/projects/" + project + "/endpoints/no-such-endpoint", null).status()).isEqualTo(404);
        assertThat(admin.put(FILTER + "/projects/no-such-project/endpoints/" + first, null).status()).isEqualTo(404);
        assertThat(admin.get(FILTER + "/projects/no-such-project/endpoints").status()).isEqualTo(404);
        assertThat(admin.get(FILTER + "/endpoints/no-such-endpoint/projects").status()).isEqualTo(404);

        assertThat(admin.delete(path).status()).isEqualTo(204);
        assertThat(admin.delete(path).status()).isEqualTo(404);
        assertThat(admin.head(path).status()).isEqualTo(404);
        assertThat(admin.get(FILTER + "/projects/" + project + "/endpoints").json().path("endpoints")).isEmpty();
    }

    @Test
    void endpointGroupProjectAssociations()
    {
        String serviceId = createService();
        String first = createEndpoint(serviceId, "public");
        String second = createEndpoint(serviceId, "admin");
        String groupId = admin.post(GROUPS, "{\"endpoint_group\": {\"name\": \"by-service\", \"filters\": {\"service_id\": \"%s\"}}}".formatted(serviceId))
                .json().path("endpoint_group").path("id").asText();
        String project = create("/projects", "project", Map.of("name", unique("grouped"), "domain_id", "default"));
        String path = GROUPS + "/" + groupId + "/projects/" + project;

        assertThat(admin.get(GROUPS + "/" + groupId + "/endpoints").json().path("endpoints").findValuesAsText("id"))
                .containsExactlyInAnyOrder(first, second);
        assertThat(admin.get(path).status()).isEqualTo(404);
        Http.Response added = admin.put(path, null);
        assertThat(added.status()).isEqualTo(204);
        assertThat(added.body()).isEmpty();
        assertThat(admin.put(path, null).status()).isEqualTo(409);

        Http.Response shown = admin.get(path);
        assertThat(shown.status()).isEqualTo(200);
        JsonNode association = shown.json().path("project_endpoint_group");
        assertThat(association.path("endpoint_group_id").asText()).isEqualTo(groupId);
        assertThat(association.path("project_id").asText()).isEqualTo(project);
        Http.Response head = admin.head(path);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        assertThat(admin.get(GROUPS + "/" + groupId + "/projects").json().path("projects").findValuesAsText("id")).containsExactly(project);
        assertThat(admin.get(FILTER + "/projects/" + project + "/endpoint_groups").json().path("endpoint_groups").findValuesAsText("id"))
                .containsExactly(groupId);
        assertThat(admin.get(FILTER + "/projects/" + project + "/endpoints").json().path("endpoints").findValuesAsText("id"))
                .containsExactlyInAnyOrder(first, second);

        assertThat(admin.put(GROUPS + "/no-such-group/projects/" + project, null).status()).isEqualTo(404);
        assertThat(admin.put(GROUPS + "/" + groupId + "/projects/no-such-project", null).status()).isEqualTo(404);
        assertThat(admin.get(GROUPS + "/no-such-group/endpoints").status()).isEqualTo(404);
        assertThat(admin.get(FILTER + "/projects/no-such-project/endpoint_groups").status()).isEqualTo(404);

        assertThat(admin.delete(path).status()).isEqualTo(204);
        assertThat(admin.delete(path).status()).isEqualTo(404);
        assertThat(admin.get(FILTER + "/projects/" + project + "/endpoint_groups").json().path("endpoint_groups")).isEmpty();

        assertThat(admin.put(path, null).status()).isEqualTo(204);
        assertThat(admin.delete(GROUPS + "/" + groupId).status()).isEqualTo(204);
        assertThat(admin.get(FILTER + "/projects/" + project + "/endpoint_groups").json().path("endpoint_groups"))
                .as("deleting a group ends its associations").isEmpty();
    }

    // ---- helpers

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

    private static String createService()
    {
        return create("/services", "service", Map.of("type", unique("type"), "name", unique("service")));
    }

    private static String createEndpoint(String serviceId, String interfaceName)
    {
        return create("/endpoints", "endpoint", Map.of("service_id", serviceId, "interface", interfaceName, "url", "http://example.com/x",
                "region_id", "RegionOne"));
    }

    private static String roleId(String name)
    {
        return admin.get(V3 + "/roles?name=" + name).json().path("roles").get(0).path("id").asText();
    }

    private static String projectId(String name)
    {
        return admin.get(V3 + "/projects?name=" + name).json().path("projects").get(0).path("id").asText();
    }

    private static Http member()
    {
        String name = unique("member");
        String project = unique("member-project");
        String projectId = create("/projects", "project", Map.of("name", project, "domain_id", "default"));
        String user = create("/users", "user", Map.of("name", name, "password", PASSWORD, "domain_id", "default"));
        admin.put(V3 + "/projects/" + projectId + "/users/" + user + "/roles/" + roleId("member"), null);
        Http http = server.http();
        http.login(name, PASSWORD, project);
        return http;
    }
}
