package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.xloud.testing.network.NetworkUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Subnets as Neutron checks them: defaults, pools, gateway, IPv6 modes, overlaps, and 400s for bad input. */
class SubnetApiTest
{
    private static final String V2 = "/networking/v2.0";
    private static TestServer server;
    private static Http admin;
    private static NetworkUsers.User alice;
    private static NetworkUsers.User bob;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        alice = NetworkUsers.create(server, admin, "member");
        bob = NetworkUsers.create(server, admin, "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String network(Http http)
    {
        return expect(http.post(V2 + "/networks", "{\"network\": {\"name\": \"n\"}}"), 201).json().path("network").path("id").asText();
    }

    private static Http.Response subnet(Http http, String body)
    {
        return http.post(V2 + "/subnets", "{\"subnet\": " + body + "}");
    }

    @Test
    void anIpv4SubnetGetsNeutronsDefaults()
    {
        String network = network(alice.http());
        JsonNode subnet = expect(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.1.0.0/24\"}"), 201)
                .json().path("subnet");
        assertThat(subnet.path("gateway_ip").asText()).isEqualTo("10.1.0.1");
        assertThat(subnet.path("allocation_pools").toString()).isEqualTo("[{\"start\":\"10.1.0.2\",\"end\":\"10.1.0.254\"}]");
        assertThat(subnet.path("enable_dhcp").asBoolean()).isTrue();
        assertThat(subnet.path("dns_nameservers").size()).isZero();
        assertThat(subnet.path("host_routes").size()).isZero();
        assertThat(subnet.path("ipv6_ra_mode").isNull()).isTrue();
        assertThat(subnet.path("project_id").asText()).isEqualTo(alice.projectId());
        JsonNode net = expect(alice.http().get(V2 + "/networks/" + network), 200).json().path("network");
        assertThat(net.path("subnets").get(0).asText()).isEqualTo(subnet.path("id").asText());
        assertThat(expect(alice.http().get(V2 + "/subnets/" + subnet.path("id").asText()), 200).json().path("subnet")).isEqualTo(subnet);
    }

    @Test
    void hostBitsAreClearedAndGatewayMayBeNoneOrOutside()
    {
        String network = network(alice.http());
        JsonNode subnet = expect(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.2.0.77/24\", \"gateway_ip\": null}"),
                201).json().path("subnet");
        assertThat(subnet.path("cidr").asText()).isEqualTo("10.2.0.0/24");
        assertThat(subnet.path("gateway_ip").isNull()).isTrue();
        assertThat(subnet.path("allocation_pools").get(0).path("start").asText()).isEqualTo("10.2.0.1");
        String id = subnet.path("id").asText();
        JsonNode updated = expect(alice.http().put(V2 + "/subnets/" + id, "{\"subnet\": {\"gateway_ip\": \"10.2.1.1\", \"dns_nameservers\": [\"8.8.8.8\"], "
                + "\"host_routes\": [{\"destination\": \"10.20.0.0/16\", \"nexthop\": \"10.2.0.9\"}], \"enable_dhcp\": false, \"name\": \"x\"}}"), 200)
                .json().path("subnet");
        assertThat(updated.path("gateway_ip").asText()).isEqualTo("10.2.1.1");
        assertThat(updated.path("dns_nameservers").get(0).asText()).isEqualTo("8.8.8.8");
        assertThat(updated.path("host_routes").get(0).path("nexthop").asText()).isEqualTo("10.2.0.9");
        assertThat(updated.path("enable_dhcp").asBoolean()).isFalse();
        assertThat(alice.http().put(V2 + "/subnets/" + id, "{\"subnet\": {\"cidr\": \"10.9.0.0/24\"}}").status()).isEqualTo(400);
    }

    @Test
    void poolsAreCheckedAndOverlapsRefused()
    {
        String network = network(alice.http());
        JsonNode subnet = expect(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.3.0.0/24\", "
                + "\"allocation_pools\": [{\"start\": \"10.3.0.100\", \"end\": \"10.3.0.120\"}, {\"start\": \"10.3.0.10\", \"end\": \"10.3.0.20\"}]}"), 201)
                .json().path("subnet");
        assertThat(subnet.path("allocation_pools").get(0).path("start").asText()).isEqualTo("10.3.0.10");
        Http.Response overlap = subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.3.0.128/25\"}");
        assertThat(overlap.status()).isEqualTo(400);
        assertThat(overlap.json().path("NeutronError").path("message").asText()).contains("overlaps with another subnet");
        assertThat(subnet(alice.http(), "{\"network_id\": \"" + network(alice.http()) + "\", \"ip_version\": 4, \"cidr\": \"10.3.0.0/24\"}").status())
                .isEqualTo(201);

        String other = network(alice.http());
        assertThat(subnet(alice.http(), pools(other, "10.4.0.20", "10.4.0.10")).status()).isEqualTo(400);
        assertThat(subnet(alice.http(), pools(other, "10.4.0.0", "10.4.0.10")).status()).isEqualTo(400);
        assertThat(subnet(alice.http(), pools(other, "10.4.0.10", "10.5.0.10")).status()).isEqualTo(400);
        assertThat(subnet(alice.http(), pools(other, "10.4.0.1", "10.4.0.10")).status()).isEqualTo(409);
        assertThat(subnet(alice.http(), "{\"network_id\": \"" + other + "\", \"ip_version\": 4, \"cidr\": \"10.4.0.0/24\", \"allocation_pools\": "
                + "[{\"start\": \"10.4.0.10\", \"end\": \"10.4.0.20\"}, {\"start\": \"10.4.0.15\", \"end\": \"10.4.0.30\"}]}").status()).isEqualTo(409);
        assertThat(subnet(alice.http(), pools(other, "nonsense", "10.4.0.10")).status()).isEqualTo(400);
    }

    private static String pools(String network, String start, String end)
    {
        return "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.4.0.0/24\", \"allocation_pools\": [{\"start\": \"" + start
                + "\", \"end\": \"" + end + "\"}]}";
    }

    @Test
    void ipv6SubnetsWithAddressModes()
    {
        String network = network(alice.http());
        JsonNode slaac = expect(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 6, \"cidr\": \"2001:db8:1::/64\", "
                + "\"ipv6_ra_mode\": \"slaac\", \"ipv6_address_mode\": \"slaac\"}"), 201).json().path("subnet");
        assertThat(slaac.path("gateway_ip").asText()).isEqualTo("2001:db8:1::1");
        assertThat(slaac.path("allocation_pools").get(0).path("start").asText()).isEqualTo("2001:db8:1::2");
        assertThat(slaac.path("allocation_pools").get(0).path("end").asText()).isEqualTo("2001:db8:1:0:ffff:ffff:ffff:ffff");
        assertThat(slaac.path("ipv6_address_mode").asText()).isEqualTo("slaac");
        assertThat(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 6, \"cidr\": \"2001:db8:2::/80\", "
                + "\"ipv6_address_mode\": \"slaac\"}").status()).isEqualTo(400);
        assertThat(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 6, \"cidr\": \"2001:db8:3::/64\", "
                + "\"ipv6_ra_mode\": \"slaac\", \"ipv6_address_mode\": \"dhcpv6-stateful\"}").status()).isEqualTo(400);
        assertThat(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.6.0.0/24\", "
                + "\"ipv6_ra_mode\": \"slaac\"}").status()).isEqualTo(400);
        assertThat(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 6, \"cidr\": \"2001:db8:4::/64\", "
                + "\"ipv6_address_mode\": \"magic\"}").status()).isEqualTo(400);
        assertThat(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 6, \"cidr\": \"2001:db8:5::/64\", \"gateway_ip\": null}")
                .status()).isEqualTo(201);
    }

    @Test
    void badInputIs400AndOthersNetworksAre404()
    {
        String network = network(alice.http());
        for (String body : List.of(
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/33\"}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"banana\"}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 6, \"cidr\": \"10.7.0.0/24\"}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 5, \"cidr\": \"10.7.0.0/24\"}",
                "{\"network_id\": \"" + network + "\", \"cidr\": \"10.7.0.0/24\"}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4}",
                "{\"ip_version\": 4, \"cidr\": \"10.7.0.0/24\"}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"0.0.0.0/0\"}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\", \"gateway_ip\": \"10.7.0.0\"}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\", \"gateway_ip\": \"nope\"}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\", \"dns_nameservers\": [\"1.1.1.1\", \"1.1.1.1\"]}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\", \"dns_nameservers\": [\"a\"]}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\", \"dns_nameservers\": "
                        + "[\"1.1.1.1\", \"1.1.1.2\", \"1.1.1.3\", \"1.1.1.4\", \"1.1.1.5\", \"1.1.1.6\"]}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\", \"host_routes\": [{\"destination\": \"x\"}]}",
                "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\", \"unknown\": 1}")) {
            Http.Response response = subnet(alice.http(), body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().path("NeutronError").has("type")).as(body).isTrue();
        }
        assertThat(subnet(bob.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.8.0.0/24\"}").status()).isEqualTo(404);
        assertThat(subnet(alice.http(), "{\"network_id\": \"" + java.util.UUID.randomUUID() + "\", \"ip_version\": 4, \"cidr\": \"10.8.0.0/24\"}").status())
                .isEqualTo(404);
        assertThat(alice.http().get(V2 + "/subnets/" + java.util.UUID.randomUUID()).json().path("NeutronError").path("type").asText())
                .isEqualTo("SubnetNotFound");
    }

    @Test
    void aSubnetWithPortsCannotBeDeletedNorItsNetwork()
    {
        String network = network(alice.http());
        String subnet = expect(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.9.0.0/24\"}"), 201)
                .json().path("subnet").path("id").asText();
        String port = expect(alice.http().post(V2 + "/ports", "{\"port\": {\"network_id\": \"" + network + "\"}}"), 201).json().path("port").path("id").asText();
        Http.Response subnetInUse = alice.http().delete(V2 + "/subnets/" + subnet);
        assertThat(subnetInUse.status()).isEqualTo(409);
        assertThat(subnetInUse.json().path("NeutronError").path("type").asText()).isEqualTo("SubnetInUse");
        Http.Response networkInUse = alice.http().delete(V2 + "/networks/" + network);
        assertThat(networkInUse.status()).isEqualTo(409);
        assertThat(networkInUse.json().path("NeutronError").path("type").asText()).isEqualTo("NetworkInUse");
        assertThat(alice.http().delete(V2 + "/ports/" + port).status()).isEqualTo(204);
        assertThat(alice.http().delete(V2 + "/subnets/" + subnet).status()).isEqualTo(204);
        expect(subnet(alice.http(), "{\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \"10.9.0.0/24\"}"), 201);
        assertThat(alice.http().delete(V2 + "/networks/" + network).status()).isEqualTo(204);
        assertThat(alice.http().get(V2 + "/subnets?network_id=" + network).json().path("subnets").size()).isZero();
    }

    @Test
    void bulkSubnetsAndListFilters()
    {
        String network = network(alice.http());
        JsonNode created = expect(alice.http().post(V2 + "/subnets", "{\"subnets\": [{\"network_id\": \"" + network
                + "\", \"ip_version\": 4, \"cidr\": \"10.10.0.0/24\"}, {\"network_id\": \"" + network
                + "\", \"ip_version\": 6, \"cidr\": \"2001:db8:10::/64\"}]}"), 201).json().path("subnets");
        assertThat(created.size()).isEqualTo(2);
        JsonNode v6 = expect(alice.http().get(V2 + "/subnets?network_id=" + network + "&ip_version=6"), 200).json().path("subnets");
        assertThat(v6.size()).isEqualTo(1);
        assertThat(v6.get(0).path("cidr").asText()).isEqualTo("2001:db8:10::/64");
        JsonNode byCidr = expect(alice.http().get(V2 + "/subnets?cidr=10.10.0.0/24"), 200).json().path("subnets");
        assertThat(byCidr.size()).isEqualTo(1);
    }
}
