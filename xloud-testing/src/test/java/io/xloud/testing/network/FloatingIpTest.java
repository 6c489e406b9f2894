package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.network.L3Fixtures.V2;
import static io.xloud.testing.network.L3Fixtures.expect;
import static io.xloud.testing.network.L3Fixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

/** Floating IPs: where they may come from, what they may be associated with, and what happens when their port goes. */
class FloatingIpTest
{
    private static TestServer server;
    private static Http admin;
    private static String publicId;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        publicId = L3Fixtures.publicNetwork(admin);
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    /** A member's network and subnet joined by a router with a gateway on public. */
    private record Topology(Http http, String projectId, String networkId, String subnetId, String routerId) {}

    private static Topology topology(String cidr)
    {
        L3Fixtures.Member member = L3Fixtures.member(server, admin);
        Http http = member.http();
        String networkId = L3Fixtures.network(http, "net");
        String subnetId = L3Fixtures.subnet(http, networkId, cidr).path("id").asText();
        String routerId = L3Fixtures.router(http, """
                {"router": {"name": "r", "external_gateway_info": {"network_id": "%s"}}}""".formatted(publicId)).path("id").asText();
        L3Fixtures.addSubnetInterface(http, routerId, subnetId);
        return new Topology(http, member.projectId(), networkId, subnetId, routerId);
    }

    private static JsonNode floatingIp(Http http, String body)
    {
        return expect(http.post(V2 + "/floatingips", body), 201).json().path("floatingip");
    }

    @Test
    void aFloatingIpComesFromAnExternalNetworkOnly()
    {
        Topology topology = topology("10.20.0.0/24");
        Http.Response privateNetwork = topology.http().post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s"}}""".formatted(topology.networkId()));
        assertThat(privateNetwork.status()).isEqualTo(400);
        assertThat(type(privateNetwork)).isEqualTo("BadRequest");
        Http.Response unknown = topology.http().post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s"}}""".formatted(UUID.randomUUID()));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(type(unknown)).isEqualTo("NetworkNotFound");
        assertThat(topology.http().post(V2 + "/floatingips", "{\"floatingip\": {}}").status()).isEqualTo(400);
        assertThat(topology.http().post(V2 + "/floatingips", "{\"floatingip\": {\"floating_network_id\": \"x\"}}").status()).isEqualTo(400);
        assertThat(topology.http().post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s", "bogus": true}}""".formatted(publicId)).status()).isEqualTo(400);
        Http.Response chosenByMember = topology.http().post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s", "floating_ip_address": "172.24.4.200"}}""".formatted(publicId));
        assertThat(chosenByMember.status()).isEqualTo(403);
        assertThat(topology.http().get(V2 + "/floatingips").json().path("floatingips")).isEmpty();

        JsonNode chosen = floatingIp(admin, """
                {"floatingip": {"floating_network_id": "%s", "floating_ip_address": "172.24.4.201"}}""".formatted(publicId));
        assertThat(chosen.path("floating_ip_address").asText()).isEqualTo("172.24.4.201");
        Http.Response taken = admin.post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s", "floating_ip_address": "172.24.4.201"}}""".formatted(publicId));
        assertThat(taken.status()).isEqualTo(409);
        expect(admin.delete(V2 + "/floatingips/" + chosen.path("id").asText()), 204);
        JsonNode again = floatingIp(admin, """
                {"floatingip": {"floating_network_id": "%s", "floating_ip_address": "172.24.4.201"}}""".formatted(publicId));
        expect(admin.delete(V2 + "/floatingips/" + again.path("id").asText()), 204);
    }

    @Test
    void associationNeedsARouterWithAGatewayOnTheFloatingNetwork()
    {
        L3Fixtures.Member member = L3Fixtures.member(server, admin);
        Http http = member.http();
        String networkId = L3Fixtures.network(http, "unrouted");
        String subnetId = L3Fixtures.subnet(http, networkId, "10.21.0.0/24").path("id").asText();
        String routerId = L3Fixtures.router(http, "{\"router\": {\"name\": \"no-gateway\"}}").path("id").asText();
        L3Fixtures.addSubnetInterface(http, routerId, subnetId);
        JsonNode port = L3Fixtures.port(http, networkId);

        Http.Response unreachable = http.post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s", "port_id": "%s"}}""".formatted(publicId, port.path("id").asText()));
        assertThat(unreachable.status()).isEqualTo(404);
        assertThat(type(unreachable)).isEqualTo("ExternalGatewayForFloatingIPNotFound");
        assertThat(http.get(V2 + "/floatingips").json().path("floatingips")).isEmpty();

        String fipId = floatingIp(http, """
                {"floatingip": {"floating_network_id": "%s"}}""".formatted(publicId)).path("id").asText();
        Http.Response associate = http.put(V2 + "/floatingips/" + fipId, """
                {"floatingip": {"port_id": "%s"}}""".formatted(port.path("id").asText()));
        assertThat(associate.status()).isEqualTo(404);
        assertThat(type(associate)).isEqualTo("ExternalGatewayForFloatingIPNotFound");

        expect(http.put(V2 + "/routers/" + routerId, """
                {"router": {"external_gateway_info": {"network_id": "%s"}}}""".formatted(publicId)), 200);
        JsonNode associated = expect(http.put(V2 + "/floatingips/" + fipId, """
                {"floatingip": {"port_id": "%s"}}""".formatted(port.path("id").asText())), 200).json().path("floatingip");
        assertThat(associated.path("router_id").asText()).isEqualTo(routerId);

        Http.Response gatewayNeeded = http.put(V2 + "/routers/" + routerId, "{\"router\": {\"external_gateway_info\": {}}}");
        assertThat(gatewayNeeded.status()).isEqualTo(409);
        assertThat(type(gatewayNeeded)).isEqualTo("RouterExternalGatewayInUseByFloatingIp");
        Http.Response interfaceNeeded = http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"subnet_id": "%s"}""".formatted(subnetId));
        assertThat(interfaceNeeded.status()).isEqualTo(409);
        assertThat(type(interfaceNeeded)).isEqualTo("RouterInterfaceInUseByFloatingIP");
    }

    @Test
    void aFixedAddressHasOneFloatingIpAndAMultiAddressPortNeedsOneNamed()
    {
        Topology topology = topology("10.22.0.0/24");
        Http http = topology.http();
        JsonNode port = expect(http.post(V2 + "/ports", """
                {"port": {"network_id": "%s", "fixed_ips": [{"ip_address": "10.22.0.50"}, {"ip_address": "10.22.0.51"}]}}"""
                .formatted(topology.networkId())), 201).json().path("port");
        String portId = port.path("id").asText();
        Http.Response ambiguous = http.post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s", "port_id": "%s"}}""".formatted(publicId, portId));
        assertThat(ambiguous.status()).isEqualTo(400);
        Http.Response notOnPort = http.post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s", "port_id": "%s", "fixed_ip_address": "10.22.0.99"}}""".formatted(publicId, portId));
        assertThat(notOnPort.status()).isEqualTo(400);

        JsonNode first = floatingIp(http, """
                {"floatingip": {"floating_network_id": "%s", "port_id": "%s", "fixed_ip_address": "10.22.0.50"}}""".formatted(publicId, portId));
        assertThat(first.path("fixed_ip_address").asText()).isEqualTo("10.22.0.50");
        Http.Response second = http.post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s", "port_id": "%s", "fixed_ip_address": "10.22.0.50"}}""".formatted(publicId, portId));
        assertThat(second.status()).isEqualTo(409);
        assertThat(type(second)).isEqualTo("FloatingIPPortAlreadyAssociated");

        JsonNode moved = expect(http.put(V2 + "/floatingips/" + first.path("id").asText(), """
                {"floatingip": {"port_id": "%s", "fixed_ip_address": "10.22.0.51"}}""".formatted(portId)), 200).json().path("floatingip");
        assertThat(moved.path("fixed_ip_address").asText()).isEqualTo("10.22.0.51");
        JsonNode other = floatingIp(http, """
                {"floatingip": {"floating_network_id": "%s", "port_id": "%s", "fixed_ip_address": "10.22.0.50"}}""".formatted(publicId, portId));
        assertThat(other.path("port_id").asText()).isEqualTo(portId);

        expect(http.delete(V2 + "/ports/" + portId), 204);
        for (JsonNode fip : new JsonNode[] {first, other}) {
            JsonNode shown = expect(http.get(V2 + "/floatingips/" + fip.path("id").asText()), 200).json().path("floatingip");
            assertThat(shown.path("port_id").isNull()).isTrue();
            assertThat(shown.path("fixed_ip_address").isNull()).isTrue();
            assertThat(shown.path("router_id").isNull()).isTrue();
        }
    }

    @Test
    void anotherProjectsFloatingIpAndPortAreNotFound()
    {
        Topology owner = topology("10.23.0.0/24");
        Topology stranger = topology("10.24.0.0/24");
        JsonNode fip = floatingIp(owner.http(), """
                {"floatingip": {"floating_network_id": "%s"}}""".formatted(publicId));
        String fipId = fip.path("id").asText();
        assertThat(type(stranger.http().get(V2 + "/floatingips/" + fipId))).isEqualTo("FloatingIPNotFound");
        assertThat(stranger.http().delete(V2 + "/floatingips/" + fipId).status()).isEqualTo(404);
        assertThat(stranger.http().get(V2 + "/floatingips").json().path("floatingips")).isEmpty();
        JsonNode strangersPort = L3Fixtures.port(stranger.http(), stranger.networkId());
        Http.Response foreignPort = owner.http().put(V2 + "/floatingips/" + fipId, """
                {"floatingip": {"port_id": "%s"}}""".formatted(strangersPort.path("id").asText()));
        assertThat(foreignPort.status()).isEqualTo(404);
        assertThat(type(foreignPort)).isEqualTo("PortNotFound");
        assertThat(admin.get(V2 + "/floatingips?id=" + fipId).json().path("floatingips")).hasSize(1);
        assertThat(owner.http().get(V2 + "/floatingips?floating_ip_address=" + fip.path("floating_ip_address").asText()).json()
                .path("floatingips")).hasSize(1);
        assertThat(owner.http().get(V2 + "/floatingips?status=DOWN").json().path("floatingips")).hasSize(1);
        assertThat(owner.http().get(V2 + "/floatingips?nonsense=1").status()).isEqualTo(400);
    }

    @Test
    void poolsAreTheExternalSubnets()
    {
        Topology topology = topology("10.25.0.0/24");
        JsonNode pools = expect(topology.http().get(V2 + "/floatingip_pools"), 200).json().path("floatingip_pools");
        assertThat(pools).isNotEmpty();
        boolean publicPool = false;
        for (JsonNode pool : pools) {
            publicPool |= pool.path("network_id").asText().equals(publicId);
            assertThat(pool.path("network_id").asText()).isNotEqualTo(topology.networkId());
        }
        assertThat(publicPool).isTrue();
    }

    @Test
    void parallelAllocationsGetDistinctAddresses()
            throws Exception
    {
        Topology topology = topology("10.26.0.0/24");
        int clients = 16;
        List<Future<Http.Response>> responses = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                responses.add(executor.submit(() -> topology.http().post(V2 + "/floatingips", """
                        {"floatingip": {"floating_network_id": "%s"}}""".formatted(publicId))));
            }
        }
        Set<String> addresses = new HashSet<>();
        for (Future<Http.Response> response : responses) {
            Http.Response done = response.get();
            assertThat(done.status()).as(done.body()).isEqualTo(201);
            addresses.add(done.json().path("floatingip").path("floating_ip_address").asText());
        }
        assertThat(addresses).hasSize(clients);
        JsonNode listed = topology.http().get(V2 + "/floatingips").json().path("floatingips");
        assertThat(listed).hasSize(clients);
    }

    @Test
    void portForwardingsOfAFloatingIp()
    {
        Topology topology = topology("10.27.0.0/24");
        Http http = topology.http();
        JsonNode port = L3Fixtures.port(http, topology.networkId());
        String portId = port.path("id").asText();
        String fixedIp = port.path("fixed_ips").get(0).path("ip_address").asText();
        String fipId = floatingIp(http, """
                {"floatingip": {"floating_network_id": "%s"}}""".formatted(publicId)).path("id").asText();
        String base = V2 + "/floatingips/" + fipId + "/port_forwardings";

        JsonNode created = expect(http.post(base, """
                {"port_forwarding": {"protocol": "tcp", "internal_port_id": "%s", "internal_ip_address": "%s", "internal_port": 22,
                 "external_port": 2222, "description": "ssh"}}""".formatted(portId, fixedIp)), 201).json().path("port_forwarding");
        assertThat(created.path("external_port").asInt()).isEqualTo(2222);
        assertThat(created.path("internal_port").asInt()).isEqualTo(22);
        assertThat(created.path("internal_ip_address").asText()).isEqualTo(fixedIp);
        assertThat(created.path("description").asText()).isEqualTo("ssh");
        Http.Response duplicate = http.post(base, """
                {"port_forwarding": {"protocol": "tcp", "internal_port_id": "%s", "internal_port": 23, "external_port": 2222}}""".formatted(portId));
        assertThat(duplicate.status()).isEqualTo(400);
        JsonNode range = expect(http.post(base, """
                {"port_forwarding": {"protocol": "udp", "internal_port_id": "%s", "internal_port_range": "1000:1009",
                 "external_port_range": "3000:3009"}}""".formatted(portId)), 201).json().path("port_forwarding");
        assertThat(range.path("external_port_range").asText()).isEqualTo("3000:3009");
        Http.Response overlapping = http.post(base, """
                {"port_forwarding": {"protocol": "udp", "internal_port_id": "%s", "internal_port": 5000, "external_port": 3005}}""".formatted(portId));
        assertThat(overlapping.status()).isEqualTo(400);
        for (String body : new String[] {"{\"port_forwarding\": {\"protocol\": \"tcp\", \"internal_port_id\": \"" + portId + "\", \"internal_port\": 0, \"external_port\": 1}}",
                "{\"port_forwarding\": {\"protocol\": \"icmpx\", \"internal_port_id\": \"" + portId + "\", \"internal_port\": 1, \"external_port\": 1}}",
                "{\"port_forwarding\": {\"protocol\": \"tcp\", \"internal_port_id\": \"" + portId + "\", \"internal_port_range\": \"9:1\", \"external_port_range\": \"1:9\"}}",
                "{\"port_forwarding\": {\"protocol\": \"tcp\", \"internal_port\": 1, \"external_port\": 1}}"}) {
            assertThat(http.post(base, body).status()).as(body).isEqualTo(400);
        }
        assertThat(expect(http.get(base), 200).json().path("port_forwardings")).hasSize(2);
        assertThat(expect(http.get(base + "?protocol=udp"), 200).json().path("port_forwardings")).hasSize(1);
        JsonNode fip = expect(http.get(V2 + "/floatingips/" + fipId), 200).json().path("floatingip");
        assertThat(fip.path("router_id").asText()).isEqualTo(topology.routerId());
        assertThat(fip.path("port_forwardings")).hasSize(2);

        Http.Response associate = http.put(V2 + "/floatingips/" + fipId, """
                {"floatingip": {"port_id": "%s"}}""".formatted(portId));
        assertThat(associate.status()).isEqualTo(409);

        JsonNode updated = expect(http.put(base + "/" + created.path("id").asText(), """
                {"port_forwarding": {"external_port": 2223}}"""), 200).json().path("port_forwarding");
        assertThat(updated.path("external_port").asInt()).isEqualTo(2223);
        expect(http.delete(base + "/" + created.path("id").asText()), 204);
        assertThat(http.get(base + "/" + created.path("id").asText()).status()).isEqualTo(404);
        expect(http.delete(base + "/" + range.path("id").asText()), 204);
        JsonNode released = expect(http.get(V2 + "/floatingips/" + fipId), 200).json().path("floatingip");
        assertThat(released.path("router_id").isNull()).isTrue();
        assertThat(L3Fixtures.member(server, admin).http().get(base).status()).isEqualTo(404);
    }

    @Test
    void anExternalNetworkGoesWithItsUnassociatedFloatingIps()
    {
        String externalId = expect(admin.post(V2 + "/networks", """
                {"network": {"name": "ext-to-delete", "router:external": true}}"""), 201).json().path("network").path("id").asText();
        String subnetId = L3Fixtures.subnet(admin, externalId, "198.51.100.0/24").path("id").asText();
        String fipId = floatingIp(admin, """
                {"floatingip": {"floating_network_id": "%s"}}""".formatted(externalId)).path("id").asText();
        assertThat(admin.get(V2 + "/floatingips?floating_network_id=" + externalId).json().path("floatingips")).hasSize(1);

        expect(admin.delete(V2 + "/networks/" + externalId), 204);
        assertThat(admin.get(V2 + "/floatingips/" + fipId).status()).isEqualTo(404);
        assertThat(admin.get(V2 + "/subnets/" + subnetId).status()).isEqualTo(404);
    }

    @Test
    void anAdminAllocatesForAProjectAndAssociatesItsPort()
    {
        Topology topology = topology("10.28.0.0/24");
        JsonNode port = L3Fixtures.port(topology.http(), topology.networkId());
        JsonNode fip = floatingIp(admin, """
                {"floatingip": {"floating_network_id": "%s", "project_id": "%s", "port_id": "%s"}}"""
                .formatted(publicId, topology.projectId(), port.path("id").asText()));
        assertThat(fip.path("project_id").asText()).isEqualTo(topology.projectId());
        assertThat(fip.path("fixed_ip_address").asText()).isEqualTo(port.path("fixed_ips").get(0).path("ip_address").asText());
        JsonNode own = expect(topology.http().get(V2 + "/floatingips/" + fip.path("id").asText()), 200).json().path("floatingip");
        assertThat(own.path("router_id").asText()).isEqualTo(topology.routerId());
        JsonNode quota = expect(admin.get(V2 + "/quotas/" + topology.projectId() + "/details"), 200).json().path("quota");
        assertThat(quota.path("floatingip").path("used").asInt()).isEqualTo(1);
        assertThat(quota.path("router").path("used").asInt()).isEqualTo(1);
        expect(topology.http().delete(V2 + "/floatingips/" + fip.path("id").asText()), 204);
        assertThat(expect(admin.get(V2 + "/quotas/" + topology.projectId() + "/details"), 200).json().path("quota").path("floatingip")
                .path("used").asInt()).isZero();
    }

    @Test
    void parallelAssociationsOfOneFixedAddressLetOneThrough()
            throws Exception
    {
        Topology topology = topology("10.29.0.0/24");
        String portId = L3Fixtures.port(topology.http(), topology.networkId()).path("id").asText();
        int clients = 8;
        List<String> fipIds = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            fipIds.add(floatingIp(topology.http(), """
                    {"floatingip": {"floating_network_id": "%s"}}""".formatted(publicId)).path("id").asText());
        }
        List<Future<Http.Response>> responses = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(clients)) {
            for (String fipId : fipIds) {
                responses.add(executor.submit(() -> topology.http().put(V2 + "/floatingips/" + fipId, """
                        {"floatingip": {"port_id": "%s"}}""".formatted(portId))));
            }
        }
        int associated = 0;
        for (Future<Http.Response> response : responses) {
            Http.Response done = response.get();
            if (done.status() == 200) {
                associated++;
            }
            else {
                assertThat(done.status()).as(done.body()).isEqualTo(409);
                assertThat(type(done)).isEqualTo("FloatingIPPortAlreadyAssociated");
            }
        }
        assertThat(associated).isEqualTo(1);
        assertThat(topology.http().get(V2 + "/floatingips?port_id=" + portId).json().path("floatingips")).hasSize(1);
    }
}
