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

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v3/projects and /v3/groups filtered in the database with Keystone's filters, tags and scoping. */
class ProjectGroupListApiTest
{
    private static TestServer server;
    private static Http admin;
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        project("pl-" + SUFFIX + "-one", "[\"red\", \"blue\"]", true);
        project("pl-" + SUFFIX + "-two", "[\"red\"]", true);
        project("pl-" + SUFFIX + "-three", "[]", false);
        for (String name : List.of("gl-" + SUFFIX + "-Ops", "gl-" + SUFFIX + "-dev")) {
            assertThat(admin.post("/identity/v3/groups", "{\"group\": {\"name\": \"" + name + "\"}}").status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static void project(String name, String tags, boolean enabled)
    {
        Http.Response response = admin.post("/identity/v3/projects",
                "{\"project\": {\"name\": \"" + name + "\", \"tags\": " + tags + ", \"enabled\": " + enabled + "}}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private static List<String> names(Http http, String path)
    {
        Http.Response response = http.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JsonNode body = response.json();
        body.path(path.contains("/groups") ? "groups" : "projects").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static List<String> projects(String query)
    {
        return names(admin, "/identity/v3/projects?name__startswith=pl-" + SUFFIX + "&" + query);
    }

    @Test
    void projectsFilterByTagsInTheDatabase()
    {
        assertThat(projects("tags=red,blue")).containsExactly("pl-" + SUFFIX + "-one");
        assertThat(projects("tags-any=blue,green")).containsExactly("pl-" + SUFFIX + "-one");
        assertThat(projects("not-tags=red,blue")).containsExactly("pl-" + SUFFIX + "-three", "pl-" + SUFFIX + "-two");
        assertThat(projects("not-tags-any=red")).containsExactly("pl-" + SUFFIX + "-three");
    }

    @Test
    void projectsKeepTheirTagsInTheList()
    {
        JsonNode project = admin.get("/identity/v3/projects?name=pl-" + SUFFIX + "-one").json().path("projects").get(0);
        assertThat(project.path("tags").toString()).isEqualTo("[\"blue\",\"red\"]");
    }

    @Test
    void projectsFilterByEnabledAndNameOperators()
    {
        assertThat(projects("enabled=false")).containsExactly("pl-" + SUFFIX + "-three");
        assertThat(projects("name__iendswith=-TWO")).containsExactly("pl-" + SUFFIX + "-two");
        assertThat(projects("domain_id=default")).hasSize(3);
        assertThat(projects("parent_id=nothing")).isEmpty();
    }

    @Test
    void aProjectMemberListsOnlyItsOwnProject()
    {
        TestUsers.TestUser member = TestUsers.create(server, admin, "member");
        Http.Response response = member.http().get("/identity/v3/projects");
        if (response.status() == 200) {
            assertThat(response.json().path("projects").findValuesAsText("id")).containsOnly(member.projectId());
        }
        else {
            assertThat(response.status()).isEqualTo(403);
        }
    }

    @Test
    void groupsFilterByNameAndDomain()
    {
        assertThat(names(admin, "/identity/v3/groups?name__startswith=gl-" + SUFFIX))
                .containsExactly("gl-" + SUFFIX + "-Ops", "gl-" + SUFFIX + "-dev");
        assertThat(names(admin, "/identity/v3/groups?name__icontains=" + SUFFIX + "-OPS")).containsExactly("gl-" + SUFFIX + "-Ops");
        assertThat(names(admin, "/identity/v3/groups?domain_id=nowhere")).isEmpty();
        assertThat(names(admin, "/identity/v3/groups?name=" + "%27%20OR%201%3D1%20--")).isEmpty();
    }

    @Test
    void tooManyTagsAreAValidationError()
    {
        assertThat(admin.get("/identity/v3/projects?tags=" + String.join(",", java.util.stream.IntStream.range(0, 200).mapToObj(i -> "t" + i).toList())).status()).isEqualTo(400);
    }
}
