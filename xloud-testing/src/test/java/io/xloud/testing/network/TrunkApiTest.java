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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.network.SecurityTestProjects.V2;
import static io.xloud.testing.network.SecurityTestProjects.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Trunks (trunk, trunk-details): a parent port, its subports, and Neutron's trunk plugin rules. */
class TrunkApiTest
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

    /** A network of the project and {@code count} ports on it. */
    private static List<String> ports(Http http, int count)
    {
        String network = expect(http.post(V2 + "/networks", "{\"network\": {\"name\": \"trunked\"}}"), 201).json().path("network").path("id").asText();
        List<String> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(expect(http.post(V2 + "/ports", "{\"port\": {\"network_id\": \"%s\", \"name\": \"p%d\"}}".formatted(network, i)), 201)
                    .json().path("port").path("id").asText());
        }
        return ports;
    }

    private static JsonNode createTrunk(Http http, String body)
    {
        return expect(http.post(V2 + "/trunks", body), 201).json().path("trunk");
    }

    private static String type(Http.Response response)
    {
        return response.json().path("NeutronError").path("type").asText();
    }

    private static void assertError(Http.Response response, int status, String type)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(type(response)).as(response.body()).isEqualTo(type);
        assertThat(response.json().path("NeutronError").has("message")).isTrue();
        assertThat(response.json().path("NeutronError").has("detail")).isTrue();
    }

    @Test
    void aTrunkIsCreatedShownListedUpdatedAndDeleted()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        Http http = project.http();
        List<String> ports = ports(http, 5);
        JsonNode trunk = createTrunk(http, """
                {"trunk": {"name": "t1", "description": "first", "port_id": "%s", "tags": ["blue"],
                 "sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 100}]}}""".formatted(ports.get(0), ports.get(1)));
        String id = trunk.path("id").asText();
        assertThat(trunk.path("name").asText()).isEqualTo("t1");
        assertThat(trunk.path("description").asText()).isEqualTo("first");
        assertThat(trunk.path("port_id").asText()).isEqualTo(ports.get(0));
        assertThat(trunk.path("admin_state_up").asBoolean()).isTrue();
        assertThat(trunk.path("status").asText()).isEqualTo("DOWN");
        assertThat(trunk.path("project_id").asText()).isEqualTo(project.id());
        assertThat(trunk.path("tenant_id").asText()).isEqualTo(project.id());
        assertThat(trunk.path("tags").toString()).isEqualTo("[\"blue\"]");
        assertThat(trunk.has("created_at")).isTrue();
        assertThat(trunk.has("updated_at")).isTrue();
        assertThat(trunk.path("sub_ports")).hasSize(1);
        assertThat(trunk.path("sub_ports").get(0).path("port_id").asText()).isEqualTo(ports.get(1));
        assertThat(trunk.path("sub_ports").get(0).path("segmentation_type").asText()).isEqualTo("vlan");
        assertThat(trunk.path("sub_ports").get(0).path("segmentation_id").asInt()).isEqualTo(100);

        JsonNode shown = expect(http.get(V2 + "/trunks/" + id), 200).json().path("trunk");
        assertThat(shown.path("sub_ports")).hasSize(1);
        assertThat(expect(http.get(V2 + "/trunks/" + id + "?fields=name"), 200).json().path("trunk").size()).isEqualTo(1);
        assertThat(expect(http.get(V2 + "/trunks?name=t1"), 200).json().path("trunks")).hasSize(1);
        assertThat(expect(http.get(V2 + "/trunks?port_id=" + ports.get(0)), 200).json().path("trunks")).hasSize(1);
        assertThat(expect(http.get(V2 + "/trunks?tags=blue"), 200).json().path("trunks")).hasSize(1);
        assertThat(expect(http.get(V2 + "/trunks?status=DOWN&name=t1"), 200).json().path("trunks")).hasSize(1);
        assertThat(expect(http.get(V2 + "/trunks?name=nope"), 200).json().path("trunks")).isEmpty();
        assertThat(http.get(V2 + "/trunks?bogus=1").status()).isEqualTo(400);
        JsonNode projected = expect(http.get(V2 + "/trunks?fields=status&fields=sub_ports"), 200).json().path("trunks").get(0);
        assertThat(projected.size()).isEqualTo(2);
        assertThat(projected.path("status").asText()).isEqualTo("DOWN");
        assertThat(projected.path("sub_ports")).hasSize(1);
        createTrunk(http, "{\"trunk\": {\"name\": \"a-first\", \"port_id\": \"%s\"}}".formatted(ports.get(4)));
        JsonNode sorted = expect(http.get(V2 + "/trunks?sort_key=name&sort_dir=asc&limit=1"), 200).json();
        assertThat(sorted.path("trunks").get(0).path("name").asText()).isEqualTo("a-first");
        assertThat(sorted.path("trunks_links").get(0).path("rel").asText()).isEqualTo("next");

        JsonNode updated = expect(http.put(V2 + "/trunks/" + id, "{\"trunk\": {\"name\": \"t2\", \"description\": \"renamed\"}}"), 200).json().path("trunk");
        assertThat(updated.path("name").asText()).isEqualTo("t2");
        assertThat(updated.path("revision_number").asLong()).isGreaterThan(trunk.path("revision_number").asLong());
        assertThat(http.put(V2 + "/trunks/" + id, "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(ports.get(2))).status()).isEqualTo(400);

        JsonNode added = expect(http.put(V2 + "/trunks/" + id + "/add_subports", """
                {"sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": "101"},
                               {"port_id": "%s", "segmentation_type": "inherit"}]}""".formatted(ports.get(2), ports.get(3))), 200).json();
        assertThat(added.path("id").asText()).isEqualTo(id);
        assertThat(added.path("sub_ports")).hasSize(3);
        JsonNode subPorts = expect(http.get(V2 + "/trunks/" + id + "/get_subports"), 200).json().path("sub_ports");
        assertThat(subPorts).hasSize(3);

        JsonNode removed = expect(http.put(V2 + "/trunks/" + id + "/remove_subports", """
                {"sub_ports": [{"port_id": "%s"}]}""".formatted(ports.get(1))), 200).json();
        List<String> left = new ArrayList<>();
        removed.path("sub_ports").forEach(subPort -> left.add(subPort.path("port_id").asText()));
        assertThat(left).containsExactlyInAnyOrder(ports.get(2), ports.get(3));
        // a removed subport is a plain port again
        expect(http.delete(V2 + "/ports/" + ports.get(1)), 204);

        expect(http.delete(V2 + "/trunks/" + id), 204);
        assertError(http.get(V2 + "/trunks/" + id), 404, "TrunkNotFound");
        // the parent and subports are free again
        expect(http.delete(V2 + "/ports/" + ports.get(0)), 204);
        expect(http.delete(V2 + "/ports/" + ports.get(2)), 204);
    }

    @Test
    void aParentPortShowsItsTrunkDetails()
    {
        Http http = SecurityTestProjects.create(server, admin, "member").http();
        List<String> ports = ports(http, 3);
        String trunk = createTrunk(http, """
                {"trunk": {"port_id": "%s", "sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 7}]}}"""
                .formatted(ports.get(0), ports.get(1))).path("id").asText();
        String subPortMac = expect(http.get(V2 + "/ports/" + ports.get(1)), 200).json().path("port").path("mac_address").asText();

        JsonNode details = expect(http.get(V2 + "/ports/" + ports.get(0)), 200).json().path("port").path("trunk_details");
        assertThat(details.path("trunk_id").asText()).isEqualTo(trunk);
        assertThat(details.path("sub_ports")).hasSize(1);
        JsonNode subPort = details.path("sub_ports").get(0);
        assertThat(subPort.path("port_id").asText()).isEqualTo(ports.get(1));
        assertThat(subPort.path("segmentation_type").asText()).isEqualTo("vlan");
        assertThat(subPort.path("segmentation_id").asInt()).isEqualTo(7);
        assertThat(subPort.path("mac_address").asText()).isEqualTo(subPortMac);
        assertThat(expect(http.get(V2 + "/ports/" + ports.get(1)), 200).json().path("port").has("trunk_details")).isFalse();

        JsonNode listed = expect(http.get(V2 + "/ports"), 200).json().path("ports");
        int withDetails = 0;
        for (JsonNode port : listed) {
            if (port.has("trunk_details")) {
                withDetails++;
                assertThat(port.path("id").asText()).isEqualTo(ports.get(0));
                assertThat(port.path("trunk_details").path("trunk_id").asText()).isEqualTo(trunk);
            }
        }
        assertThat(withDetails).isEqualTo(1);

        // an empty trunk still shows its id on the parent
        expect(http.put(V2 + "/trunks/" + trunk + "/remove_subports", "{\"sub_ports\": [{\"port_id\": \"%s\"}]}".formatted(ports.get(1))), 200);
        JsonNode empty = expect(http.get(V2 + "/ports/" + ports.get(0)), 200).json().path("port").path("trunk_details");
        assertThat(empty.path("trunk_id").asText()).isEqualTo(trunk);
        assertThat(empty.path("sub_ports")).isEmpty();
    }

    @Test
    void portsInTrunksAreRefused()
    {
        Http http = SecurityTestProjects.create(server, admin, "member").http();
        List<String> ports = ports(http, 5);
        String trunk = createTrunk(http, """
                {"trunk": {"port_id": "%s", "sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 10}]}}"""
                .formatted(ports.get(0), ports.get(1))).path("id").asText();

        // a parent already a parent, or a subport of a trunk
        assertError(http.post(V2 + "/trunks", "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(ports.get(0))), 409, "TrunkPortInUse");
        assertError(http.post(V2 + "/trunks", "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(ports.get(1))), 409, "TrunkPortInUse");
        // a subport already in a trunk, or the parent itself
        assertError(http.put(V2 + "/trunks/" + trunk + "/add_subports", """
                {"sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 11}]}""".formatted(ports.get(1))), 409, "TrunkPortInUse");
        assertError(http.put(V2 + "/trunks/" + trunk + "/add_subports", """
                {"sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 11}]}""".formatted(ports.get(0))), 409, "TrunkPortInUse");
        assertError(http.post(V2 + "/trunks", """
                {"trunk": {"port_id": "%s", "sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 5}]}}"""
                .formatted(ports.get(2), ports.get(2))), 409, "TrunkPortInUse");
        // a segmentation the trunk already uses
        assertError(http.put(V2 + "/trunks/" + trunk + "/add_subports", """
                {"sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 10}]}""".formatted(ports.get(2))), 409, "DuplicateSubPort");
        // ports that do not exist
        assertError(http.post(V2 + "/trunks", "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(UUID.randomUUID())), 404, "PortNotFound");
        assertError(http.put(V2 + "/trunks/" + trunk + "/add_subports", """
                {"sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 12}]}""".formatted(UUID.randomUUID())), 404, "PortNotFound");
        assertError(http.put(V2 + "/trunks/" + trunk + "/remove_subports", "{\"sub_ports\": [{\"port_id\": \"%s\"}]}".formatted(ports.get(3))),
                404, "SubPortNotFound");
        // nothing of the refused changes happened
        assertThat(expect(http.get(V2 + "/trunks/" + trunk + "/get_subports"), 200).json().path("sub_ports")).hasSize(1);

        // a port in a trunk cannot be deleted
        assertError(http.delete(V2 + "/ports/" + ports.get(0)), 409, "PortInUseAsTrunkParent");
        assertError(http.delete(V2 + "/ports/" + ports.get(1)), 409, "PortInUseAsSubPort");
        expect(http.get(V2 + "/ports/" + ports.get(0)), 200);

        // a disabled trunk refuses subport changes and deletion until it is enabled again
        JsonNode disabled = expect(http.put(V2 + "/trunks/" + trunk, "{\"trunk\": {\"admin_state_up\": false}}"), 200).json().path("trunk");
        assertThat(disabled.path("admin_state_up").asBoolean()).isFalse();
        assertError(http.delete(V2 + "/trunks/" + trunk), 409, "TrunkDisabled");
        assertError(http.put(V2 + "/trunks/" + trunk + "/add_subports", """
                {"sub_ports": [{"port_id": "%s", "segmentation_type": "vlan", "segmentation_id": 20}]}""".formatted(ports.get(4))), 409, "TrunkDisabled");
        assertError(http.put(V2 + "/trunks/" + trunk + "/remove_subports", "{\"sub_ports\": [{\"port_id\": \"%s\"}]}".formatted(ports.get(1))),
                409, "TrunkDisabled");
        expect(http.put(V2 + "/trunks/" + trunk, "{\"trunk\": {\"admin_state_up\": true}}"), 200);

        // a trunk whose parent is bound to a host is ACTIVE and in use
        expect(admin.put(V2 + "/ports/" + ports.get(0), "{\"port\": {\"binding:host_id\": \"node1\"}}"), 200);
        assertThat(expect(http.get(V2 + "/trunks/" + trunk), 200).json().path("trunk").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(expect(http.get(V2 + "/trunks?status=ACTIVE"), 200).json().path("trunks")).hasSize(1);
        assertError(http.delete(V2 + "/trunks/" + trunk), 409, "TrunkInUse");
        expect(admin.put(V2 + "/ports/" + ports.get(0), "{\"port\": {\"binding:host_id\": \"\"}}"), 200);
        expect(http.delete(V2 + "/trunks/" + trunk), 204);
    }

    @Test
    void malformedAndHostileInputIsABadRequest()
    {
        Http http = SecurityTestProjects.create(server, admin, "member").http();
        List<String> ports = ports(http, 2);
        String parent = ports.get(0);
        String sub = ports.get(1);
        String trunk = createTrunk(http, "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(parent)).path("id").asText();

        for (String subPort : List.of(
                "{\"port_id\": \"%s\", \"segmentation_type\": \"vlan\"}",
                "{\"port_id\": \"%s\", \"segmentation_type\": \"vlan\", \"segmentation_id\": 0}",
                "{\"port_id\": \"%s\", \"segmentation_type\": \"vlan\", \"segmentation_id\": 4095}",
                "{\"port_id\": \"%s\", \"segmentation_type\": \"vlan\", \"segmentation_id\": 99999999999999999999}",
                "{\"port_id\": \"%s\", \"segmentation_type\": \"qinq\", \"segmentation_id\": 10}",
                "{\"port_id\": \"%s\", \"segmentation_type\": \"vlan\", \"segmentation_id\": true}",
                "{\"port_id\": \"%s\", \"segmentation_type\": \"vlan\", \"segmentation_id\": \"ten\"}")) {
            String body = "{\"sub_ports\": [" + subPort.formatted(sub) + "]}";
            assertError(http.put(V2 + "/trunks/" + trunk + "/add_subports", body), 400, "InvalidInput");
        }
        for (String body : List.of("{}", "[]", "{\"sub_ports\": {}}", "{\"sub_ports\": [5]}", "{\"sub_ports\": [{\"segmentation_type\": \"inherit\"}]}",
                "{\"sub_ports\": [{\"port_id\": 5, \"segmentation_type\": \"inherit\"}]}",
                "{\"sub_ports\": [{\"port_id\": \"%s\", \"segmentation_type\": \"inherit\", \"bogus\": 1}]}".formatted(sub), "not json")) {
            Http.Response response = http.put(V2 + "/trunks/" + trunk + "/add_subports", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().has("NeutronError")).as(body).isTrue();
        }
        // the same port or segmentation twice in one request
        assertError(http.put(V2 + "/trunks/" + trunk + "/add_subports", """
                {"sub_ports": [{"port_id": "%s", "segmentation_type": "inherit"}, {"port_id": "%s", "segmentation_type": "inherit"}]}"""
                .formatted(sub, sub)), 400, "InvalidInput");

        for (String body : List.of("{\"trunk\": {}}", "{\"trunk\": {\"port_id\": 5}}", "{\"trunk\": {\"port_id\": \"%s\", \"bogus\": 1}}".formatted(sub),
                "{\"trunk\": {\"port_id\": \"%s\", \"admin_state_up\": \"maybe\"}}".formatted(sub), "{\"trunk\": {\"port_id\": \"%s\", \"sub_ports\": 3}}".formatted(sub),
                "{\"trunk\": {\"port_id\": \"%s\", \"tags\": [1]}}".formatted(sub), "{\"trunk\": []}", "{\"trunks\": {}}",
                "{\"trunk\": {\"port_id\": \"%s\", \"name\": \"%s\"}}".formatted(sub, "n".repeat(300)))) {
            Http.Response response = http.post(V2 + "/trunks", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().has("NeutronError")).as(body).isTrue();
        }
        assertThat(http.put(V2 + "/trunks/" + trunk, "{\"trunk\": {\"sub_ports\": []}}").status()).isEqualTo(400);

        // a hostile list of subports is refused before any port is looked up
        StringBuilder many = new StringBuilder("{\"sub_ports\": [");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"port_id\":\"p").append(i).append("\",\"segmentation_type\":\"inherit\"}");
        }
        many.append("]}");
        assertError(http.put(V2 + "/trunks/" + trunk + "/add_subports", many.toString()), 400, "InvalidInput");
        assertError(http.put(V2 + "/trunks/" + trunk + "/remove_subports", many.toString()), 400, "InvalidInput");
        assertError(http.post(V2 + "/trunks", "{\"trunk\": {\"port_id\": \"%s\", \"sub_ports\": %s}}".formatted(sub,
                many.substring("{\"sub_ports\": ".length(), many.length() - 1))), 400, "InvalidInput");
        // a body past the size limit is refused in Neutron's format, not with a 500
        StringBuilder huge = new StringBuilder("{\"sub_ports\": [");
        for (int i = 0; i < 20000; i++) {
            huge.append(i == 0 ? "" : ",").append("{\"port_id\":\"").append(UUID.randomUUID()).append("\",\"segmentation_type\":\"inherit\"}");
        }
        huge.append("]}");
        Http.Response hostile = http.put(V2 + "/trunks/" + trunk + "/add_subports", huge.toString());
        assertThat(hostile.status()).isIn(400, 413);
        assertThat(hostile.json().has("NeutronError")).isTrue();
        assertThat(expect(http.get(V2 + "/trunks/" + trunk), 200).json().path("trunk").path("sub_ports")).isEmpty();
    }

    @Test
    void everyAttributeWithEveryKindOfValueIsA4xxInNeutronsFormat()
    {
        Http http = SecurityTestProjects.create(server, admin, "member").http();
        List<String> ports = ports(http, 3);
        String trunk = createTrunk(http, "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(ports.get(0))).path("id").asText();
        List<String> values = List.of("null", "true", "-1", "0", "4095", "1e400", "99999999999999999999999", "\"\"", "\"" + "x".repeat(5000) + "\"", "[]",
                "[null]", "[[]]", "{}", "{\"a\": null}", "\"\\u0000\"", "\"%00\"", "3.5", "\"vlan\"", "[{}]", "[{\"port_id\": null}]");
        List<String> failures = new ArrayList<>();
        for (String value : values) {
            for (String attribute : List.of("name", "description", "port_id", "admin_state_up", "sub_ports", "tags", "project_id")) {
                String body = attribute.equals("port_id") ? "{\"trunk\": {\"port_id\": " + value + "}}"
                        : "{\"trunk\": {\"port_id\": \"" + ports.get(1) + "\", \"" + attribute + "\": " + value + "}}";
                check(failures, http.post(V2 + "/trunks", body), "POST " + body);
                check(failures, http.put(V2 + "/trunks/" + trunk, "{\"trunk\": {\"" + attribute + "\": " + value + "}}"), "PUT " + attribute + " " + value);
            }
            for (String attribute : List.of("port_id", "segmentation_type", "segmentation_id")) {
                String subPort = attribute.equals("port_id") ? "{\"port_id\": " + value + ", \"segmentation_type\": \"inherit\"}"
                        : "{\"port_id\": \"" + ports.get(2) + "\", \"segmentation_type\": \"vlan\", \"segmentation_id\": 9, \"" + attribute + "\": " + value + "}";
                for (String action : List.of("add_subports", "remove_subports")) {
                    check(failures, http.put(V2 + "/trunks/" + trunk + "/" + action, "{\"sub_ports\": [" + subPort + "]}"), action + " " + subPort);
                }
                // a subport that was added is removed again, so the next value meets a free port
                http.put(V2 + "/trunks/" + trunk + "/remove_subports", "{\"sub_ports\": [{\"port_id\": \"" + ports.get(2) + "\"}]}");
            }
            check(failures, http.put(V2 + "/trunks/" + trunk + "/add_subports", "{\"sub_ports\": " + value + "}"), "add_subports " + value);
        }
        for (String path : List.of("/trunks/%00", "/trunks/" + "x".repeat(3000), "/trunks/..%2F..", "/trunks?limit=abc", "/trunks?status=%27",
                "/trunks?sort_key=status", "/trunks?admin_state_up=maybe", "/trunks/" + trunk + "/get_subports?x=%00")) {
            check(failures, http.get(V2 + path), "GET " + path);
        }
        assertThat(failures).isEmpty();
    }

    private static void check(List<String> failures, Http.Response response, String what)
    {
        String shown = what.substring(0, Math.min(200, what.length()));
        if (response.status() >= 500) {
            failures.add(shown + " -> " + response.status() + " " + response.body());
        }
        else if (response.status() >= 400 && !response.body().contains("NeutronError")) {
            failures.add(shown + " -> " + response.status() + " without NeutronError: " + response.body());
        }
    }

    @Test
    void anotherProjectsTrunkAndPortsAreNotFound()
    {
        Http alice = SecurityTestProjects.create(server, admin, "member").http();
        Http bob = SecurityTestProjects.create(server, admin, "member").http();
        List<String> alicePorts = ports(alice, 2);
        String trunk = createTrunk(alice, "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(alicePorts.get(0))).path("id").asText();

        assertError(bob.get(V2 + "/trunks/" + trunk), 404, "TrunkNotFound");
        assertError(bob.put(V2 + "/trunks/" + trunk, "{\"trunk\": {\"name\": \"mine\"}}"), 404, "TrunkNotFound");
        assertError(bob.delete(V2 + "/trunks/" + trunk), 404, "TrunkNotFound");
        assertError(bob.get(V2 + "/trunks/" + trunk + "/get_subports"), 404, "TrunkNotFound");
        assertError(bob.put(V2 + "/trunks/" + trunk + "/add_subports", "{\"sub_ports\": []}"), 404, "TrunkNotFound");
        assertThat(expect(bob.get(V2 + "/trunks"), 200).json().path("trunks")).isEmpty();
        // another project's port is neither a parent nor a subport for bob
        assertError(bob.post(V2 + "/trunks", "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(alicePorts.get(1))), 404, "PortNotFound");
        List<String> bobPorts = ports(bob, 1);
        assertError(bob.post(V2 + "/trunks", """
                {"trunk": {"port_id": "%s", "sub_ports": [{"port_id": "%s", "segmentation_type": "inherit"}]}}"""
                .formatted(bobPorts.get(0), alicePorts.get(1))), 404, "PortNotFound");
        // an admin sees every project's trunks
        assertThat(expect(admin.get(V2 + "/trunks/" + trunk), 200).json().path("trunk").path("id").asText()).isEqualTo(trunk);
    }

    @Test
    void aReaderMayLookButNotChange()
    {
        Project project = SecurityTestProjects.create(server, admin, "member");
        List<String> ports = ports(project.http(), 1);
        String trunk = createTrunk(project.http(), "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(ports.get(0))).path("id").asText();
        String userSuffix = UUID.randomUUID().toString().substring(0, 8);
        expect(admin.post("/identity/v3/users", "{\"user\": {\"name\": \"reader-%s\", \"password\": \"Secret-%s\", \"domain_id\": \"default\"}}"
                .formatted(userSuffix, userSuffix)), 201);
        String user = expect(admin.get("/identity/v3/users?name=reader-" + userSuffix), 200).json().path("users").get(0).path("id").asText();
        String reader = expect(admin.get("/identity/v3/roles?name=reader"), 200).json().path("roles").get(0).path("id").asText();
        expect(admin.put("/identity/v3/projects/" + project.id() + "/users/" + user + "/roles/" + reader, null), 204);
        Http http = server.http();
        String projectName = expect(admin.get("/identity/v3/projects/" + project.id()), 200).json().path("project").path("name").asText();
        http.login("reader-" + userSuffix, "Secret-" + userSuffix, projectName);

        expect(http.get(V2 + "/trunks/" + trunk), 200);
        expect(http.get(V2 + "/trunks/" + trunk + "/get_subports"), 200);
        assertThat(http.put(V2 + "/trunks/" + trunk, "{\"trunk\": {\"name\": \"x\"}}").status()).isEqualTo(403);
        assertThat(http.delete(V2 + "/trunks/" + trunk).status()).isEqualTo(403);
        assertThat(http.put(V2 + "/trunks/" + trunk + "/add_subports", "{\"sub_ports\": []}").status()).isEqualTo(403);
    }

    @Test
    void theSameSubportAddedToTwoTrunksAtOnceJoinsOne()
            throws Exception
    {
        Http http = SecurityTestProjects.create(server, admin, "member").http();
        List<String> ports = ports(http, 3);
        String first = createTrunk(http, "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(ports.get(0))).path("id").asText();
        String second = createTrunk(http, "{\"trunk\": {\"port_id\": \"%s\"}}".formatted(ports.get(1))).path("id").asText();
        String body = "{\"sub_ports\": [{\"port_id\": \"%s\", \"segmentation_type\": \"vlan\", \"segmentation_id\": 42}]}".formatted(ports.get(2));

        int threads = 8;
        CountDownLatch ready = new CountDownLatch(threads);
        ConcurrentLinkedQueue<Http.Response> responses = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String trunk = i % 2 == 0 ? first : second;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    responses.add(http.put(V2 + "/trunks/" + trunk + "/add_subports", body));
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(responses.stream().filter(response -> response.status() == 200).count()).isEqualTo(1);
        assertThat(responses.stream().filter(response -> response.status() == 409).count()).isEqualTo(threads - 1);
        assertThat(responses.stream().filter(response -> response.status() == 409).map(TrunkApiTest::type).distinct().toList())
                .containsExactly("TrunkPortInUse");
        int subPorts = expect(http.get(V2 + "/trunks/" + first + "/get_subports"), 200).json().path("sub_ports").size()
                + expect(http.get(V2 + "/trunks/" + second + "/get_subports"), 200).json().path("sub_ports").size();
        assertThat(subPorts).isEqualTo(1);
    }

    @Test
    void theExtensionsAreListed()
    {
        Http http = SecurityTestProjects.create(server, admin, "member").http();
        expect(http.get(V2 + "/extensions/trunk"), 200);
        expect(http.get(V2 + "/extensions/trunk-details"), 200);
    }
}
