package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.network.SecurityTestProjects.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.network.SecurityTestProjects.V2;
import static io.xloud.testing.network.SecurityTestProjects.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Quotas of security groups and rules, revisions, and what an admin may do that a member may not. */
class SecurityQuotaTest
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

    @Test
    void groupsAndRulesCountAgainstTheirQuotasEvenUnderConcurrency()
            throws Exception
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        JsonNode defaults = expect(admin.get(V2 + "/quotas/" + project.id()), 200).json().path("quota");
        assertThat(defaults.path("security_group").asLong()).isEqualTo(10);
        assertThat(defaults.path("security_group_rule").asLong()).isEqualTo(100);

        // the default group and its four rules are counted
        expect(project.http().get(V2 + "/security-groups"), 200);
        JsonNode details = expect(admin.get(V2 + "/quotas/" + project.id() + "/details"), 200).json().path("quota");
        assertThat(details.path("security_group").path("used").asLong()).isEqualTo(1);
        assertThat(details.path("security_group_rule").path("used").asLong()).isEqualTo(4);

        expect(admin.put(V2 + "/quotas/" + project.id(), "{\"quota\": {\"security_group\": 4, \"security_group_rule\": 20}}"), 200);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            calls.add(() -> project.http().post(V2 + "/security-groups", "{\"security_group\": {\"name\": \"q-" + n + "\"}}").status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses.stream().filter(status -> status == 201).count()).isEqualTo(3);
        assertThat(statuses).containsOnly(201, 409);
        JsonNode groups = expect(project.http().get(V2 + "/security-groups"), 200).json().path("security_groups");
        assertThat(groups).hasSize(4);
        Http.Response over = project.http().post(V2 + "/security-groups", "{\"security_group\": {\"name\": \"one-too-many\"}}");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.json().path("NeutronError").path("type").asText()).isEqualTo("OverQuota");

        // 4 default rules + 2 egress rules in each of 3 groups = 10 of 20
        String group = "";
        for (JsonNode candidate : groups) {
            if (!candidate.path("name").asText().equals("default")) {
                group = candidate.path("id").asText();
            }
        }
        String target = group;
        int made = 0;
        for (int port = 1000; port < 1020; port++) {
            Http.Response rule = project.http().post(V2 + "/security-group-rules", """
                    {"security_group_rule": {"security_group_id": "%s", "direction": "ingress", "protocol": "tcp", "port_range_min": %d,
                     "port_range_max": %d}}""".formatted(target, port, port));
            if (rule.status() == 201) {
                made++;
            }
            else {
                assertThat(rule.status()).isEqualTo(409);
                assertThat(rule.json().path("NeutronError").path("type").asText()).isEqualTo("OverQuota");
            }
        }
        assertThat(made).isEqualTo(10);

        // deleting a group gives back the group and its rules
        expect(project.http().delete(V2 + "/security-groups/" + group), 204);
        JsonNode after = expect(admin.get(V2 + "/quotas/" + project.id() + "/details"), 200).json().path("quota");
        assertThat(after.path("security_group").path("used").asLong()).isEqualTo(3);
        assertThat(after.path("security_group_rule").path("used").asLong()).isEqualTo(8);
    }

    @Test
    void aStaleRevisionIsAPreconditionFailure()
    {
        Http http = SecurityTestProjects.create(server, admin, "member").http();
        JsonNode group = expect(http.post(V2 + "/security-groups", "{\"security_group\": {\"name\": \"rev\"}}"), 201).json().path("security_group");
        String id = group.path("id").asText();
        long revision = group.path("revision_number").asLong();
        Http.Response stale = http.send("PUT", V2 + "/security-groups/" + id, "{\"security_group\": {\"name\": \"rev2\"}}",
                Map.of("If-Match", "revision_number=" + (revision + 5)));
        assertThat(stale.status()).isEqualTo(412);
        expect(http.send("PUT", V2 + "/security-groups/" + id, "{\"security_group\": {\"name\": \"rev2\"}}",
                Map.of("If-Match", "revision_number=" + revision)), 200);
    }

    @Test
    void anAdminMayDeleteAProjectsDefaultGroupWhichComesBackOnNextUse()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        String first = expect(project.http().get(V2 + "/security-groups"), 200).json().path("security_groups").get(0).path("id").asText();
        expect(admin.delete(V2 + "/security-groups/" + first), 204);
        JsonNode again = expect(project.http().get(V2 + "/security-groups"), 200).json().path("security_groups");
        assertThat(again).hasSize(1);
        assertThat(again.get(0).path("name").asText()).isEqualTo("default");
        assertThat(again.get(0).path("id").asText()).isNotEqualTo(first);
    }

    @Test
    void qosPoliciesTakeTags()
    {
        String id = expect(admin.post(V2 + "/qos/policies", "{\"policy\": {\"name\": \"tagged\"}}"), 201).json().path("policy").path("id").asText();
        expect(admin.put(V2 + "/qos/policies/" + id + "/tags/gold", null), 201);
        assertThat(expect(admin.get(V2 + "/qos/policies/" + id), 200).json().path("policy").path("tags").get(0).asText()).isEqualTo("gold");
        assertThat(expect(admin.get(V2 + "/qos/policies?tags=gold"), 200).json().path("policies")).hasSize(1);
    }
}
