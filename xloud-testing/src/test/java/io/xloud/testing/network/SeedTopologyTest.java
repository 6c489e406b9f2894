package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.xloud.testing.network.L3Fixtures.V2;
import static io.xloud.testing.network.L3Fixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The networking seed's flow end to end, as a member of a fresh project: network and subnet, a router with its
 * gateway on {@code public}, an interface, a port, and a floating IP allocated, associated, disassociated and released.
 */
class SeedTopologyTest
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
    void routerGatewayInterfaceAndFloatingIpLifecycle()
    {
        L3Fixtures.Member member = L3Fixtures.member(server, admin);
        Http http = member.http();
        String publicId = L3Fixtures.publicNetwork(http);
        String networkId = L3Fixtures.network(http, "seed-net");
        JsonNode subnet = L3Fixtures.subnet(http, networkId, "10.0.0.0/24");
        String subnetId = subnet.path("id").asText();

        JsonNode router = L3Fixtures.router(http, """
                {"router": {"name": "seed-router", "external_gateway_info": {"network_id": "%s"}}}""".formatted(publicId));
        String routerId = router.path("id").asText();
        assertThat(router.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(router.path("admin_state_up").asBoolean()).isTrue();
        assertThat(router.path("project_id").asText()).isEqualTo(member.projectId());
        assertThat(router.path("external_gateway_info").path("network_id").asText()).isEqualTo(publicId);
        assertThat(router.path("external_gateway_info").path("enable_snat").asBoolean()).isTrue();
        JsonNode gatewayIp = router.path("external_gateway_info").path("external_fixed_ips").get(0);
        assertThat(gatewayIp.path("ip_address").asText()).startsWith("172.24.4.");
        assertThat(router.path("routes").isArray()).isTrue();
        assertThat(router.path("revision_number").isIntegralNumber()).isTrue();

        JsonNode added = L3Fixtures.addSubnetInterface(http, routerId, subnetId);
        assertThat(added.path("id").asText()).isEqualTo(routerId);
        assertThat(added.path("subnet_id").asText()).isEqualTo(subnetId);
        assertThat(added.path("subnet_ids").get(0).asText()).isEqualTo(subnetId);
        assertThat(added.path("network_id").asText()).isEqualTo(networkId);
        String interfacePortId = added.path("port_id").asText();
        JsonNode interfacePort = expect(http.get(V2 + "/ports/" + interfacePortId), 200).json().path("port");
        assertThat(interfacePort.path("device_id").asText()).isEqualTo(routerId);
        assertThat(interfacePort.path("device_owner").asText()).isEqualTo("network:router_interface");
        assertThat(interfacePort.path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo(subnet.path("gateway_ip").asText());

        JsonNode port = L3Fixtures.port(http, networkId);
        String portId = port.path("id").asText();
        String fixedIp = port.path("fixed_ips").get(0).path("ip_address").asText();

        JsonNode fip = expect(http.post(V2 + "/floatingips", """
                {"floatingip": {"floating_network_id": "%s"}}""".formatted(publicId)), 201).json().path("floatingip");
        String fipId = fip.path("id").asText();
        String address = fip.path("floating_ip_address").asText();
        assertThat(address).startsWith("172.24.4.").isNotEqualTo(gatewayIp.path("ip_address").asText());
        assertThat(fip.path("status").asText()).isEqualTo("DOWN");
        assertThat(fip.path("port_id").isNull()).isTrue();
        assertThat(fip.path("router_id").isNull()).isTrue();
        assertThat(fip.path("port_details").isNull()).isTrue();
        assertThat(fip.path("project_id").asText()).isEqualTo(member.projectId());

        JsonNode associated = expect(http.put(V2 + "/floatingips/" + fipId, """
                {"floatingip": {"port_id": "%s"}}""".formatted(portId)), 200).json().path("floatingip");
        assertThat(associated.path("port_id").asText()).isEqualTo(portId);
        assertThat(associated.path("fixed_ip_address").asText()).isEqualTo(fixedIp);
        assertThat(associated.path("router_id").asText()).isEqualTo(routerId);
        assertThat(associated.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(associated.path("port_details").path("network_id").asText()).isEqualTo(networkId);
        assertThat(associated.path("port_details").path("mac_address").asText()).isEqualTo(port.path("mac_address").asText());
        assertThat(associated.path("floating_ip_address").asText()).isEqualTo(address);

        JsonNode listed = expect(http.get(V2 + "/floatingips?port_id=" + portId), 200).json().path("floatingips");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(fipId);

        JsonNode disassociated = expect(http.put(V2 + "/floatingips/" + fipId, """
                {"floatingip": {"port_id": null}}"""), 200).json().path("floatingip");
        assertThat(disassociated.path("port_id").isNull()).isTrue();
        assertThat(disassociated.path("fixed_ip_address").isNull()).isTrue();
        assertThat(disassociated.path("router_id").isNull()).isTrue();
        assertThat(disassociated.path("status").asText()).isEqualTo("DOWN");
        assertThat(disassociated.path("floating_ip_address").asText()).isEqualTo(address);

        expect(http.delete(V2 + "/floatingips/" + fipId), 204);
        assertThat(L3Fixtures.type(expect(http.get(V2 + "/floatingips/" + fipId), 404))).isEqualTo("FloatingIPNotFound");

        JsonNode removed = expect(http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"subnet_id": "%s"}""".formatted(subnetId)), 200).json();
        assertThat(removed.path("port_id").asText()).isEqualTo(interfacePortId);
        expect(http.get(V2 + "/ports/" + interfacePortId), 404);

        expect(http.delete(V2 + "/routers/" + routerId), 204);
        assertThat(L3Fixtures.type(expect(http.get(V2 + "/routers/" + routerId), 404))).isEqualTo("RouterNotFound");
        expect(admin.get(V2 + "/ports?device_id=" + routerId), 200);
        assertThat(admin.get(V2 + "/ports?device_id=" + routerId).json().path("ports")).isEmpty();
    }

    @Test
    void releasedAddressIsAllocatedAgainAndTheGatewayPortIsTheAdminsToSee()
    {
        L3Fixtures.Member member = L3Fixtures.member(server, admin);
        Http http = member.http();
        String publicId = L3Fixtures.publicNetwork(http);
        JsonNode router = L3Fixtures.router(http, """
                {"router": {"name": "gw", "external_gateway_info": {"network_id": "%s"}}}""".formatted(publicId));
        JsonNode gatewayPorts = expect(admin.get(V2 + "/ports?device_owner=network:router_gateway&device_id=" + router.path("id").asText()), 200)
                .json().path("ports");
        assertThat(gatewayPorts).hasSize(1);
        assertThat(gatewayPorts.get(0).path("network_id").asText()).isEqualTo(publicId);

        JsonNode unset = expect(http.put(V2 + "/routers/" + router.path("id").asText(), """
                {"router": {"external_gateway_info": {}}}"""), 200).json().path("router");
        assertThat(unset.path("external_gateway_info").isNull()).isTrue();
        assertThat(admin.get(V2 + "/ports?device_id=" + router.path("id").asText()).json().path("ports")).isEmpty();
        expect(http.delete(V2 + "/routers/" + router.path("id").asText()), 204);
    }
}
