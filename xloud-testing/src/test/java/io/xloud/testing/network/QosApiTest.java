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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.network.SecurityTestProjects.V2;
import static io.xloud.testing.network.SecurityTestProjects.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** QoS policies and rules: the operator's to change, readable by their project and by everyone when shared. */
class QosApiTest
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

    private static String policy(String attributes)
    {
        return expect(admin.post(V2 + "/qos/policies", "{\"policy\": {" + attributes + "}}"), 201).json().path("policy").path("id").asText();
    }

    @Test
    void onlyAnAdminCreatesAndChangesPolicies()
    {
        Project member = SecurityTestProjects.create(server, admin, "member");
        Http.Response create = member.http().post(V2 + "/qos/policies", """
                {"policy": {"name": "mine"}}""");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().path("NeutronError").path("type").asText()).isEqualTo("PolicyNotAuthorized");

        JsonNode created = expect(admin.post(V2 + "/qos/policies", """
                {"policy": {"name": "gold", "description": "fast", "project_id": "%s"}}""".formatted(member.id())), 201).json().path("policy");
        String id = created.path("id").asText();
        assertThat(created.path("name").asText()).isEqualTo("gold");
        assertThat(created.path("shared").asBoolean()).isFalse();
        assertThat(created.path("is_default").asBoolean()).isFalse();
        assertThat(created.path("rules")).isEmpty();
        assertThat(created.path("project_id").asText()).isEqualTo(member.id());
        assertThat(created.path("tenant_id").asText()).isEqualTo(member.id());
        assertThat(created.has("revision_number")).isTrue();

        // the project reads its own policy but may not change it
        expect(member.http().get(V2 + "/qos/policies/" + id), 200);
        assertThat(member.http().put(V2 + "/qos/policies/" + id, "{\"policy\": {\"name\": \"x\"}}").status()).isEqualTo(403);
        assertThat(member.http().delete(V2 + "/qos/policies/" + id).status()).isEqualTo(403);
        assertThat(member.http().post(V2 + "/qos/policies/" + id + "/bandwidth_limit_rules", """
                {"bandwidth_limit_rule": {"max_kbps": 1000}}""").status()).isEqualTo(403);

        // another project sees nothing of it
        Project stranger = SecurityTestProjects.create(server, admin, "member");
        assertThat(stranger.http().get(V2 + "/qos/policies/" + id).status()).isEqualTo(404);
        assertThat(stranger.http().get(V2 + "/qos/policies/" + id).json().path("NeutronError").path("type").asText()).isEqualTo("QosPolicyNotFound");
        JsonNode listed = expect(stranger.http().get(V2 + "/qos/policies"), 200).json().path("policies");
        listed.forEach(policy -> assertThat(policy.path("id").asText()).isNotEqualTo(id));

        // once shared, every project sees it
        JsonNode shared = expect(admin.put(V2 + "/qos/policies/" + id, "{\"policy\": {\"shared\": true}}"), 200).json().path("policy");
        assertThat(shared.path("shared").asBoolean()).isTrue();
        assertThat(shared.path("revision_number").asLong()).isGreaterThan(created.path("revision_number").asLong());
        expect(stranger.http().get(V2 + "/qos/policies/" + id), 200);
        assertThat(expect(stranger.http().get(V2 + "/qos/policies?shared=true"), 200).json().path("policies")).isNotEmpty();

        expect(admin.delete(V2 + "/qos/policies/" + id), 204);
        assertThat(admin.get(V2 + "/qos/policies/" + id).status()).isEqualTo(404);
    }

    @Test
    void bandwidthLimitRulesHaveADirectionAndOneOfEach()
    {
        String id = policy("\"name\": \"bw\"");
        String rules = V2 + "/qos/policies/" + id + "/bandwidth_limit_rules";
        JsonNode egress = expect(admin.post(rules, """
                {"bandwidth_limit_rule": {"max_kbps": 10000, "max_burst_kbps": 8000}}"""), 201).json().path("bandwidth_limit_rule");
        assertThat(egress.path("max_kbps").asLong()).isEqualTo(10000);
        assertThat(egress.path("max_burst_kbps").asLong()).isEqualTo(8000);
        assertThat(egress.path("direction").asText()).isEqualTo("egress");
        JsonNode ingress = expect(admin.post(rules, """
                {"bandwidth_limit_rule": {"max_kbps": 5000, "direction": "ingress"}}"""), 201).json().path("bandwidth_limit_rule");
        assertThat(ingress.path("max_burst_kbps").asLong()).isEqualTo(0);

        Http.Response again = admin.post(rules, """
                {"bandwidth_limit_rule": {"max_kbps": 1, "direction": "egress"}}""");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("NeutronError").path("type").asText()).isEqualTo("QoSRulesConflict");
        // turning the ingress rule to egress would repeat it too
        assertThat(admin.put(rules + "/" + ingress.path("id").asText(), """
                {"bandwidth_limit_rule": {"direction": "egress"}}""").status()).isEqualTo(409);

        JsonNode updated = expect(admin.put(rules + "/" + egress.path("id").asText(), """
                {"bandwidth_limit_rule": {"max_kbps": 20000}}"""), 200).json().path("bandwidth_limit_rule");
        assertThat(updated.path("max_kbps").asLong()).isEqualTo(20000);
        assertThat(updated.path("max_burst_kbps").asLong()).isEqualTo(8000);

        JsonNode policy = expect(admin.get(V2 + "/qos/policies/" + id), 200).json().path("policy");
        assertThat(policy.path("rules")).hasSize(2);
        assertThat(policy.path("rules").get(0).path("type").asText()).isEqualTo("bandwidth_limit");
        assertThat(policy.path("rules").get(0).path("qos_policy_id").asText()).isEqualTo(id);
        assertThat(expect(admin.get(rules), 200).json().path("bandwidth_limit_rules")).hasSize(2);

        expect(admin.delete(rules + "/" + ingress.path("id").asText()), 204);
        assertThat(admin.get(rules + "/" + ingress.path("id").asText()).status()).isEqualTo(404);
        assertThat(admin.get(rules + "/" + UUID.randomUUID()).json().path("NeutronError").path("type").asText()).isEqualTo("QosRuleNotFound");
    }

    @Test
    void ruleValuesAreChecked()
    {
        String id = policy("\"name\": \"checks\"");
        String base = V2 + "/qos/policies/" + id;
        for (String[] bad : List.of(
                new String[] {"bandwidth_limit_rules", "{\"bandwidth_limit_rule\": {}}"},
                new String[] {"bandwidth_limit_rules", "{\"bandwidth_limit_rule\": {\"max_kbps\": -1}}"},
                new String[] {"bandwidth_limit_rules", "{\"bandwidth_limit_rule\": {\"max_kbps\": 2147483648}}"},
                new String[] {"bandwidth_limit_rules", "{\"bandwidth_limit_rule\": {\"max_kbps\": \"fast\"}}"},
                new String[] {"bandwidth_limit_rules", "{\"bandwidth_limit_rule\": {\"max_kbps\": 1, \"direction\": \"up\"}}"},
                new String[] {"bandwidth_limit_rules", "{\"bandwidth_limit_rule\": {\"max_kbps\": 1, \"bogus\": 1}}"},
                new String[] {"dscp_marking_rules", "{\"dscp_marking_rule\": {\"dscp_mark\": 3}}"},
                new String[] {"dscp_marking_rules", "{\"dscp_marking_rule\": {\"dscp_mark\": 64}}"},
                new String[] {"dscp_marking_rules", "{\"dscp_marking_rule\": {}}"},
                new String[] {"minimum_bandwidth_rules", "{\"minimum_bandwidth_rule\": {\"min_kbps\": 10, \"direction\": \"any\"}}"},
                new String[] {"minimum_packet_rate_rules", "{\"minimum_packet_rate_rule\": {\"min_kpps\": 10, \"direction\": \"both\"}}"},
                new String[] {"packet_rate_limit_rules", "{\"packet_rate_limit_rule\": {\"max_kpps\": null}}"},
                new String[] {"bandwidth_limit_rules", "{\"bandwidth_limit_rule\": ["},
                new String[] {"bandwidth_limit_rules", "[]"})) {
            Http.Response response = admin.post(base + "/" + bad[0], bad[1]);
            assertThat(response.status()).as(bad[1]).isEqualTo(400);
            assertThat(response.json().path("NeutronError").path("type").asText()).as(bad[1]).isNotEmpty();
        }
        assertThat(expect(admin.get(base), 200).json().path("policy").path("rules")).isEmpty();

        JsonNode dscp = expect(admin.post(base + "/dscp_marking_rules", "{\"dscp_marking_rule\": {\"dscp_mark\": 26}}"), 201)
                .json().path("dscp_marking_rule");
        assertThat(dscp.path("dscp_mark").asInt()).isEqualTo(26);
        assertThat(admin.post(base + "/dscp_marking_rules", "{\"dscp_marking_rule\": {\"dscp_mark\": 46}}").status()).isEqualTo(409);
        JsonNode minimum = expect(admin.post(base + "/minimum_bandwidth_rules", "{\"minimum_bandwidth_rule\": {\"min_kbps\": 1000}}"), 201)
                .json().path("minimum_bandwidth_rule");
        assertThat(minimum.path("direction").asText()).isEqualTo("egress");
        expect(admin.post(base + "/packet_rate_limit_rules", "{\"packet_rate_limit_rule\": {\"max_kpps\": 100, \"max_burst_kpps\": 10}}"), 201);
        JsonNode rate = expect(admin.post(base + "/minimum_packet_rate_rules", "{\"minimum_packet_rate_rule\": {\"min_kpps\": 5, \"direction\": \"any\"}}"),
                201).json().path("minimum_packet_rate_rule");
        assertThat(rate.path("direction").asText()).isEqualTo("any");
        assertThat(expect(admin.get(base), 200).json().path("policy").path("rules")).hasSize(4);
        // a rule of one type is not found under another
        assertThat(admin.get(base + "/bandwidth_limit_rules/" + dscp.path("id").asText()).status()).isEqualTo(404);
    }

    @Test
    void aProjectHasOneDefaultPolicy()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        String first = policy("\"name\": \"default-1\", \"is_default\": true, \"project_id\": \"%s\"".formatted(project.id()));
        Http.Response second = admin.post(V2 + "/qos/policies", """
                {"policy": {"name": "default-2", "is_default": true, "project_id": "%s"}}""".formatted(project.id()));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().path("NeutronError").path("type").asText()).isEqualTo("QoSPolicyDefaultAlreadyExists");
        String other = policy("\"name\": \"other\", \"project_id\": \"%s\"".formatted(project.id()));
        assertThat(admin.put(V2 + "/qos/policies/" + other, "{\"policy\": {\"is_default\": true}}").status()).isEqualTo(409);
        expect(admin.put(V2 + "/qos/policies/" + first, "{\"policy\": {\"is_default\": false}}"), 200);
        JsonNode now = expect(admin.put(V2 + "/qos/policies/" + other, "{\"policy\": {\"is_default\": true}}"), 200).json().path("policy");
        assertThat(now.path("is_default").asBoolean()).isTrue();
        JsonNode defaults = expect(project.http().get(V2 + "/qos/policies?is_default=true"), 200).json().path("policies");
        assertThat(defaults).hasSize(1);
        assertThat(defaults.get(0).path("id").asText()).isEqualTo(other);
    }

    @Test
    void concurrentDefaultsLeaveOne()
            throws Exception
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            calls.add(() -> admin.post(V2 + "/qos/policies", """
                    {"policy": {"name": "race-%d", "is_default": true, "project_id": "%s"}}""".formatted(n, project.id())).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses.stream().filter(status -> status == 201).count()).isEqualTo(1);
        assertThat(statuses).containsOnly(201, 409);
        assertThat(expect(admin.get(V2 + "/qos/policies?is_default=true&project_id=" + project.id()), 200).json().path("policies")).hasSize(1);
    }

    @Test
    void ruleTypesAreListedAndDescribedToAdmins()
    {
        JsonNode types = expect(admin.get(V2 + "/qos/rule-types"), 200).json().path("rule_types");
        List<String> names = new ArrayList<>();
        types.forEach(type -> names.add(type.path("type").asText()));
        assertThat(names).contains("bandwidth_limit", "dscp_marking", "minimum_bandwidth", "packet_rate_limit", "minimum_packet_rate");

        JsonNode bandwidth = expect(admin.get(V2 + "/qos/rule-types/bandwidth_limit"), 200).json().path("rule_type");
        assertThat(bandwidth.path("type").asText()).isEqualTo("bandwidth_limit");
        List<String> parameters = new ArrayList<>();
        bandwidth.path("drivers").get(0).path("supported_parameters").forEach(parameter -> parameters.add(parameter.path("parameter_name").asText()));
        assertThat(parameters).containsExactly("max_kbps", "max_burst_kbps", "direction");
        assertThat(admin.get(V2 + "/qos/rule-types/no_such_type").status()).isEqualTo(404);
        assertThat(admin.get(V2 + "/qos/rule-types?bogus=1").status()).isEqualTo(400);

        Project member = SecurityTestProjects.create(server, admin, "member");
        assertThat(member.http().get(V2 + "/qos/rule-types").status()).isEqualTo(403);
    }

    @Test
    void qosExtensionsAreListed()
    {
        JsonNode extensions = expect(admin.get(V2 + "/extensions"), 200).json().path("extensions");
        List<String> aliases = new ArrayList<>();
        extensions.forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("qos", "qos-bw-limit-direction", "qos-default", "qos-rule-type-details", "security-group",
                "stateful-security-group", "security-groups-remote-address-group", "address-group");
    }
}
