package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.network.SecurityTestProjects.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.network.SecurityTestProjects.V2;
import static io.xloud.testing.network.SecurityTestProjects.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Security groups over HTTP as Neutron serves them: the default group, the group's lifecycle, and who sees what. */
class SecurityGroupApiTest
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

    private static Project member()
    {
        return SecurityTestProjects.create(server, admin, "member");
    }

    private static JsonNode defaultGroup(Http http)
    {
        JsonNode groups = expect(http.get(V2 + "/security-groups?name=default"), 200).json().path("security_groups");
        assertThat(groups).hasSize(1);
        return groups.get(0);
    }

    @Test
    void theFirstListMakesTheDefaultGroupWithNeutronsRules()
    {
        Project project = member();
        JsonNode group = defaultGroup(project.http());
        String id = group.path("id").asText();
        assertThat(group.path("project_id").asText()).isEqualTo(project.id());
        assertThat(group.path("tenant_id").asText()).isEqualTo(project.id());
        assertThat(group.path("description").asText()).isEqualTo("Default security group");
        assertThat(group.path("stateful").asBoolean()).isTrue();
        assertThat(group.path("revision_number").isIntegralNumber()).isTrue();
        assertThat(group.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        List<String> rules = new ArrayList<>();
        for (JsonNode rule : group.path("security_group_rules")) {
            assertThat(rule.path("protocol").isNull()).isTrue();
            assertThat(rule.path("remote_ip_prefix").isNull()).isTrue();
            assertThat(rule.path("security_group_id").asText()).isEqualTo(id);
            rules.add(rule.path("direction").asText() + " " + rule.path("ethertype").asText() + " "
                    + (rule.path("remote_group_id").isNull() ? "-" : rule.path("remote_group_id").asText()));
        }
        assertThat(rules).containsExactlyInAnyOrder("egress IPv4 -", "egress IPv6 -", "ingress IPv4 " + id, "ingress IPv6 " + id);

        // the second list finds the same group, and only it
        assertThat(defaultGroup(project.http()).path("id").asText()).isEqualTo(id);
        JsonNode all = expect(project.http().get(V2 + "/security-groups"), 200).json().path("security_groups");
        assertThat(all).hasSize(1);
    }

    @Test
    void theRuleListAndAShowAlsoMakeTheDefaultGroup()
    {
        Project project = member();
        JsonNode rules = expect(project.http().get(V2 + "/security-group-rules"), 200).json().path("security_group_rules");
        assertThat(rules).hasSize(4);
        assertThat(rules.get(0).path("belongs_to_default_sg").asBoolean()).isTrue();
        String groupId = rules.get(0).path("security_group_id").asText();
        JsonNode shown = expect(project.http().get(V2 + "/security-groups/" + groupId), 200).json().path("security_group");
        assertThat(shown.path("name").asText()).isEqualTo("default");
        assertThat(shown.path("security_group_rules")).hasSize(4);
    }

    @Test
    void concurrentFirstListsMakeExactlyOneDefaultGroup()
            throws Exception
    {
        Project project = member();
        int clients = 24;
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String path = i % 3 == 0 ? "/security-group-rules" : "/security-groups";
            calls.add(() -> {
                Http.Response response = project.http().get(V2 + path);
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                JsonNode items = response.json().path(path.equals("/security-groups") ? "security_groups" : "security_group_rules");
                return items.get(0).path(path.equals("/security-groups") ? "id" : "security_group_id").asText();
            });
        }
        Set<String> seen = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (Future<String> result : pool.invokeAll(calls)) {
                seen.add(result.get());
            }
        }
        assertThat(seen).hasSize(1);
        JsonNode groups = expect(project.http().get(V2 + "/security-groups"), 200).json().path("security_groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("security_group_rules")).hasSize(4);
        JsonNode rules = expect(admin.get(V2 + "/security-group-rules?project_id=" + project.id()), 200).json().path("security_group_rules");
        assertThat(rules).hasSize(4);
    }

    @Test
    void createListUpdateShowAndDeleteAGroup()
    {
        Project project = member();
        Http http = project.http();
        JsonNode created = expect(http.post(V2 + "/security-groups", """
                {"security_group": {"name": "web", "description": "web servers"}}"""), 201).json().path("security_group");
        String id = created.path("id").asText();
        assertThat(created.path("name").asText()).isEqualTo("web");
        assertThat(created.path("stateful").asBoolean()).isTrue();
        assertThat(created.path("tags")).isEmpty();
        // a new group lets everything out, and nothing in
        assertThat(created.path("security_group_rules")).hasSize(2);
        created.path("security_group_rules").forEach(rule -> assertThat(rule.path("direction").asText()).isEqualTo("egress"));

        JsonNode listed = expect(http.get(V2 + "/security-groups?name=web"), 200).json().path("security_groups");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(id);

        JsonNode updated = expect(http.put(V2 + "/security-groups/" + id, """
                {"security_group": {"name": "web2", "description": "renamed", "stateful": false}}"""), 200).json().path("security_group");
        assertThat(updated.path("name").asText()).isEqualTo("web2");
        assertThat(updated.path("description").asText()).isEqualTo("renamed");
        assertThat(updated.path("stateful").asBoolean()).isFalse();
        assertThat(updated.path("revision_number").asLong()).isGreaterThan(created.path("revision_number").asLong());

        JsonNode shown = expect(http.get(V2 + "/security-groups/" + id + "?fields=id&fields=name"), 200).json().path("security_group");
        assertThat(shown.size()).isEqualTo(2);
        assertThat(shown.path("name").asText()).isEqualTo("web2");

        expect(http.delete(V2 + "/security-groups/" + id), 204);
        assertThat(http.get(V2 + "/security-groups/" + id).status()).isEqualTo(404);
        assertThat(http.delete(V2 + "/security-groups/" + id).json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupNotFound");
    }

    @Test
    void theNameDefaultIsTheDefaultGroupsAlone()
    {
        Project project = member();
        Http http = project.http();
        Http.Response named = http.post(V2 + "/security-groups", """
                {"security_group": {"name": "default"}}""");
        assertThat(named.status()).isEqualTo(409);
        assertThat(named.json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupDefaultAlreadyExists");

        String id = expect(http.post(V2 + "/security-groups", """
                {"security_group": {"name": "other"}}"""), 201).json().path("security_group").path("id").asText();
        assertThat(http.put(V2 + "/security-groups/" + id, """
                {"security_group": {"name": "default"}}""").status()).isEqualTo(409);

        String defaultId = defaultGroup(http).path("id").asText();
        Http.Response rename = http.put(V2 + "/security-groups/" + defaultId, """
                {"security_group": {"name": "mine"}}""");
        assertThat(rename.status()).isEqualTo(409);
        assertThat(rename.json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupCannotUpdateDefault");
        // its description may change
        expect(http.put(V2 + "/security-groups/" + defaultId, """
                {"security_group": {"description": "ours"}}"""), 200);

        Http.Response delete = http.delete(V2 + "/security-groups/" + defaultId);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupCannotRemoveDefault");
        assertThat(defaultGroup(http).path("id").asText()).isEqualTo(defaultId);
    }

    @Test
    void anotherProjectsGroupIsNotFoundAndAReaderCannotChangeOne()
    {
        Project owner = member();
        Project stranger = member();
        String id = expect(owner.http().post(V2 + "/security-groups", """
                {"security_group": {"name": "private"}}"""), 201).json().path("security_group").path("id").asText();
        assertThat(stranger.http().get(V2 + "/security-groups/" + id).status()).isEqualTo(404);
        assertThat(stranger.http().put(V2 + "/security-groups/" + id, """
                {"security_group": {"name": "mine"}}""").status()).isEqualTo(404);
        assertThat(stranger.http().delete(V2 + "/security-groups/" + id).status()).isEqualTo(404);
        assertThat(stranger.http().post(V2 + "/security-group-rules", """
                {"security_group_rule": {"security_group_id": "%s", "direction": "ingress"}}""".formatted(id)).status()).isEqualTo(404);
        JsonNode listed = expect(stranger.http().get(V2 + "/security-groups"), 200).json().path("security_groups");
        listed.forEach(group -> assertThat(group.path("id").asText()).isNotEqualTo(id));
        // the admin sees it
        expect(admin.get(V2 + "/security-groups/" + id), 200);

        Project reader = SecurityTestProjects.create(server, admin, "reader");
        expect(reader.http().get(V2 + "/security-groups"), 200);
        Http.Response create = reader.http().post(V2 + "/security-groups", """
                {"security_group": {"name": "nope"}}""");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().path("NeutronError").path("type").asText()).isEqualTo("PolicyNotAuthorized");
    }

    @Test
    void anAdminCreatesAGroupForAnotherProject()
    {
        Project project = member();
        JsonNode created = expect(admin.post(V2 + "/security-groups", """
                {"security_group": {"name": "given", "project_id": "%s"}}""".formatted(project.id())), 201).json().path("security_group");
        assertThat(created.path("project_id").asText()).isEqualTo(project.id());
        JsonNode listed = expect(project.http().get(V2 + "/security-groups?name=given"), 200).json().path("security_groups");
        assertThat(listed).hasSize(1);
        // a member cannot
        Project other = member();
        assertThat(other.http().post(V2 + "/security-groups", """
                {"security_group": {"name": "given", "project_id": "%s"}}""".formatted(project.id())).status()).isEqualTo(403);
    }

    @Test
    void malformedAndHostileBodiesAreBadRequests()
    {
        Http http = member().http();
        for (String body : List.of("{", "[]", "{}", "{\"security_group\": []}", "{\"security_group\": {\"name\": 5}}",
                "{\"security_group\": {\"name\": null}}", "{\"security_group\": {\"bogus\": 1}}",
                "{\"security_group\": {\"stateful\": \"maybe\"}}", "{\"security_group\": {\"name\": \"" + "x".repeat(300) + "\"}}",
                "{\"security_group\": {\"name\": \"a\"}, \"other\": {}}")) {
            Http.Response response = http.post(V2 + "/security-groups", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().path("NeutronError").path("type").asText()).as(body).isNotEmpty();
        }
        assertThat(http.get(V2 + "/security-groups?bogus=1").status()).isEqualTo(400);
        assertThat(http.get(V2 + "/security-groups?sort_key=bogus").status()).isEqualTo(400);
        assertThat(http.get(V2 + "/security-groups/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(http.get(V2 + "/security-groups/%27%3B%20DROP%20TABLE").status()).isEqualTo(404);
    }

    @Test
    void groupsPageWithLinks()
    {
        Http http = member().http();
        for (int i = 0; i < 3; i++) {
            expect(http.post(V2 + "/security-groups", """
                    {"security_group": {"name": "page-%d"}}""".formatted(i)), 201);
        }
        JsonNode first = expect(http.get(V2 + "/security-groups?limit=2&sort_key=name&sort_dir=asc"), 200).json();
        assertThat(first.path("security_groups")).hasSize(2);
        assertThat(first.path("security_groups_links").get(0).path("rel").asText()).isEqualTo("next");
    }

    @Test
    void tagsOnAGroup()
    {
        Http http = member().http();
        String id = expect(http.post(V2 + "/security-groups", """
                {"security_group": {"name": "tagged"}}"""), 201).json().path("security_group").path("id").asText();
        expect(http.put(V2 + "/security-groups/" + id + "/tags/red", null), 201);
        JsonNode shown = expect(http.get(V2 + "/security-groups/" + id), 200).json().path("security_group");
        assertThat(shown.path("tags").get(0).asText()).isEqualTo("red");
        assertThat(expect(http.get(V2 + "/security-groups?tags=red"), 200).json().path("security_groups")).hasSize(1);
    }
}
