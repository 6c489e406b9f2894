package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.xloud.testing.network.L3Fixtures.V2;
import static io.xloud.testing.network.L3Fixtures.expect;
import static io.xloud.testing.network.L3Fixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

/** What Neutron refuses about routers, with its status and error type, and that a refusal changes nothing. */
class RouterRefusalTest
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

    private static String emptyRouter(Http http)
    {
        return L3Fixtures.router(http, """
                {"router": {"name": "r"}}""").path("id").asText();
    }

    @Test
    void aSubnetJoinsARouterOnceAndNeverBesideAnOverlappingOne()
    {
        Http http = L3Fixtures.member(server, admin).http();
        String routerId = emptyRouter(http);
        String first = L3Fixtures.subnet(http, L3Fixtures.network(http, "a"), "10.10.0.0/24").path("id").asText();
        String overlapping = L3Fixtures.subnet(http, L3Fixtures.network(http, "b"), "10.10.0.0/25").path("id").asText();
        L3Fixtures.addSubnetInterface(http, routerId, first);

        Http.Response again = http.put(V2 + "/routers/" + routerId + "/add_router_interface", """
                {"subnet_id": "%s"}""".formatted(first));
        assertThat(again.status()).isEqualTo(400);
        assertThat(type(again)).isEqualTo("BadRequest");
        assertThat(again.body()).contains("Router already has a port on subnet " + first);

        Http.Response overlap = http.put(V2 + "/routers/" + routerId + "/add_router_interface", """
                {"subnet_id": "%s"}""".formatted(overlapping));
        assertThat(overlap.status()).isEqualTo(400);
        assertThat(type(overlap)).isEqualTo("BadRequest");
        assertThat(overlap.body()).contains("overlaps with cidr 10.10.0.0/24");
        assertThat(admin.get(V2 + "/ports?device_id=" + routerId).json().path("ports")).hasSize(1);
    }

    @Test
    void aPortInUseOrWithoutAddressCannotBecomeAnInterface()
    {
        Http http = L3Fixtures.member(server, admin).http();
        String networkId = L3Fixtures.network(http, "n");
        L3Fixtures.subnet(http, networkId, "10.11.0.0/24");
        String routerId = emptyRouter(http);
        String otherRouterId = emptyRouter(http);
        String portId = L3Fixtures.port(http, networkId).path("id").asText();
        expect(http.put(V2 + "/routers/" + routerId + "/add_router_interface", """
                {"port_id": "%s"}""".formatted(portId)), 200);

        Http.Response inUse = http.put(V2 + "/routers/" + otherRouterId + "/add_router_interface", """
                {"port_id": "%s"}""".formatted(portId));
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(type(inUse)).isEqualTo("PortInUse");

        Http.Response both = http.put(V2 + "/routers/" + otherRouterId + "/add_router_interface", """
                {"port_id": "%s", "subnet_id": "%s"}""".formatted(portId, UUID.randomUUID()));
        assertThat(both.status()).isEqualTo(400);
        Http.Response neither = http.put(V2 + "/routers/" + otherRouterId + "/add_router_interface", "{}");
        assertThat(neither.status()).isEqualTo(400);
        Http.Response unknownSubnet = http.put(V2 + "/routers/" + otherRouterId + "/add_router_interface", """
                {"subnet_id": "%s"}""".formatted(UUID.randomUUID()));
        assertThat(unknownSubnet.status()).isEqualTo(404);
        assertThat(type(unknownSubnet)).isEqualTo("SubnetNotFound");
        Http.Response malformed = http.put(V2 + "/routers/" + otherRouterId + "/add_router_interface", """
                {"subnet_id": "not-a-uuid"}""");
        assertThat(malformed.status()).isEqualTo(400);

        JsonNode port = expect(http.get(V2 + "/ports/" + portId), 200).json().path("port");
        assertThat(port.path("device_id").asText()).isEqualTo(routerId);
        assertThat(port.path("device_owner").asText()).isEqualTo("network:router_interface");
        expect(http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"port_id": "%s"}""".formatted(portId)), 200);
        Http.Response notAnInterface = http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"port_id": "%s"}""".formatted(portId));
        assertThat(notAnInterface.status()).isEqualTo(404);
        assertThat(type(notAnInterface)).isEqualTo("RouterInterfaceNotFound");
    }

    @Test
    void aRouterWithInterfacesAndASubnetWithARouterInterfaceStay()
    {
        Http http = L3Fixtures.member(server, admin).http();
        String networkId = L3Fixtures.network(http, "n");
        String subnetId = L3Fixtures.subnet(http, networkId, "10.12.0.0/24").path("id").asText();
        String routerId = emptyRouter(http);
        L3Fixtures.addSubnetInterface(http, routerId, subnetId);

        Http.Response routerInUse = http.delete(V2 + "/routers/" + routerId);
        assertThat(routerInUse.status()).isEqualTo(409);
        assertThat(type(routerInUse)).isEqualTo("RouterInUse");
        expect(http.get(V2 + "/routers/" + routerId), 200);

        Http.Response subnetInUse = http.delete(V2 + "/subnets/" + subnetId);
        assertThat(subnetInUse.status()).isEqualTo(409);
        expect(http.get(V2 + "/subnets/" + subnetId), 200);

        Http.Response notForSubnet = http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"subnet_id": "%s"}""".formatted(L3Fixtures.subnet(http, L3Fixtures.network(http, "m"), "10.13.0.0/24").path("id").asText()));
        assertThat(notForSubnet.status()).isEqualTo(404);
        assertThat(type(notForSubnet)).isEqualTo("RouterInterfaceNotFoundForSubnet");

        expect(http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"subnet_id": "%s"}""".formatted(subnetId)), 200);
        expect(http.delete(V2 + "/subnets/" + subnetId), 204);
        expect(http.delete(V2 + "/routers/" + routerId), 204);
    }

    @Test
    void aGatewayNeedsAnExternalNetworkAndSnatIsTheAdminsToSet()
    {
        Http http = L3Fixtures.member(server, admin).http();
        String routerId = emptyRouter(http);
        String privateNetwork = L3Fixtures.network(http, "private");
        L3Fixtures.subnet(http, privateNetwork, "10.14.0.0/24");

        Http.Response unknown = http.put(V2 + "/routers/" + routerId, """
                {"router": {"external_gateway_info": {"network_id": "%s"}}}""".formatted(routerId));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(type(unknown)).isEqualTo("NetworkNotFound");

        Http.Response notExternal = http.put(V2 + "/routers/" + routerId, """
                {"router": {"external_gateway_info": {"network_id": "%s"}}}""".formatted(privateNetwork));
        assertThat(notExternal.status()).isEqualTo(400);
        assertThat(type(notExternal)).isEqualTo("BadRequest");

        String publicId = L3Fixtures.publicNetwork(http);
        Http.Response snat = http.put(V2 + "/routers/" + routerId, """
                {"router": {"external_gateway_info": {"network_id": "%s", "enable_snat": false}}}""".formatted(publicId));
        assertThat(snat.status()).isEqualTo(403);
        assertThat(http.get(V2 + "/routers/" + routerId).json().path("router").path("external_gateway_info").isNull()).isTrue();

        JsonNode byAdmin = expect(admin.put(V2 + "/routers/" + routerId, """
                {"router": {"external_gateway_info": {"network_id": "%s", "enable_snat": false}}}""".formatted(publicId)), 200)
                .json().path("router");
        assertThat(byAdmin.path("external_gateway_info").path("enable_snat").asBoolean()).isFalse();
        JsonNode reset = expect(admin.put(V2 + "/routers/" + routerId, """
                {"router": {"external_gateway_info": {"network_id": "%s", "enable_snat": true}}}""".formatted(publicId)), 200)
                .json().path("router");
        assertThat(reset.path("external_gateway_info").path("enable_snat").asBoolean()).isTrue();
        assertThat(reset.path("external_gateway_info").path("external_fixed_ips").get(0).path("ip_address").asText())
                .isEqualTo(byAdmin.path("external_gateway_info").path("external_fixed_ips").get(0).path("ip_address").asText());
    }

    @Test
    void aGatewayAddressInUseIsAConflict()
    {
        String publicId = L3Fixtures.publicNetwork(admin);
        JsonNode port = L3Fixtures.port(admin, publicId);
        JsonNode fixed = port.path("fixed_ips").get(0);
        Http.Response taken = admin.post(V2 + "/routers", """
                {"router": {"external_gateway_info": {"network_id": "%s", "external_fixed_ips": [{"subnet_id": "%s", "ip_address": "%s"}]}}}"""
                .formatted(publicId, fixed.path("subnet_id").asText(), fixed.path("ip_address").asText()));
        assertThat(taken.status()).isEqualTo(409);
        expect(admin.delete(V2 + "/ports/" + port.path("id").asText()), 204);
        JsonNode router = L3Fixtures.router(admin, """
                {"router": {"external_gateway_info": {"network_id": "%s", "external_fixed_ips": [{"subnet_id": "%s", "ip_address": "%s"}]}}}"""
                .formatted(publicId, fixed.path("subnet_id").asText(), fixed.path("ip_address").asText()));
        assertThat(router.path("external_gateway_info").path("external_fixed_ips").get(0).path("ip_address").asText())
                .isEqualTo(fixed.path("ip_address").asText());
        expect(admin.delete(V2 + "/routers/" + router.path("id").asText()), 204);
    }

    @Test
    void staticRoutesNeedAConnectedNexthopAndHoldTheirInterface()
    {
        Http http = L3Fixtures.member(server, admin).http();
        String networkId = L3Fixtures.network(http, "n");
        String subnetId = L3Fixtures.subnet(http, networkId, "10.15.0.0/24").path("id").asText();
        String routerId = emptyRouter(http);
        L3Fixtures.addSubnetInterface(http, routerId, subnetId);

        Http.Response unconnected = http.put(V2 + "/routers/" + routerId, """
                {"router": {"routes": [{"destination": "192.168.0.0/24", "nexthop": "10.99.0.5"}]}}""");
        assertThat(unconnected.status()).isEqualTo(400);
        assertThat(type(unconnected)).isEqualTo("InvalidRoutes");
        Http.Response own = http.put(V2 + "/routers/" + routerId, """
                {"router": {"routes": [{"destination": "192.168.0.0/24", "nexthop": "10.15.0.1"}]}}""");
        assertThat(own.status()).isEqualTo(400);
        Http.Response hostBits = http.put(V2 + "/routers/" + routerId, """
                {"router": {"routes": [{"destination": "192.168.0.1/24", "nexthop": "10.15.0.5"}]}}""");
        assertThat(hostBits.status()).isEqualTo(400);

        JsonNode routed = expect(http.put(V2 + "/routers/" + routerId, """
                {"router": {"routes": [{"destination": "192.168.0.0/24", "nexthop": "10.15.0.5"}]}}"""), 200).json().path("router");
        assertThat(routed.path("routes")).hasSize(1);
        assertThat(routed.path("routes").get(0).path("nexthop").asText()).isEqualTo("10.15.0.5");

        Http.Response inUse = http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"subnet_id": "%s"}""".formatted(subnetId));
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(type(inUse)).isEqualTo("RouterInterfaceInUseByRoute");

        JsonNode added = expect(http.put(V2 + "/routers/" + routerId + "/add_extraroutes", """
                {"router": {"routes": [{"destination": "192.168.1.0/24", "nexthop": "10.15.0.6"},
                 {"destination": "192.168.0.0/24", "nexthop": "10.15.0.5"}]}}"""), 200).json().path("router");
        assertThat(added.path("routes")).hasSize(2);
        JsonNode removed = expect(http.put(V2 + "/routers/" + routerId + "/remove_extraroutes", """
                {"router": {"routes": [{"destination": "192.168.0.0/24", "nexthop": "10.15.0.5"}]}}"""), 200).json().path("router");
        assertThat(removed.path("routes")).hasSize(1);
        assertThat(removed.path("routes").get(0).path("destination").asText()).isEqualTo("192.168.1.0/24");

        JsonNode cleared = expect(http.put(V2 + "/routers/" + routerId, """
                {"router": {"routes": null}}"""), 200).json().path("router");
        assertThat(cleared.path("routes")).isEmpty();
        expect(http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"subnet_id": "%s"}""".formatted(subnetId)), 200);
    }

    @Test
    void anotherProjectsRouterIsNotFoundAndMalformedBodiesAreBadRequests()
    {
        Http owner = L3Fixtures.member(server, admin).http();
        Http stranger = L3Fixtures.member(server, admin).http();
        String routerId = emptyRouter(owner);
        for (Http.Response response : new Http.Response[] {
                stranger.get(V2 + "/routers/" + routerId),
                stranger.put(V2 + "/routers/" + routerId, "{\"router\": {\"name\": \"x\"}}"),
                stranger.delete(V2 + "/routers/" + routerId),
                stranger.put(V2 + "/routers/" + routerId + "/add_router_interface", "{\"subnet_id\": \"" + UUID.randomUUID() + "\"}")}) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(type(response)).isEqualTo("RouterNotFound");
        }
        assertThat(stranger.get(V2 + "/routers").json().path("routers")).isEmpty();
        assertThat(admin.get(V2 + "/routers/" + routerId).status()).isEqualTo(200);

        for (String body : new String[] {"{", "[]", "{\"router\": 5}", "{\"router\": {\"bogus\": 1}}", "{\"router\": {\"name\": 7}}",
                "{\"router\": {\"admin_state_up\": \"maybe\"}}", "{\"router\": {\"name\": \"" + "x".repeat(256) + "\"}}",
                "{\"router\": {\"external_gateway_info\": {\"network_id\": \"nope\"}}}", "{\"router\": {\"external_gateway_info\": 3}}",
                "{\"router\": {\"routes\": [{\"destination\": \"10.0.0.0/8\"}]}}", "{\"router\": {\"status\": \"DOWN\"}}"}) {
            Http.Response response = owner.post(V2 + "/routers", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().path("NeutronError").has("type")).as(body).isTrue();
        }
        Http.Response foreign = owner.post(V2 + "/routers", "{\"router\": {\"project_id\": \"" + UUID.randomUUID().toString().replace("-", "") + "\"}}");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(owner.get(V2 + "/routers").json().path("routers")).hasSize(1);
    }

    @Test
    void routersAreListedFilteredAndPaged()
    {
        Http http = L3Fixtures.member(server, admin).http();
        for (int i = 0; i < 3; i++) {
            L3Fixtures.router(http, "{\"router\": {\"name\": \"page-" + i + "\", \"admin_state_up\": " + (i == 1 ? "false" : "true") + "}}");
        }
        assertThat(http.get(V2 + "/routers?admin_state_up=false").json().path("routers")).hasSize(1);
        assertThat(http.get(V2 + "/routers?name=page-2&fields=name").json().path("routers").get(0).size()).isEqualTo(1);
        JsonNode page = expect(http.get(V2 + "/routers?limit=2&sort_key=name&sort_dir=desc"), 200).json();
        assertThat(page.path("routers")).hasSize(2);
        assertThat(page.path("routers").get(0).path("name").asText()).isEqualTo("page-2");
        assertThat(page.path("routers_links").get(0).path("rel").asText()).isEqualTo("next");
        assertThat(http.get(V2 + "/routers?bogus=1").status()).isEqualTo(400);
        expect(http.put(V2 + "/routers/" + page.path("routers").get(0).path("id").asText() + "/tags/blue", null), 201);
        assertThat(http.get(V2 + "/routers?tags=blue").json().path("routers")).hasSize(1);
    }

    @Test
    void ipv6SubnetsJoinRoutersAndCarryRoutes()
    {
        Http http = L3Fixtures.member(server, admin).http();
        String networkId = L3Fixtures.network(http, "v6");
        JsonNode subnet = L3Fixtures.subnet(http, networkId, "2001:db8:1::/64");
        String routerId = emptyRouter(http);
        JsonNode added = L3Fixtures.addSubnetInterface(http, routerId, subnet.path("id").asText());
        JsonNode port = expect(http.get(V2 + "/ports/" + added.path("port_id").asText()), 200).json().path("port");
        assertThat(port.path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo(subnet.path("gateway_ip").asText());
        JsonNode routed = expect(http.put(V2 + "/routers/" + routerId, """
                {"router": {"routes": [{"destination": "2001:db8:1::/64", "nexthop": "2001:db8:1::2"}]}}"""), 200).json().path("router");
        assertThat(routed.path("routes").get(0).path("nexthop").asText()).isEqualTo("2001:db8:1::2");
        Http.Response overlapping = http.put(V2 + "/routers/" + routerId + "/add_router_interface", """
                {"subnet_id": "%s"}""".formatted(L3Fixtures.subnet(http, L3Fixtures.network(http, "v6b"), "2001:db8:1::/64").path("id").asText()));
        assertThat(overlapping.status()).isEqualTo(400);
        expect(http.put(V2 + "/routers/" + routerId, "{\"router\": {\"routes\": []}}"), 200);
        expect(http.put(V2 + "/routers/" + routerId + "/remove_router_interface", """
                {"port_id": "%s"}""".formatted(added.path("port_id").asText())), 200);
    }
}
