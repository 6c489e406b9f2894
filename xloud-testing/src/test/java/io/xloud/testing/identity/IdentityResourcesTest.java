package io.xloud.testing.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Projects, users, groups, roles and grants through the HTTP API, including the cases clients get wrong. */
class IdentityResourcesTest
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

    static String unique(String prefix)
    {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String create(Http http, String collection, String kind, String body)
    {
        Http.Response response = http.post("/identity/v3/" + collection, "{\"" + kind + "\": " + body + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path(kind).path("id").asText();
    }

    static String roleId(Http http, String name)
    {
        for (JsonNode role : http.get("/identity/v3/roles?name=" + name).json().path("roles")) {
            return role.path("id").asText();
        }
        throw new AssertionError("no role " + name);
    }

    /** A new user with a role on a new project, logged in to it. */
    static Http userWithRole(String role)
    {
        String project = unique("p");
        String projectId = create(admin, "projects", "project", "{\"name\": \"" + project + "\"}");
        String name = unique("u");
        String userId = create(admin, "users", "user", "{\"name\": \"" + name + "\", \"password\": \"pw-" + name + "\"}");
        assertThat(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId(admin, role), null).status())
                .isEqualTo(204);
        Http http = server.http();
        http.login(name, "pw-" + name, project);
        return http;
    }

    @Test
    void projectLifecycleWithTags()
    {
        String name = unique("proj");
        Http.Response created = admin.post("/identity/v3/projects", "{\"project\": {\"name\": \"" + name + "\", \"tags\": [\"a\", \"b\"]}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode project = created.json().path("project");
        String id = project.path("id").asText();
        assertThat(project.path("domain_id").asText()).isEqualTo("default");
        assertThat(project.path("parent_id").asText()).isEqualTo("default");
        assertThat(project.path("links").path("self").asText()).endsWith("/identity/v3/projects/" + id);
        assertThat(admin.get("/identity/v3/projects/" + id).json().path("project")).isEqualTo(project);

        assertThat(admin.get("/identity/v3/projects?tags=a,b").json().path("projects").findValuesAsText("id")).contains(id);
        assertThat(admin.get("/identity/v3/projects?not-tags-any=a").json().path("projects").findValuesAsText("id")).doesNotContain(id);
        assertThat(admin.put("/identity/v3/projects/" + id + "/tags/c", null).status()).isEqualTo(201);
        assertThat(admin.get("/identity/v3/projects/" + id + "/tags/c").status()).isEqualTo(204);
        assertThat(admin.get("/identity/v3/projects/" + id + "/tags").json().path("tags").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(admin.put("/identity/v3/projects/" + id + "/tags/bad,tag", null).status()).isEqualTo(400);

        assertThat(admin.post("/identity/v3/projects", "{\"project\": {\"name\": \"" + name + "\"}}").status()).isEqualTo(409);
        Http.Response patched = admin.patch("/identity/v3/projects/" + id, "{\"project\": {\"description\": \"d\", \"enabled\": false}}");
        assertThat(patched.json().path("project").path("enabled").asBoolean()).isFalse();
        assertThat(admin.patch("/identity/v3/projects/" + id, "{\"project\": {\"enabled\": \"yes\"}}").status()).isEqualTo(400);
        assertThat(admin.patch("/identity/v3/projects/" + id, "{\"project\": {\"domain_id\": \"other\"}}").status()).isEqualTo(400);
        assertThat(admin.delete("/identity/v3/projects/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/identity/v3/projects/" + id).status()).isEqualTo(404);
    }

    @Test
    void projectHierarchy()
    {
        String parent = create(admin, "projects", "project", "{\"name\": \"" + unique("parent") + "\"}");
        String child = create(admin, "projects", "project", "{\"name\": \"" + unique("child") + "\", \"parent_id\": \"" + parent + "\"}");
        assertThat(admin.get("/identity/v3/projects/" + child).json().path("project").path("parent_id").asText()).isEqualTo(parent);
        assertThat(admin.get("/identity/v3/projects/" + parent + "?subtree_as_ids").json().path("project").path("subtree").has(child)).isTrue();
        assertThat(admin.get("/identity/v3/projects?parent_id=" + parent).json().path("projects").findValuesAsText("id")).containsExactly(child);
        assertThat(admin.delete("/identity/v3/projects/" + parent).status()).isEqualTo(403);
        assertThat(admin.post("/identity/v3/projects", "{\"project\": {\"name\": \"x\", \"parent_id\": \"nope\"}}").status()).isEqualTo(404);
    }

    @Test
    void badProjectBodiesAre400AndCreateNothing()
    {
        int before = admin.get("/identity/v3/projects").json().path("projects").size();
        for (String body : List.of("{}", "{\"project\": {}}", "{\"project\": {\"name\": \"\"}}", "{\"project\": {\"name\": 7}}",
                "{\"project\": {\"name\": \"" + "n".repeat(65) + "\"}}", "{\"project\": {\"name\": \"x\", \"enabled\": \"true\"}}",
                "{\"project\": {\"name\": \"x\", \"tags\": [\"a/b\"]}}", "{\"project\": \"x\"}", "null")) {
            Http.Response response = admin.post("/identity/v3/projects", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.error().path("code").asInt()).isEqualTo(400);
        }
        assertThat(admin.get("/identity/v3/projects").json().path("projects").size()).isEqualTo(before);
    }

    @Test
    void unicodeNamesRoundTrip()
    {
        String name = "\u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9-\u6f22\u5b57-" + UUID.randomUUID().toString().substring(0, 4);
        String id = create(admin, "projects", "project", "{\"name\": \"" + name + "\"}");
        assertThat(admin.get("/identity/v3/projects/" + id).json().path("project").path("name").asText()).isEqualTo(name);
    }

    @Test
    void concurrentCreatesOfOneNameMakeExactlyOne()
            throws Exception
    {
        String name = unique("race");
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> admin.post("/identity/v3/users", "{\"user\": {\"name\": \"" + name + "\"}}").status()));
            }
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(admin.get("/identity/v3/users?name=" + name).json().path("users").size()).isEqualTo(1);
    }

    @Test
    void userLifecycleKeepsExtraAttributesAndHidesPasswords()
    {
        String name = unique("user");
        Http.Response created = admin.post("/identity/v3/users", "{\"user\": {\"name\": \"" + name + "\", \"password\": \"s3cret\", "
                + "\"email\": \"a@example.com\", \"description\": \"d\"}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode user = created.json().path("user");
        assertThat(user.path("email").asText()).isEqualTo("a@example.com");
        assertThat(user.has("password")).isFalse();
        assertThat(created.body()).doesNotContain("s3cret");
        String id = user.path("id").asText();
        assertThat(admin.get("/identity/v3/users/" + id).json().path("user")).isEqualTo(user);
        assertThat(admin.get("/identity/v3/users?name=" + name).json().path("users").size()).isEqualTo(1);
        assertThat(admin.post("/identity/v3/users", "{\"user\": {\"name\": \"x\", \"options\": {\"bogus\": true}}}").status()).isEqualTo(400);
        assertThat(admin.delete("/identity/v3/users/" + id).status()).isEqualTo(204);
        assertThat(admin.delete("/identity/v3/users/" + id).status()).isEqualTo(404);
    }

    @Test
    void groupsAndMembership()
    {
        String group = create(admin, "groups", "group", "{\"name\": \"" + unique("g") + "\"}");
        String user = create(admin, "users", "user", "{\"name\": \"" + unique("u") + "\"}");
        assertThat(admin.head("/identity/v3/groups/" + group + "/users/" + user).status()).isEqualTo(404);
        assertThat(admin.put("/identity/v3/groups/" + group + "/users/" + user, null).status()).isEqualTo(204);
        assertThat(admin.head("/identity/v3/groups/" + group + "/users/" + user).status()).isEqualTo(204);
        assertThat(admin.get("/identity/v3/groups/" + group + "/users").json().path("users").findValuesAsText("id")).containsExactly(user);
        assertThat(admin.get("/identity/v3/users/" + user + "/groups").json().path("groups").findValuesAsText("id")).containsExactly(group);
        assertThat(admin.put("/identity/v3/groups/" + group + "/users/nobody", null).status()).isEqualTo(404);
        assertThat(admin.delete("/identity/v3/groups/" + group + "/users/" + user).status()).isEqualTo(204);
        assertThat(admin.delete("/identity/v3/groups/" + group).status()).isEqualTo(204);
    }

    @Test
    void groupGrantGivesTokenRolesAndEffectiveAssignments()
    {
        String project = unique("gp");
        String projectId = create(admin, "projects", "project", "{\"name\": \"" + project + "\"}");
        String group = create(admin, "groups", "group", "{\"name\": \"" + unique("g") + "\"}");
        String name = unique("gu");
        String user = create(admin, "users", "user", "{\"name\": \"" + name + "\", \"password\": \"pw\"}");
        admin.put("/identity/v3/groups/" + group + "/users/" + user, null);
        String member = roleId(admin, "member");
        assertThat(admin.put("/identity/v3/projects/" + projectId + "/groups/" + group + "/roles/" + member, null).status()).isEqualTo(204);

        Http http = server.http();
        JsonNode token = http.login(name, "pw", project).json().path("token");
        assertThat(token.path("roles").findValuesAsText("name")).containsExactlyInAnyOrder("member", "reader");

        JsonNode effective = admin.get("/identity/v3/role_assignments?effective&user.id=" + user + "&include_names=true").json();
        assertThat(effective.path("role_assignments").findValuesAsText("name")).contains("member", "reader");
        JsonNode direct = admin.get("/identity/v3/role_assignments?group.id=" + group).json().path("role_assignments");
        assertThat(direct.size()).isEqualTo(1);
        assertThat(direct.get(0).path("scope").path("project").path("id").asText()).isEqualTo(projectId);
    }

    @Test
    void impliedRolesRejectCycles()
    {
        String a = create(admin, "roles", "role", "{\"name\": \"" + unique("ra") + "\"}");
        String b = create(admin, "roles", "role", "{\"name\": \"" + unique("rb") + "\"}");
        assertThat(admin.put("/identity/v3/roles/" + a + "/implies/" + b, null).status()).isEqualTo(201);
        assertThat(admin.head("/identity/v3/roles/" + a + "/implies/" + b).status()).isEqualTo(204);
        assertThat(admin.put("/identity/v3/roles/" + b + "/implies/" + a, null).status()).isEqualTo(403);
        assertThat(admin.get("/identity/v3/role_inferences").json().path("role_inferences").findValuesAsText("id")).contains(a, b);
        assertThat(admin.delete("/identity/v3/roles/" + a + "/implies/" + b).status()).isEqualTo(204);
        assertThat(admin.delete("/identity/v3/roles/" + roleId(admin, "reader")).status()).isEqualTo(403);
    }

    @Test
    void readerCannotWriteAndMemberCannotSeeOthers()
    {
        Http reader = userWithRole("reader");
        Http.Response denied = reader.post("/identity/v3/projects", "{\"project\": {\"name\": \"" + unique("x") + "\"}}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.error().path("title").asText()).isEqualTo("Forbidden");
        assertThat(reader.get("/identity/v3/users").status()).isEqualTo(403);

        Http member = userWithRole("member");
        JsonNode visible = member.get("/identity/v3/auth/projects").json().path("projects");
        assertThat(visible.size()).isEqualTo(1);
        String adminProject = admin.get("/identity/v3/projects?name=admin").json().path("projects").get(0).path("id").asText();
        assertThat(member.get("/identity/v3/projects/" + adminProject).status()).isEqualTo(403);
    }

    @Test
    void disabledUsersAndProjectsCannotAuthenticateAndTheirTokensStop()
    {
        String project = unique("dp");
        String projectId = create(admin, "projects", "project", "{\"name\": \"" + project + "\"}");
        String name = unique("du");
        String userId = create(admin, "users", "user", "{\"name\": \"" + name + "\", \"password\": \"pw\"}");
        admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId(admin, "member"), null);
        Http user = server.http();
        user.login(name, "pw", project);
        assertThat(user.get("/identity/v3/auth/projects").status()).isEqualTo(200);

        admin.patch("/identity/v3/projects/" + projectId, "{\"project\": {\"enabled\": false}}");
        assertThat(user.get("/identity/v3/auth/projects").status()).isEqualTo(401);
        assertThat(server.http().post("/identity/v3/auth/tokens", passwordAuth(name, "pw", project)).status()).isEqualTo(401);
        admin.patch("/identity/v3/projects/" + projectId, "{\"project\": {\"enabled\": true}}");
        user.login(name, "pw", project);

        admin.patch("/identity/v3/users/" + userId, "{\"user\": {\"enabled\": false}}");
        assertThat(user.get("/identity/v3/auth/projects").status()).isEqualTo(401);
        assertThat(server.http().post("/identity/v3/auth/tokens", passwordAuth(name, "pw", project)).status()).isEqualTo(401);
    }

    @Test
    void roleRemovalTakesEffectAtOnce()
    {
        String project = unique("rp");
        String projectId = create(admin, "projects", "project", "{\"name\": \"" + project + "\"}");
        String name = unique("ru");
        String userId = create(admin, "users", "user", "{\"name\": \"" + name + "\", \"password\": \"pw\"}");
        String member = roleId(admin, "member");
        admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member, null);
        Http user = server.http();
        user.login(name, "pw", project);
        assertThat(user.get("/identity/v3/auth/projects").status()).isEqualTo(200);
        assertThat(admin.delete("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member).status()).isEqualTo(204);
        assertThat(user.get("/identity/v3/auth/projects").status()).isEqualTo(401);
    }

    static String passwordAuth(String user, String password, String project)
    {
        return """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s", "domain": {"id": "default"},
                 "password": "%s"}}}, "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
                """.formatted(user, password, project);
    }
}
