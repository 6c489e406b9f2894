package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.network.NetworkUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Ports with real address management, binding, address pairs, DHCP options, MACs, and many clients on a small subnet. */
class PortApiTest
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

    private static String subnet(Http http, String network, String cidr, String extra)
    {
        int version = cidr.contains(":") ? 6 : 4;
        return expect(http.post(V2 + "/subnets", "{\"subnet\": {\"network_id\": \"" + network + "\", \"ip_version\": " + version + ", \"cidr\": \""
                + cidr + "\"" + extra + "}}"), 201).json().path("subnet").path("id").asText();
    }

    private static Http.Response port(Http http, String body)
    {
        return http.post(V2 + "/ports", "{\"port\": " + body + "}");
    }

    @Test
    void aPortGetsTheFirstFreeAddressAndAMac()
    {
        String network = network(alice.http());
        String subnet = subnet(alice.http(), network, "10.20.0.0/24", "");
        JsonNode port = expect(port(alice.http(), "{\"network_id\": \"" + network + "\", \"name\": \"p1\"}"), 201).json().path("port");
        assertThat(port.path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo("10.20.0.2");
        assertThat(port.path("fixed_ips").get(0).path("subnet_id").asText()).isEqualTo(subnet);
        assertThat(port.path("mac_address").asText()).matches("fa:16:3e(:[0-9a-f]{2}){3}");
        assertThat(port.path("status").asText()).isEqualTo("DOWN");
        assertThat(port.path("admin_state_up").asBoolean()).isTrue();
        assertThat(port.path("binding:vnic_type").asText()).isEqualTo("normal");
        assertThat(port.has("binding:host_id")).isFalse();
        assertThat(port.path("port_security_enabled").asBoolean()).isTrue();
        String id = port.path("id").asText();
        assertThat(expect(alice.http().get(V2 + "/ports/" + id), 200).json().path("port")).isEqualTo(port);
        JsonNode fields = expect(alice.http().get(V2 + "/ports/" + id + "?fields=id&fields=mac_address"), 200).json().path("port");
        assertThat(fields.size()).isEqualTo(2);
        assertThat(bob.http().get(V2 + "/ports/" + id).status()).isEqualTo(404);

        JsonNode second = expect(port(alice.http(), "{\"network_id\": \"" + network + "\"}"), 201).json().path("port");
        assertThat(second.path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo("10.20.0.3");
        assertThat(second.path("mac_address").asText()).isNotEqualTo(port.path("mac_address").asText());
    }

    @Test
    void requestedAddressesBySubnetAndAddress()
    {
        String network = network(alice.http());
        String first = subnet(alice.http(), network, "10.21.0.0/24", "");
        String second = subnet(alice.http(), network, "10.21.1.0/24", "");
        JsonNode port = expect(port(alice.http(), "{\"network_id\": \"" + network + "\", \"fixed_ips\": [{\"subnet_id\": \"" + first
                + "\", \"ip_address\": \"10.21.0.50\"}, {\"subnet_id\": \"" + second + "\"}]}"), 201).json().path("port");
        assertThat(port.path("fixed_ips").size()).isEqualTo(2);
        assertThat(port.path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo("10.21.0.50");
        assertThat(port.path("fixed_ips").get(1).path("subnet_id").asText()).isEqualTo(second);
        String id = port.path("id").asText();

        Http.Response taken = port(alice.http(), "{\"network_id\": \"" + network + "\", \"fixed_ips\": [{\"ip_address\": \"10.21.0.50\"}]}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().path("NeutronError").path("type").asText()).isEqualTo("IpAddressInUse");
        assertThat(port(alice.http(), "{\"network_id\": \"" + network + "\", \"fixed_ips\": [{\"ip_address\": \"10.99.0.5\"}]}").status()).isEqualTo(400);
        assertThat(port(alice.http(), "{\"network_id\": \"" + network + "\", \"fixed_ips\": [{\"subnet_id\": \"" + first
                + "\", \"ip_address\": \"10.21.1.5\"}]}").status()).isEqualTo(400);
        assertThat(port(alice.http(), "{\"network_id\": \"" + network + "\", \"fixed_ips\": [{\"subnet_id\": \"" + first
                + "\", \"ip_address\": \"10.21.0.255\"}]}").status()).isEqualTo(400);

        JsonNode one = expect(alice.http().put(V2 + "/ports/" + id, "{\"port\": {\"fixed_ips\": [{\"subnet_id\": \"" + first + "\"}]}}"), 200)
                .json().path("port");
        assertThat(one.path("fixed_ips").size()).isEqualTo(1);
        assertThat(one.path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo("10.21.0.50");
        JsonNode two = expect(alice.http().put(V2 + "/ports/" + id, "{\"port\": {\"fixed_ips\": [{\"subnet_id\": \"" + first + "\"}, {\"subnet_id\": \""
                + second + "\"}]}}"), 200).json().path("port");
        assertThat(two.path("fixed_ips").size()).isEqualTo(2);

        JsonNode filtered = expect(alice.http().get(V2 + "/ports?fixed_ips=ip_address%3D10.21.0.50"), 200).json().path("ports");
        assertThat(filtered.size()).isEqualTo(1);
        assertThat(filtered.get(0).path("id").asText()).isEqualTo(id);
        JsonNode substring = expect(alice.http().get(V2 + "/ports?fixed_ips=ip_address_substr%3D10.21.0.5"), 200).json().path("ports");
        assertThat(substring.size()).isEqualTo(1);
        assertThat(alice.http().get(V2 + "/ports?fixed_ips=bogus").status()).isEqualTo(400);
    }

    @Test
    void userMacsAreUniquePerNetworkAndCanBeRegenerated()
    {
        String network = network(alice.http());
        subnet(alice.http(), network, "10.22.0.0/24", "");
        JsonNode port = expect(port(alice.http(), "{\"network_id\": \"" + network + "\", \"mac_address\": \"FA:16:3E:00:00:01\"}"), 201).json().path("port");
        assertThat(port.path("mac_address").asText()).isEqualTo("fa:16:3e:00:00:01");
        Http.Response again = port(alice.http(), "{\"network_id\": \"" + network + "\", \"mac_address\": \"fa:16:3e:00:00:01\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("NeutronError").path("type").asText()).isEqualTo("MacAddressInUse");
        assertThat(port(alice.http(), "{\"network_id\": \"" + network(alice.http()) + "\", \"mac_address\": \"fa:16:3e:00:00:01\"}").status()).isEqualTo(201);
        assertThat(port(alice.http(), "{\"network_id\": \"" + network + "\", \"mac_address\": \"zz:16:3e:00:00:01\"}").status()).isEqualTo(400);
        String id = port.path("id").asText();
        JsonNode regenerated = expect(admin.put(V2 + "/ports/" + id, "{\"port\": {\"mac_address\": null}}"), 200).json().path("port");
        assertThat(regenerated.path("mac_address").asText()).isNotEqualTo("fa:16:3e:00:00:01");
    }

    @Test
    void bindingMakesAPortActiveAndIsAnAdminsToSee()
    {
        String network = network(alice.http());
        subnet(alice.http(), network, "10.23.0.0/24", "");
        String id = expect(port(alice.http(), "{\"network_id\": \"" + network + "\", \"binding:vnic_type\": \"direct\"}"), 201).json().path("port").path("id").asText();
        assertThat(alice.http().put(V2 + "/ports/" + id, "{\"port\": {\"binding:host_id\": \"node1\"}}").status()).isEqualTo(403);
        JsonNode bound = expect(admin.put(V2 + "/ports/" + id, "{\"port\": {\"binding:host_id\": \"node1\", \"binding:profile\": {\"a\": 1}, "
                + "\"device_owner\": \"compute:nova\", \"device_id\": \"vm-1\"}}"), 200).json().path("port");
        assertThat(bound.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(bound.path("binding:host_id").asText()).isEqualTo("node1");
        assertThat(bound.path("binding:vif_type").asText()).isEqualTo("ovs");
        assertThat(bound.path("binding:profile").path("a").asInt()).isEqualTo(1);
        assertThat(bound.path("binding:vnic_type").asText()).isEqualTo("direct");
        JsonNode seen = expect(alice.http().get(V2 + "/ports/" + id), 200).json().path("port");
        assertThat(seen.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(seen.has("binding:host_id")).isFalse();
        assertThat(expect(alice.http().get(V2 + "/ports?device_id=vm-1"), 200).json().path("ports").size()).isEqualTo(1);
        assertThat(port(alice.http(), "{\"network_id\": \"" + network + "\", \"binding:vnic_type\": \"warp\"}").status()).isEqualTo(400);
    }

    @Test
    void addressPairsDhcpOptionsAndPortSecurity()
    {
        String network = network(alice.http());
        subnet(alice.http(), network, "10.24.0.0/24", "");
        JsonNode port = expect(port(alice.http(), "{\"network_id\": \"" + network + "\", \"allowed_address_pairs\": [{\"ip_address\": \"10.24.0.100\"}, "
                + "{\"ip_address\": \"10.30.0.0/24\", \"mac_address\": \"fa:16:3e:11:11:11\"}], \"extra_dhcp_opts\": [{\"opt_name\": \"bootfile-name\", "
                + "\"opt_value\": \"pxelinux.0\"}, {\"opt_name\": \"tftp-server\", \"opt_value\": \"10.24.0.9\"}]}"), 201).json().path("port");
        assertThat(port.path("allowed_address_pairs").get(0).path("mac_address").asText()).isEqualTo(port.path("mac_address").asText());
        assertThat(port.path("extra_dhcp_opts").size()).isEqualTo(2);
        String id = port.path("id").asText();
        JsonNode updated = expect(alice.http().put(V2 + "/ports/" + id, "{\"port\": {\"extra_dhcp_opts\": [{\"opt_name\": \"bootfile-name\", "
                + "\"opt_value\": null}, {\"opt_name\": \"tftp-server\", \"opt_value\": \"10.24.0.10\"}]}}"), 200).json().path("port");
        assertThat(updated.path("extra_dhcp_opts").size()).isEqualTo(1);
        assertThat(updated.path("extra_dhcp_opts").get(0).path("opt_value").asText()).isEqualTo("10.24.0.10");
        assertThat(alice.http().put(V2 + "/ports/" + id, "{\"port\": {\"port_security_enabled\": false}}").status()).isEqualTo(409);
        JsonNode open = expect(alice.http().put(V2 + "/ports/" + id, "{\"port\": {\"port_security_enabled\": false, \"allowed_address_pairs\": [], "
                + "\"security_groups\": []}}"), 200).json().path("port");
        assertThat(open.path("port_security_enabled").asBoolean()).isFalse();
        assertThat(port(alice.http(), "{\"network_id\": \"" + network + "\", \"allowed_address_pairs\": [{\"ip_address\": \"nonsense\"}]}").status())
                .isEqualTo(400);
        assertThat(port(alice.http(), "{\"network_id\": \"" + network + "\", \"allowed_address_pairs\": [{\"ip_address\": \"10.1.1.1\"}, "
                + "{\"ip_address\": \"10.1.1.1\"}]}").status()).isEqualTo(400);
        assertThat(port(alice.http(), "{\"network_id\": \"" + network + "\", \"port_security_enabled\": false, \"security_groups\": [\"x\"]}").status())
                .isEqualTo(409);
        JsonNode none = expect(port(alice.http(), "{\"network_id\": \"" + network + "\", \"security_groups\": []}"), 201).json().path("port");
        assertThat(none.path("security_groups").size()).isZero();
    }

    @Test
    void slaacPortsGetEui64Addresses()
    {
        String network = network(alice.http());
        subnet(alice.http(), network, "2001:db8:30::/64", ", \"ipv6_ra_mode\": \"slaac\", \"ipv6_address_mode\": \"slaac\"");
        JsonNode port = expect(port(alice.http(), "{\"network_id\": \"" + network + "\", \"mac_address\": \"fa:16:3e:12:34:56\"}"), 201).json().path("port");
        assertThat(port.path("fixed_ips").get(0).path("ip_address").asText()).isEqualTo("2001:db8:30:0:f816:3eff:fe12:3456");
    }

    @Test
    void aSlaacSubnetIsDeletedWithItsPortsAddressesButTheNetworkStaysInUse()
    {
        String network = network(alice.http());
        String subnet = subnet(alice.http(), network, "2001:db8:31::/64", ", \"ipv6_ra_mode\": \"dhcpv6-stateless\", \"ipv6_address_mode\": \"dhcpv6-stateless\"");
        String port = expect(port(alice.http(), "{\"network_id\": \"" + network + "\"}"), 201).json().path("port").path("id").asText();
        assertThat(alice.http().delete(V2 + "/subnets/" + subnet).status()).isEqualTo(204);
        assertThat(expect(alice.http().get(V2 + "/ports/" + port), 200).json().path("port").path("fixed_ips").size()).isZero();
        Http.Response inUse = alice.http().delete(V2 + "/networks/" + network);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().path("NeutronError").path("message").asText()).contains("There are one or more ports still in use on the network");
    }

    @Test
    void portsOnMissingOrForeignNetworksAre404AndBadBodies400()
    {
        assertThat(port(alice.http(), "{\"network_id\": \"" + java.util.UUID.randomUUID() + "\"}").status()).isEqualTo(404);
        String network = network(alice.http());
        assertThat(port(bob.http(), "{\"network_id\": \"" + network + "\"}").status()).isEqualTo(404);
        for (String body : List.of("{}", "{\"network_id\": 7}", "{\"network_id\": \"" + network + "\", \"fixed_ips\": \"x\"}",
                "{\"network_id\": \"" + network + "\", \"fixed_ips\": [{\"bogus\": 1}]}", "{\"network_id\": \"" + network + "\", \"status\": \"ACTIVE\"}",
                "{\"network_id\": \"" + network + "\", \"extra_dhcp_opts\": [{\"opt_value\": \"x\"}]}",
                "{\"network_id\": \"" + network + "\", \"binding:profile\": \"x\"}", "{\"network_id\": \"" + network + "\", \"dns_name\": \"bad name!\"}")) {
            Http.Response response = port(alice.http(), body);
            assertThat(response.status()).as(body).isEqualTo(400);
        }
        assertThat(alice.http().put(V2 + "/ports/" + java.util.UUID.randomUUID(), "{\"port\": {\"name\": \"x\"}}").status()).isEqualTo(404);
        assertThat(alice.http().delete(V2 + "/ports/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void manyClientsOnASmallSubnetGetDistinctAddressesThenIpAddressGenerationFailure()
            throws Exception
    {
        String network = network(alice.http());
        subnet(alice.http(), network, "10.40.0.0/28", "");
        // a /28 holds 16 addresses: network, gateway and broadcast leave 13
        int clients = 32;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        ConcurrentLinkedQueue<String> addresses = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> macs = new ConcurrentLinkedQueue<>();
        ConcurrentHashMap<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            done.add(pool.submit(() -> {
                Http.Response response = port(alice.http(), "{\"network_id\": \"" + network + "\"}");
                statuses.merge(response.status(), 1, Integer::sum);
                if (response.status() == 201) {
                    JsonNode port = response.json().path("port");
                    addresses.add(port.path("fixed_ips").get(0).path("ip_address").asText());
                    macs.add(port.path("mac_address").asText());
                }
                else if (response.status() == 409) {
                    if (!response.json().path("NeutronError").path("type").asText().equals("IpAddressGenerationFailure")) {
                        failures.add(response.body());
                    }
                }
                else {
                    failures.add(response.status() + " " + response.body());
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        assertThat(statuses.get(201)).isEqualTo(13);
        assertThat(statuses.get(409)).isEqualTo(clients - 13);
        assertThat(Set.copyOf(addresses)).hasSize(13);
        assertThat(Set.copyOf(macs)).hasSize(13);
        assertThat(addresses).doesNotContain("10.40.0.0", "10.40.0.1", "10.40.0.15");
        JsonNode listed = expect(alice.http().get(V2 + "/ports?network_id=" + network), 200).json().path("ports");
        assertThat(listed.size()).isEqualTo(13);
        JsonNode availability = expect(admin.get(V2 + "/network-ip-availabilities/" + network), 200).json().path("network_ip_availability");
        assertThat(availability.path("total_ips").asLong()).isEqualTo(13);
        assertThat(availability.path("used_ips").asLong()).isEqualTo(13);
        assertThat(availability.path("subnet_ip_availability").get(0).path("cidr").asText()).isEqualTo("10.40.0.0/28");
        assertThat(alice.http().get(V2 + "/network-ip-availabilities/" + network).status()).isEqualTo(403);
        assertThat(expect(admin.get(V2 + "/network-ip-availabilities?network_id=" + network), 200).json().path("network_ip_availabilities").size())
                .isEqualTo(1);
    }

    @Test
    void quotasLimitPortsAndAreShownWithDetails()
    {
        NetworkUsers.User carol = NetworkUsers.create(server, admin, "member");
        String project = carol.projectId();
        JsonNode quota = expect(carol.http().get(V2 + "/quotas/" + project), 200).json().path("quota");
        assertThat(quota.path("network").asLong()).isEqualTo(100);
        assertThat(quota.path("port").asLong()).isEqualTo(500);
        assertThat(carol.http().put(V2 + "/quotas/" + project, "{\"quota\": {\"network\": 1}}").status()).isEqualTo(403);
        JsonNode updated = expect(admin.put(V2 + "/quotas/" + project, "{\"quota\": {\"network\": 1, \"port\": 2}}"), 200).json().path("quota");
        assertThat(updated.path("network").asLong()).isEqualTo(1);
        String network = network(carol.http());
        Http.Response over = carol.http().post(V2 + "/networks", "{\"network\": {}}");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.json().path("NeutronError").path("type").asText()).isEqualTo("OverQuota");
        expect(port(carol.http(), "{\"network_id\": \"" + network + "\"}"), 201);
        expect(port(carol.http(), "{\"network_id\": \"" + network + "\"}"), 201);
        assertThat(port(carol.http(), "{\"network_id\": \"" + network + "\"}").status()).isEqualTo(409);
        JsonNode details = expect(carol.http().get(V2 + "/quotas/" + project + "/details"), 200).json().path("quota");
        assertThat(details.path("port").path("used").asLong()).isEqualTo(2);
        assertThat(details.path("port").path("limit").asLong()).isEqualTo(2);
        assertThat(details.path("network").path("used").asLong()).isEqualTo(1);
        assertThat(admin.get(V2 + "/quotas").json().path("quotas").toString()).contains(project);
        assertThat(admin.delete(V2 + "/quotas/" + project).status()).isEqualTo(204);
        assertThat(expect(carol.http().get(V2 + "/quotas/" + project), 200).json().path("quota").path("network").asLong()).isEqualTo(100);
        assertThat(expect(carol.http().get(V2 + "/quotas/" + project + "/default"), 200).json().path("quota").path("port").asLong()).isEqualTo(500);
        assertThat(bob.http().get(V2 + "/quotas/" + project).status()).isEqualTo(403);
        assertThat(admin.put(V2 + "/quotas/" + project, "{\"quota\": {\"bogus\": 1}}").status()).isEqualTo(400);
        assertThat(admin.put(V2 + "/quotas/" + project, "{\"quota\": {\"network\": -5}}").status()).isEqualTo(400);
    }
}
