package io.xloud.testing.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Glance's metadata definitions in the whole platform, with Identity's real tokens: the catalog Glance ships loaded
 * at first start, the Tempest metadef flows as an admin, what a member of another project sees and may do, and
 * input that must be refused without a 500.
 */
class MetadefPlatformTest
{
    private static final String NAMESPACES = "/image/v2/metadefs/namespaces";

    private static TestServer server;
    private static Http admin;
    private static User member;

    record User(String projectId, Http http) {}

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        member = user("member");
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
                {"project": {"name": "metadef-%s", "domain_id": "default"}}""".formatted(suffix)), 201).json().path("project").path("id").asText();
        String userId = expect(admin.post("/identity/v3/users", """
                {"user": {"name": "metadef-user-%s", "password": "Secret-%s", "domain_id": "default"}}""".formatted(suffix, suffix)), 201)
                .json().path("user").path("id").asText();
        String roleId = expect(admin.get("/identity/v3/roles?name=" + role), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null), 204);
        Http http = server.http();
        http.login("metadef-user-" + suffix, "Secret-" + suffix, "metadef-" + suffix);
        return new User(projectId, http);
    }

    private static Http.Response expect(Http.Response response, int status)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static List<String> names(JsonNode array, String field)
    {
        List<String> names = new ArrayList<>();
        array.forEach(item -> names.add(item.path(field).asText()));
        return names;
    }

    private static String unique(String prefix)
    {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theNamespacesGlanceShipsAreThereForEveryProject()
    {
        List<String> seen = names(expect(member.http().get(NAMESPACES + "?limit=1000&visibility=public"), 200).json().path("namespaces"), "namespace");
        assertThat(seen).contains("OS::Compute::Hypervisor", "OS::Compute::CPUPinning", "OS::Compute::HostCapabilities", "OS::Compute::Watchdog",
                "OS::Glance::Signatures", "OS::Compute::VirtCPUTopology", "OS::Software::DBMS", "CIM::StorageAllocationSettingData");
        JsonNode pinning = expect(member.http().get(NAMESPACES + "/OS::Compute::CPUPinning"), 200).json();
        assertThat(pinning.path("properties").has("cpu_policy")).isTrue();
        assertThat(names(pinning.path("resource_type_associations"), "name")).contains("OS::Glance::Image", "OS::Nova::Flavor");
        assertThat(names(expect(member.http().get("/image/v2/metadefs/resource_types"), 200).json().path("resource_types"), "name"))
                .contains("OS::Glance::Image", "OS::Cinder::Volume", "OS::Nova::Flavor", "OS::Nova::Aggregate");
        assertThat(expect(member.http().get("/image/v2/schemas/metadefs/namespace"), 200).json().path("name").asText()).isEqualTo("namespace");
    }

    @Test
    void tempestNamespaceFlowAsAnAdmin()
    {
        String resourceType = expect(admin.get("/image/v2/metadefs/resource_types"), 200).json().path("resource_types").get(0).path("name").asText();
        String name = unique("namespace");
        expect(admin.post(NAMESPACES, """
                {"namespace": "%s", "visibility": "public", "description": "Tempest", "display_name": "%s",
                 "resource_type_associations": [{"name": "%s"}], "protected": true}""".formatted(name, name, resourceType)), 201);
        assertThat(names(expect(admin.get(NAMESPACES), 200).json().path("namespaces"), "namespace")).contains(name);
        assertThat(expect(admin.get(NAMESPACES + "/" + name), 200).json().path("visibility").asText()).isEqualTo("public");
        expect(admin.delete(NAMESPACES + "/" + name), 403);
        JsonNode updated = expect(admin.put(NAMESPACES + "/" + name, """
                {"namespace": "%s", "description": "Tempest", "visibility": "private", "display_name": "%s", "protected": false}"""
                .formatted(name, name)), 200).json();
        assertThat(updated.path("visibility").asText()).isEqualTo("private");
        assertThat(updated.path("protected").asBoolean()).isFalse();

        expect(admin.post(NAMESPACES + "/" + name + "/properties", """
                {"name": "%s", "title": "property", "type": "string", "enum": ["xen", "qemu", "kvm", "lxc", "uml", "vmware", "hyperv"]}"""
                .formatted(resourceType)), 201);
        expect(admin.get(NAMESPACES + "/" + name + "/properties/" + resourceType), 200);
        expect(admin.delete(NAMESPACES + "/" + name + "/properties/" + resourceType), 204);
        expect(admin.post(NAMESPACES + "/" + name + "/tags", "{\"tags\": [{\"name\": \"sample-tag1\"}, {\"name\": \"sample-tag2\"}]}"), 201);
        expect(admin.send("POST", NAMESPACES + "/" + name + "/tags", "{\"tags\": [{\"name\": \"sample-tag3\"}]}", Map.of("X-Openstack-Append", "True")),
                201);
        assertThat(expect(admin.get(NAMESPACES + "/" + name + "/tags"), 200).json().path("tags").size()).isEqualTo(3);

        expect(admin.delete(NAMESPACES + "/" + name), 204);
        expect(admin.get(NAMESPACES + "/" + name), 404);
    }

    @Test
    void anotherProjectSeesPublicNamespacesOnlyAndChangesNothing()
    {
        String hidden = unique("private");
        String shown = unique("public");
        expect(admin.post(NAMESPACES, "{\"namespace\": \"" + hidden + "\", \"visibility\": \"private\"}"), 201);
        expect(admin.post(NAMESPACES, "{\"namespace\": \"" + shown + "\", \"visibility\": \"public\"}"), 201);

        expect(member.http().get(NAMESPACES + "/" + hidden), 404);
        expect(member.http().get(NAMESPACES + "/" + hidden + "/tags"), 404);
        expect(member.http().put(NAMESPACES + "/" + hidden, "{\"namespace\": \"" + hidden + "\"}"), 404);
        List<String> listed = names(expect(member.http().get(NAMESPACES + "?limit=1000"), 200).json().path("namespaces"), "namespace");
        assertThat(listed).contains(shown).doesNotContain(hidden);

        expect(member.http().get(NAMESPACES + "/" + shown), 200);
        Http.Response refused = expect(member.http().delete(NAMESPACES + "/" + shown), 403);
        assertThat(refused.json().path("title").asText()).isEqualTo("Forbidden");
        expect(member.http().post(NAMESPACES + "/" + shown + "/objects", "{\"name\": \"o\"}"), 403);
        expect(member.http().post(NAMESPACES, "{\"namespace\": \"" + unique("mine") + "\"}"), 403);

        // a namespace given to the member's project is theirs to read, still not to change
        String given = unique("given");
        expect(admin.post(NAMESPACES, "{\"namespace\": \"" + given + "\", \"owner\": \"" + member.projectId() + "\"}"), 201);
        expect(member.http().get(NAMESPACES + "/" + given), 200);
        expect(member.http().delete(NAMESPACES + "/" + given), 403);
    }

    @Test
    void changesReachTheOwningProjectsEventFeedAsGlancesNotifications()
            throws Exception
    {
        String name = unique("noticed");
        expect(admin.post(NAMESPACES, "{\"namespace\": \"" + name + "\", \"owner\": \"" + member.projectId() + "\"}"), 201);
        expect(admin.post(NAMESPACES + "/" + name + "/tags/first", null), 201);
        expect(admin.delete(NAMESPACES + "/" + name), 204);

        List<String> types = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            types.clear();
            expect(member.http().get("/events/v1/events?type=metadef_*&limit=100"), 200).json().path("events").forEach(event -> {
                if (event.toString().contains(name)) {
                    types.add(event.path("type").asText());
                }
            });
            if (types.size() >= 3) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(types).containsSubsequence("metadef_namespace.create", "metadef_tag.create", "metadef_namespace.delete");
    }

    @Test
    void concurrentCreatesOfOneNameLeaveOneNamespace()
            throws Exception
    {
        String name = unique("race");
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> admin.post(NAMESPACES, "{\"namespace\": \"" + name + "\", \"tags\": [{\"name\": \"t\"}]}").status()));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(expect(admin.get(NAMESPACES + "/" + name + "/tags"), 200).json().path("tags").size()).isEqualTo(1);

        List<Future<Integer>> tags = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                tags.add(pool.submit(() -> admin.post(NAMESPACES + "/" + name + "/tags/same", null).status()));
            }
        }
        List<Integer> tagStatuses = new ArrayList<>();
        for (Future<Integer> result : tags) {
            tagStatuses.add(result.get());
        }
        assertThat(tagStatuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
    }

    @Test
    void hostileInputIsAFourHundredInGlancesFormat()
    {
        String name = unique("hostile");
        expect(admin.post(NAMESPACES, "{\"namespace\": \"" + name + "\"}"), 201);
        for (Http.Response response : List.of(
                admin.post(NAMESPACES, "{\"namespace\": \"x\", \"properties\": {\"p\": {\"title\": \"t\", \"type\": \"string\", \"minLength\": -1}}}"),
                admin.post(NAMESPACES, "{\"namespace\": \"x\", \"properties\": []}"),
                admin.post(NAMESPACES, "{\"namespace\": [\"x\"]}"),
                admin.post(NAMESPACES, "{\"namespace\": \"x\", \"resource_type_associations\": [{\"prefix\": \"hw_\"}]}"),
                admin.post(NAMESPACES + "/" + name + "/objects", "{\"name\": \"o\", \"required\": [\"a\", \"a\"]}"),
                admin.post(NAMESPACES + "/" + name + "/tags", "{\"tags\": \"t\"}"),
                admin.post(NAMESPACES + "/" + name + "/tags", "{\"tags\": [{\"name\": \"t\", \"extra\": 1}]}"),
                admin.put(NAMESPACES + "/" + name + "/tags/none", "not json"),
                admin.get(NAMESPACES + "/" + name + "/tags?limit=-5"),
                admin.get(NAMESPACES + "/" + name + "/objects?limit=0"))) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().path("code").asText()).startsWith("400");
        }
        // Python's int has no bound: Glance takes a huge limit as its maximum
        assertThat(expect(admin.get(NAMESPACES + "?limit=99999999999999999999"), 200).json().path("namespaces").size()).isGreaterThan(30);
        expect(admin.get(NAMESPACES + "/%2e%2e%2Fimages"), 404);
        expect(admin.get(NAMESPACES + "/" + name + "/objects/%E2%98%83"), 404);
        expect(admin.get(NAMESPACES + "/" + name + "/tags?marker=nope"), 404);
        assertThat(admin.get(NAMESPACES + "/" + name).json().path("namespace").asText()).isEqualTo(name);
    }
}
