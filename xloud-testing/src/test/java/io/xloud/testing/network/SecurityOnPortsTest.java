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

/** Security groups and QoS policies as ports and networks use them. */
class SecurityOnPortsTest
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

    private static String network(Http http)
    {
        return expect(http.post(V2 + "/networks", "{\"network\": {\"name\": \"net-" + UUID.randomUUID() + "\"}}"), 201)
                .json().path("network").path("id").asText();
    }

    private static Http.Response port(Http http, String network, String more)
    {
        return http.post(V2 + "/ports", "{\"port\": {\"network_id\": \"" + network + "\"" + more + "}}");
    }

    @Test
    void theFirstPortOfAProjectGetsItsNewDefaultGroup()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        String network = network(project.http());
        JsonNode created = expect(port(project.http(), network, ""), 201).json().path("port");
        assertThat(created.path("security_groups")).hasSize(1);
        String group = created.path("security_groups").get(0).asText();
        JsonNode groups = expect(project.http().get(V2 + "/security-groups"), 200).json().path("security_groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("id").asText()).isEqualTo(group);
        assertThat(groups.get(0).path("name").asText()).isEqualTo("default");
    }

    @Test
    void concurrentFirstPortsShareOneDefaultGroup()
            throws Exception
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        String network = network(project.http());
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            // first ports and first lists race for the default group
            if (i % 2 == 0) {
                calls.add(() -> {
                    Http.Response response = port(project.http(), network, "");
                    assertThat(response.status()).as(response.body()).isEqualTo(201);
                    return response.json().path("port").path("security_groups").get(0).asText();
                });
            }
            else {
                calls.add(() -> expect(project.http().get(V2 + "/security-groups?name=default"), 200).json().path("security_groups").get(0)
                        .path("id").asText());
            }
        }
        Set<String> groups = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<String> group : pool.invokeAll(calls)) {
                groups.add(group.get());
            }
        }
        assertThat(groups).hasSize(1);
        assertThat(expect(project.http().get(V2 + "/security-groups?name=default"), 200).json().path("security_groups")).hasSize(1);
    }

    @Test
    void aGroupOnAPortCannotBeDeletedUntilThePortLetsGo()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        String network = network(project.http());
        String group = expect(project.http().post(V2 + "/security-groups", "{\"security_group\": {\"name\": \"web\"}}"), 201)
                .json().path("security_group").path("id").asText();
        JsonNode created = expect(port(project.http(), network, ", \"security_groups\": [\"" + group + "\"]"), 201).json().path("port");
        assertThat(created.path("security_groups").get(0).asText()).isEqualTo(group);

        Http.Response inUse = project.http().delete(V2 + "/security-groups/" + group);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupInUse");
        // nor may it stop being stateful while in use
        assertThat(project.http().put(V2 + "/security-groups/" + group, "{\"security_group\": {\"stateful\": false}}").status()).isEqualTo(409);

        expect(project.http().put(V2 + "/ports/" + created.path("id").asText(), "{\"port\": {\"security_groups\": []}}"), 200);
        expect(project.http().delete(V2 + "/security-groups/" + group), 204);
    }

    @Test
    void aPortMayNameOnlyItsProjectsGroups()
    {
        Project owner = SecurityTestProjects.create(server, admin, "member");
        Project other = SecurityTestProjects.create(server, admin, "member");
        String foreign = expect(other.http().post(V2 + "/security-groups", "{\"security_group\": {\"name\": \"theirs\"}}"), 201)
                .json().path("security_group").path("id").asText();
        String network = network(owner.http());
        for (String group : List.of(foreign, UUID.randomUUID().toString(), "not-a-group")) {
            Http.Response response = port(owner.http(), network, ", \"security_groups\": [\"" + group + "\"]");
            assertThat(response.status()).as(group).isEqualTo(404);
            assertThat(response.json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupNotFound");
        }
    }

    @Test
    void qosPoliciesOnPortsAndNetworks()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        String policy = expect(admin.post(V2 + "/qos/policies", """
                {"policy": {"name": "silver", "project_id": "%s"}}""".formatted(project.id())), 201).json().path("policy").path("id").asText();
        String foreign = expect(admin.post(V2 + "/qos/policies", "{\"policy\": {\"name\": \"admins\"}}"), 201).json().path("policy").path("id").asText();
        String network = network(project.http());

        JsonNode created = expect(port(project.http(), network, ", \"qos_policy_id\": \"" + policy + "\""), 201).json().path("port");
        assertThat(created.path("qos_policy_id").asText()).isEqualTo(policy);
        for (String bad : List.of(foreign, UUID.randomUUID().toString())) {
            Http.Response response = port(project.http(), network, ", \"qos_policy_id\": \"" + bad + "\"");
            assertThat(response.status()).as(bad).isEqualTo(404);
            assertThat(response.json().path("NeutronError").path("type").asText()).isEqualTo("QosPolicyNotFound");
        }
        Http.Response inUse = admin.delete(V2 + "/qos/policies/" + policy);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().path("NeutronError").path("type").asText()).isEqualTo("QosPolicyInUse");
        expect(project.http().put(V2 + "/ports/" + created.path("id").asText(), "{\"port\": {\"qos_policy_id\": null}}"), 200);
        expect(admin.delete(V2 + "/qos/policies/" + policy), 204);

        // a shared policy is anyone's to attach
        expect(admin.put(V2 + "/qos/policies/" + foreign, "{\"policy\": {\"shared\": true}}"), 200);
        JsonNode onNetwork = expect(project.http().put(V2 + "/networks/" + network, "{\"network\": {\"qos_policy_id\": \"" + foreign + "\"}}"), 200)
                .json().path("network");
        assertThat(onNetwork.path("qos_policy_id").asText()).isEqualTo(foreign);
        assertThat(admin.delete(V2 + "/qos/policies/" + foreign).status()).isEqualTo(409);
    }

    @Test
    void aNewNetworkGetsTheProjectsDefaultPolicy()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        String policy = expect(admin.post(V2 + "/qos/policies", """
                {"policy": {"name": "default", "is_default": true, "project_id": "%s"}}""".formatted(project.id())), 201)
                .json().path("policy").path("id").asText();
        JsonNode network = expect(project.http().post(V2 + "/networks", "{\"network\": {\"name\": \"with-default\"}}"), 201).json().path("network");
        assertThat(network.path("qos_policy_id").asText()).isEqualTo(policy);
        JsonNode without = expect(project.http().post(V2 + "/networks", "{\"network\": {\"name\": \"without\", \"qos_policy_id\": null}}"), 201)
                .json().path("network");
        assertThat(without.path("qos_policy_id").isNull()).isTrue();
    }
}
