package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.network.SecurityTestProjects.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

/** Security group rules: Neutron's checks and messages for every bad rule, duplicates, normalisation and remotes. */
class SecurityGroupRuleApiTest
{
    private static TestServer server;
    private static Http admin;
    private static Project project;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
    }

    @BeforeEach
    void newProject()
    {
        // a project of its own per test, so the quota of ten groups is never in the way
        project = SecurityTestProjects.create(server, admin, "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String newGroup()
    {
        return expect(project.http().post(V2 + "/security-groups", """
                {"security_group": {"name": "rules-%s"}}""".formatted(UUID.randomUUID())), 201).json().path("security_group").path("id").asText();
    }

    private static Http.Response rule(String groupId, String attributes)
    {
        return project.http().post(V2 + "/security-group-rules", """
                {"security_group_rule": {"security_group_id": "%s"%s}}""".formatted(groupId, attributes.isEmpty() ? "" : ", " + attributes));
    }

    private static void assertBadRequest(Http.Response response, String type, String message)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode error = response.json().path("NeutronError");
        assertThat(error.path("type").asText()).as(response.body()).isEqualTo(type);
        assertThat(error.path("message").asText()).as(response.body()).contains(message);
    }

    @Test
    void tcpPortRangesAreCheckedAsNeutronChecksThem()
    {
        String group = newGroup();
        String tcp = "\"direction\": \"ingress\", \"protocol\": \"tcp\", ";
        assertBadRequest(rule(group, tcp + "\"port_range_min\": -16, \"port_range_max\": 80"), "SecurityGroupInvalidPortValue", "Invalid value for port -16");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": 80, \"port_range_max\": 79"), "SecurityGroupInvalidPortRange",
                "port_range_min must be <= port_range_max");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": 80, \"port_range_max\": 65536"), "SecurityGroupInvalidPortValue",
                "Invalid value for port 65536");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": null, \"port_range_max\": 6"), "SecurityGroupInvalidPortRange",
                "port_range_min must be <= port_range_max");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": -16, \"port_range_max\": 65536"), "SecurityGroupInvalidPortValue", "Invalid value for port");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": 0, \"port_range_max\": 10"), "SecurityGroupInvalidPortValue", "Invalid value for port 0");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": 22"), "SecurityGroupInvalidPortRange", "port_range_min must be <= port_range_max");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": \"ssh\", \"port_range_max\": 22"), "SecurityGroupInvalidPortValue", "Invalid value for port ssh");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": 1.5, \"port_range_max\": 22"), "SecurityGroupInvalidPortValue", "Invalid value for port");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": true, \"port_range_max\": 22"), "HTTPBadRequest", "port_range_min");
        assertBadRequest(rule(group, tcp + "\"port_range_min\": 99999999999999999999, \"port_range_max\": 22"), "SecurityGroupInvalidPortValue",
                "Invalid value for port");
        // ports need a protocol that has them
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"port_range_min\": 22, \"port_range_max\": 22"),
                "SecurityGroupProtocolRequiredWithPorts", "Must also specify protocol if port range is given.");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"protocol\": \"gre\", \"port_range_min\": 22, \"port_range_max\": 22"),
                "SecurityGroupInvalidProtocolForPort", "Ports cannot be specified for protocol gre");
        // nothing was made by any of them
        JsonNode rules = expect(project.http().get(V2 + "/security-group-rules?security_group_id=" + group), 200).json().path("security_group_rules");
        assertThat(rules).hasSize(2);
    }

    @Test
    void icmpTypeAndCodeAreCheckedAsNeutronChecksThem()
    {
        String group = newGroup();
        String icmp = "\"direction\": \"ingress\", \"protocol\": \"icmp\", ";
        assertBadRequest(rule(group, icmp + "\"port_range_min\": 1, \"port_range_max\": 256"), "SecurityGroupInvalidIcmpValue",
                "Invalid value for ICMP code");
        assertBadRequest(rule(group, icmp + "\"port_range_min\": -1, \"port_range_max\": 25"), "SecurityGroupInvalidPortValue", "Invalid value");
        assertBadRequest(rule(group, icmp + "\"port_range_min\": null, \"port_range_max\": 6"), "SecurityGroupMissingIcmpType",
                "ICMP type (port-range-min) is missing");
        assertBadRequest(rule(group, icmp + "\"port_range_min\": 300, \"port_range_max\": 1"), "SecurityGroupInvalidIcmpValue",
                "Invalid value for ICMP type");
        for (String typeAndCode : List.of("3, 2", "3, 0", "8, 0", "0, 0", "11, null")) {
            String[] parts = typeAndCode.split(", ");
            JsonNode created = expect(rule(group, icmp + "\"port_range_min\": %s, \"port_range_max\": %s".formatted(parts[0], parts[1])), 201)
                    .json().path("security_group_rule");
            assertThat(created.path("protocol").asText()).isEqualTo("icmp");
            assertThat(created.path("port_range_min").asInt()).isEqualTo(Integer.parseInt(parts[0]));
            assertThat(created.path("port_range_max").isNull()).isEqualTo(parts[1].equals("null"));
        }
    }

    @Test
    void protocolsEthertypesDirectionsAndPrefixesAreChecked()
    {
        String group = newGroup();
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"protocol\": \"bad_protocol_name\""), "SecurityGroupRuleInvalidProtocol",
                "bad_protocol_name not supported");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"protocol\": 256"), "SecurityGroupRuleInvalidProtocol", "256 not supported");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"protocol\": -1"), "SecurityGroupRuleInvalidProtocol", "not supported");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"protocol\": {\"a\": 1}"), "HTTPBadRequest", "protocol");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"protocol\": \"udp\", \"ethertype\": \"bad_ethertype\""), "HTTPBadRequest",
                "bad_ethertype");
        assertBadRequest(rule(group, "\"direction\": \"sideways\""), "HTTPBadRequest", "sideways");
        assertBadRequest(rule(group, "\"protocol\": \"tcp\""), "HTTPBadRequest", "direction");
        for (String prefix : List.of("192.168.1./24", "192.168.1.1/33", "bad_prefix", "256", "10.0.0.0/-1", "::1/129", "1.2.3.4/", "fe80::1%eth0")) {
            assertBadRequest(rule(group, "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"remote_ip_prefix\": \"%s\"".formatted(prefix)),
                    "InvalidCIDR", prefix);
        }
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"ethertype\": \"IPv6\", \"remote_ip_prefix\": \"10.0.0.0/8\""),
                "SecurityGroupRuleParameterConflict", "Conflicting value ethertype IPv6 for CIDR 10.0.0.0/8");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"remote_ip_prefix\": \"2001:db8::/64\""),
                "SecurityGroupRuleParameterConflict", "Conflicting value ethertype IPv4");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"protocol\": \"ipv6-icmp\""),
                "SecurityGroupEthertypeConflictWithProtocol", "Invalid ethertype IPv4 for protocol ipv6-icmp");
        String other = newGroup();
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.0.0.0/8\", \"remote_group_id\": \"%s\"".formatted(other)),
                "SecurityGroupRemoteGroupAndRemoteIpPrefix", "Only remote_ip_prefix or remote_group_id may be provided.");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"bogus\": 1"), "HTTPBadRequest", "Unrecognized attribute(s) 'bogus'");
        assertBadRequest(rule(group, "\"direction\": \"ingress\", \"description\": \"%s\"".formatted("d".repeat(256))), "HTTPBadRequest", "description");
        assertThat(project.http().post(V2 + "/security-group-rules", "{\"security_group_rule\": {\"direction\": \"ingress\"}}").status()).isEqualTo(400);
        assertThat(project.http().post(V2 + "/security-group-rules", "{\"security_group_rule\": ").status()).isEqualTo(400);
        assertThat(project.http().post(V2 + "/security-group-rules", "[1]").status()).isEqualTo(400);
    }

    @Test
    void missingGroupsAreNotFound()
    {
        String group = newGroup();
        for (String remote : List.of("bad_group_id", UUID.randomUUID().toString())) {
            Http.Response response = rule(group, "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"remote_group_id\": \"%s\"".formatted(remote));
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupNotFound");
        }
        Http.Response noGroup = rule(UUID.randomUUID().toString(), "\"direction\": \"ingress\"");
        assertThat(noGroup.status()).isEqualTo(404);
        assertThat(noGroup.json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupNotFound");
        assertThat(project.http().get(V2 + "/security-group-rules/" + UUID.randomUUID()).json().path("NeutronError").path("type").asText())
                .isEqualTo("SecurityGroupRuleNotFound");
        assertThat(project.http().delete(V2 + "/security-group-rules/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void rulesAreStoredAsNeutronWritesThem()
    {
        String group = newGroup();
        JsonNode ssh = expect(rule(group, "\"direction\": \"ingress\", \"protocol\": \"TCP\", \"port_range_min\": 22, \"port_range_max\": 22, "
                + "\"remote_ip_prefix\": \"10.0.0.7/24\", \"description\": \"ssh\""), 201).json().path("security_group_rule");
        assertThat(ssh.path("protocol").asText()).isEqualTo("tcp");
        assertThat(ssh.path("ethertype").asText()).isEqualTo("IPv4");
        assertThat(ssh.path("remote_ip_prefix").asText()).isEqualTo("10.0.0.0/24");
        assertThat(ssh.path("normalized_cidr").asText()).isEqualTo("10.0.0.0/24");
        assertThat(ssh.path("description").asText()).isEqualTo("ssh");
        assertThat(ssh.path("project_id").asText()).isEqualTo(project.id());
        assertThat(ssh.path("remote_group_id").isNull()).isTrue();
        assertThat(ssh.path("remote_address_group_id").isNull()).isTrue();
        assertThat(ssh.has("tags")).isFalse();

        JsonNode shown = expect(project.http().get(V2 + "/security-group-rules/" + ssh.path("id").asText()), 200).json().path("security_group_rule");
        assertThat(shown).isEqualTo(ssh);

        JsonNode host = expect(rule(group, "\"direction\": \"ingress\", \"protocol\": 17, \"remote_ip_prefix\": \"192.0.2.9\""), 201)
                .json().path("security_group_rule");
        assertThat(host.path("protocol").asText()).isEqualTo("17");
        assertThat(host.path("remote_ip_prefix").asText()).isEqualTo("192.0.2.9/32");

        JsonNode v6 = expect(rule(group, "\"direction\": \"ingress\", \"ethertype\": \"ipv6\", \"protocol\": \"icmp\", "
                + "\"remote_ip_prefix\": \"2001:DB8:0:0::1/64\""), 201).json().path("security_group_rule");
        assertThat(v6.path("ethertype").asText()).isEqualTo("IPv6");
        assertThat(v6.path("protocol").asText()).isEqualTo("ipv6-icmp");
        assertThat(v6.path("remote_ip_prefix").asText()).isEqualTo("2001:db8::/64");

        JsonNode groupView = expect(project.http().get(V2 + "/security-groups/" + group), 200).json().path("security_group");
        assertThat(groupView.path("security_group_rules")).hasSize(5);
        assertThat(groupView.path("revision_number").asLong()).isGreaterThanOrEqualTo(3);

        JsonNode filtered = expect(project.http().get(V2 + "/security-group-rules?security_group_id=" + group + "&protocol=tcp&direction=ingress"), 200)
                .json().path("security_group_rules");
        assertThat(filtered).hasSize(1);
        assertThat(filtered.get(0).path("id").asText()).isEqualTo(ssh.path("id").asText());

        expect(project.http().delete(V2 + "/security-group-rules/" + ssh.path("id").asText()), 204);
        assertThat(project.http().get(V2 + "/security-group-rules/" + ssh.path("id").asText()).status()).isEqualTo(404);
    }

    @Test
    void aRuleThatMeansTheSameAsAnotherIsAConflict()
    {
        String group = newGroup();
        String first = expect(rule(group, "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 66, \"port_range_max\": 67"), 201)
                .json().path("security_group_rule").path("id").asText();
        for (String same : List.of(
                "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 66, \"port_range_max\": 67",
                "\"direction\": \"ingress\", \"protocol\": \"6\", \"port_range_min\": 66, \"port_range_max\": 67",
                "\"direction\": \"ingress\", \"protocol\": 6, \"port_range_min\": \"66\", \"port_range_max\": 67, \"ethertype\": \"ipv4\"",
                "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 66, \"port_range_max\": 67, \"remote_ip_prefix\": \"0.0.0.0/0\"")) {
            Http.Response response = rule(group, same);
            assertThat(response.status()).as(same).isEqualTo(409);
            assertThat(response.json().path("NeutronError").path("type").asText()).isEqualTo("SecurityGroupRuleExists");
            assertThat(response.json().path("NeutronError").path("message").asText()).contains(first);
        }
        // the default egress rules count too
        assertThat(rule(group, "\"direction\": \"egress\", \"ethertype\": \"IPv6\"").status()).isEqualTo(409);
        // a different description is still the same rule; another port range is not
        assertThat(rule(group, "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 66, \"port_range_max\": 67, "
                + "\"description\": \"again\"").status()).isEqualTo(409);
        expect(rule(group, "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 66, \"port_range_max\": 68"), 201);
    }

    @Test
    void concurrentIdenticalRulesMakeOne()
            throws Exception
    {
        String group = newGroup();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(() -> rule(group, "\"direction\": \"ingress\", \"protocol\": \"udp\", \"port_range_min\": 53, \"port_range_max\": 53").status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(status -> status == 201).count()).isEqualTo(1);
        JsonNode rules = expect(project.http().get(V2 + "/security-group-rules?security_group_id=" + group + "&protocol=udp"), 200)
                .json().path("security_group_rules");
        assertThat(rules).hasSize(1);
    }

    @Test
    void concurrentDifferentRulesAreAllMade()
            throws Exception
    {
        String group = newGroup();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int port = 8000 + i;
            calls.add(() -> rule(group, "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": %d, \"port_range_max\": %d"
                    .formatted(port, port)).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).containsOnly(201);
        JsonNode shown = expect(project.http().get(V2 + "/security-groups/" + group), 200).json().path("security_group");
        assertThat(shown.path("security_group_rules")).hasSize(18);
    }

    @Test
    void aRemoteGroupMayBeNamedAndItsDeletionTakesTheRuleAlong()
    {
        String group = newGroup();
        String remote = newGroup();
        JsonNode created = expect(rule(group, "\"direction\": \"ingress\", \"protocol\": \"udp\", \"port_range_min\": 50, \"port_range_max\": 55, "
                + "\"remote_group_id\": \"%s\"".formatted(remote)), 201).json().path("security_group_rule");
        assertThat(created.path("remote_group_id").asText()).isEqualTo(remote);
        expect(project.http().delete(V2 + "/security-groups/" + remote), 204);
        assertThat(project.http().get(V2 + "/security-group-rules/" + created.path("id").asText()).status()).isEqualTo(404);
    }

    @Test
    void anotherProjectsRuleIsNotFound()
    {
        String group = newGroup();
        String id = expect(rule(group, "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 443, \"port_range_max\": 443"), 201)
                .json().path("security_group_rule").path("id").asText();
        Project stranger = SecurityTestProjects.create(server, admin, "member");
        assertThat(stranger.http().get(V2 + "/security-group-rules/" + id).status()).isEqualTo(404);
        assertThat(stranger.http().delete(V2 + "/security-group-rules/" + id).status()).isEqualTo(404);
        JsonNode listed = expect(stranger.http().get(V2 + "/security-group-rules"), 200).json().path("security_group_rules");
        listed.forEach(rule -> assertThat(rule.path("project_id").asText()).isEqualTo(stranger.id()));
        // another project's group cannot be a remote either
        Http.Response remote = stranger.http().post(V2 + "/security-group-rules", """
                {"security_group_rule": {"security_group_id": "%s", "direction": "ingress", "remote_group_id": "%s"}}"""
                .formatted(expect(stranger.http().get(V2 + "/security-groups"), 200).json().path("security_groups").get(0).path("id").asText(), group));
        assertThat(remote.status()).isEqualTo(404);
    }
}
