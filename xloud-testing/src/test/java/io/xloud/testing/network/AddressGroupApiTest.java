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

import static io.xloud.testing.network.SecurityTestProjects.V2;
import static io.xloud.testing.network.SecurityTestProjects.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Address groups: normalised addresses, adding and removing them, and their use as a rule's remote. */
class AddressGroupApiTest
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

    private static List<String> addresses(JsonNode group)
    {
        List<String> addresses = new ArrayList<>();
        group.path("addresses").forEach(address -> addresses.add(address.asText()));
        return addresses;
    }

    @Test
    void addressesAreNormalisedAddedAndRemoved()
    {
        Http http = SecurityTestProjects.create(server, admin, "member").http();
        JsonNode created = expect(http.post(V2 + "/address-groups", """
                {"address_group": {"name": "office", "description": "the office", "addresses": ["10.0.0.7/24", "192.0.2.1", "2001:DB8::1/64", "10.0.0.0/24"]}}"""),
                201).json().path("address_group");
        String id = created.path("id").asText();
        assertThat(created.path("name").asText()).isEqualTo("office");
        assertThat(addresses(created)).containsExactlyInAnyOrder("10.0.0.0/24", "192.0.2.1/32", "2001:db8::/64");

        Http.Response present = http.put(V2 + "/address-groups/" + id + "/add_addresses", "{\"addresses\": [\"10.0.0.1/24\"]}");
        assertThat(present.status()).isEqualTo(400);
        assertThat(present.json().path("NeutronError").path("type").asText()).isEqualTo("AddressesAlreadyExist");

        JsonNode added = expect(http.put(V2 + "/address-groups/" + id + "/add_addresses", "{\"addresses\": [\"172.16.0.0/12\"]}"), 200)
                .json().path("address_group");
        assertThat(addresses(added)).contains("172.16.0.0/12").hasSize(4);

        Http.Response absent = http.put(V2 + "/address-groups/" + id + "/remove_addresses", "{\"addresses\": [\"198.51.100.0/24\"]}");
        assertThat(absent.status()).isEqualTo(400);
        assertThat(absent.json().path("NeutronError").path("type").asText()).isEqualTo("AddressesNotFound");

        JsonNode removed = expect(http.put(V2 + "/address-groups/" + id + "/remove_addresses", "{\"addresses\": [\"192.0.2.1\", \"10.0.0.0/24\"]}"), 200)
                .json().path("address_group");
        assertThat(addresses(removed)).containsExactlyInAnyOrder("2001:db8::/64", "172.16.0.0/12");
        assertThat(removed.path("revision_number").asLong()).isGreaterThan(created.path("revision_number").asLong());

        JsonNode updated = expect(http.put(V2 + "/address-groups/" + id, "{\"address_group\": {\"name\": \"hq\"}}"), 200).json().path("address_group");
        assertThat(updated.path("name").asText()).isEqualTo("hq");
        assertThat(expect(http.get(V2 + "/address-groups?name=hq"), 200).json().path("address_groups")).hasSize(1);

        for (String bad : List.of("{\"addresses\": [\"300.1.1.1\"]}", "{\"addresses\": \"10.0.0.0/8\"}", "{\"addresses\": [5]}", "{}", "[]")) {
            assertThat(http.put(V2 + "/address-groups/" + id + "/add_addresses", bad).status()).as(bad).isEqualTo(400);
        }
        assertThat(http.post(V2 + "/address-groups", "{\"address_group\": {\"addresses\": [\"bad\"]}}").status()).isEqualTo(400);
        assertThat(http.post(V2 + "/address-groups", "{\"address_group\": {\"bogus\": 1}}").status()).isEqualTo(400);

        expect(http.delete(V2 + "/address-groups/" + id), 204);
        assertThat(http.get(V2 + "/address-groups/" + id).json().path("NeutronError").path("type").asText()).isEqualTo("AddressGroupNotFound");
    }

    @Test
    void aRuleNamesAnAddressGroupWhichThenCannotBeDeleted()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        Http http = project.http();
        String addressGroup = expect(http.post(V2 + "/address-groups", """
                {"address_group": {"name": "peers", "addresses": ["10.1.0.0/16"]}}"""), 201).json().path("address_group").path("id").asText();
        String group = expect(http.post(V2 + "/security-groups", "{\"security_group\": {\"name\": \"with-peers\"}}"), 201)
                .json().path("security_group").path("id").asText();
        JsonNode rule = expect(http.post(V2 + "/security-group-rules", """
                {"security_group_rule": {"security_group_id": "%s", "direction": "ingress", "protocol": "tcp", "port_range_min": 5432,
                 "port_range_max": 5432, "remote_address_group_id": "%s"}}""".formatted(group, addressGroup)), 201).json().path("security_group_rule");
        assertThat(rule.path("remote_address_group_id").asText()).isEqualTo(addressGroup);

        Http.Response both = http.post(V2 + "/security-group-rules", """
                {"security_group_rule": {"security_group_id": "%s", "direction": "ingress", "remote_ip_prefix": "10.0.0.0/8",
                 "remote_address_group_id": "%s"}}""".formatted(group, addressGroup));
        assertThat(both.status()).isEqualTo(400);
        Http.Response missing = http.post(V2 + "/security-group-rules", """
                {"security_group_rule": {"security_group_id": "%s", "direction": "ingress", "remote_address_group_id": "%s"}}"""
                .formatted(group, UUID.randomUUID()));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("NeutronError").path("type").asText()).isEqualTo("AddressGroupNotFound");

        Http.Response inUse = http.delete(V2 + "/address-groups/" + addressGroup);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().path("NeutronError").path("type").asText()).isEqualTo("AddressGroupInUse");
        expect(http.delete(V2 + "/security-group-rules/" + rule.path("id").asText()), 204);
        expect(http.delete(V2 + "/address-groups/" + addressGroup), 204);
    }

    @Test
    void anotherProjectsAddressGroupIsNotFound()
    {
        Http owner = SecurityTestProjects.create(server, admin, "member").http();
        Http stranger = SecurityTestProjects.create(server, admin, "member").http();
        String id = expect(owner.post(V2 + "/address-groups", "{\"address_group\": {\"name\": \"private\", \"addresses\": []}}"), 201)
                .json().path("address_group").path("id").asText();
        assertThat(stranger.get(V2 + "/address-groups/" + id).status()).isEqualTo(404);
        assertThat(stranger.put(V2 + "/address-groups/" + id + "/add_addresses", "{\"addresses\": [\"10.0.0.0/8\"]}").status()).isEqualTo(404);
        assertThat(stranger.delete(V2 + "/address-groups/" + id).status()).isEqualTo(404);
        assertThat(expect(stranger.get(V2 + "/address-groups"), 200).json().path("address_groups")).isEmpty();
        expect(admin.get(V2 + "/address-groups/" + id), 200);
    }
}
