package io.xloud.network.pools;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.network.pools.PoolTestHost.Response;
import io.xloud.network.service.CidrBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.network.pools.PoolTestHost.ADMIN;
import static io.xloud.network.pools.PoolTestHost.member;
import static org.assertj.core.api.Assertions.assertThat;

/** Subnets taking their CIDRs from pools, IP availability counts, and networks shared through RBAC policies. */
class SubnetAllocationApiTest
{
    @TempDir
    static Path dataDir;

    private static PoolTestHost host;

    @BeforeAll
    static void start()
            throws Exception
    {
        host = new PoolTestHost(dataDir);
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        host.close();
    }

    private static JsonNode created(Response response, String key)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path(key);
    }

    private static String network(String token, String name)
    {
        return created(host.post("/networks", token, "{\"network\":{\"name\":\"" + name + "\"}}"), "network").path("id").asText();
    }

    private static String pool(String token, String body)
    {
        return created(host.post("/subnetpools", token, body), "subnetpool").path("id").asText();
    }

    private static Response subnet(String token, String networkId, String extra)
    {
        return host.post("/subnets", token, "{\"subnet\":{\"network_id\":\"" + networkId + "\",\"ip_version\":4" + extra + "}}");
    }

    @Test
    void subnetsTakeFreePrefixesFromTheirPool()
    {
        String token = member("alloc");
        String pool = pool(token, "{\"subnetpool\":{\"name\":\"p\",\"prefixes\":[\"10.100.0.0/24\"],\"default_prefixlen\":26,\"max_prefixlen\":28}}");
        JsonNode first = created(subnet(token, network(token, "n1"), ",\"subnetpool_id\":\"" + pool + "\""), "subnet");
        assertThat(first.path("cidr").asText()).isEqualTo("10.100.0.0/26");
        assertThat(first.path("subnetpool_id").asText()).isEqualTo(pool);
        JsonNode second = created(subnet(token, network(token, "n2"), ",\"subnetpool_id\":\"" + pool + "\",\"prefixlen\":28"), "subnet");
        assertThat(second.path("cidr").asText()).isEqualTo("10.100.0.64/28");
        JsonNode third = created(subnet(token, network(token, "n3"), ",\"subnetpool_id\":\"" + pool + "\",\"cidr\":\"10.100.0.128/26\""), "subnet");
        assertThat(third.path("cidr").asText()).isEqualTo("10.100.0.128/26");

        Response taken = subnet(token, network(token, "n4"), ",\"subnetpool_id\":\"" + pool + "\",\"cidr\":\"10.100.0.0/27\"");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorType()).isEqualTo("SubnetAllocationError");
        Response outside = subnet(token, network(token, "n5"), ",\"subnetpool_id\":\"" + pool + "\",\"cidr\":\"10.101.0.0/26\"");
        assertThat(outside.status()).isEqualTo(409);
        Response tooSmall = subnet(token, network(token, "n6"), ",\"subnetpool_id\":\"" + pool + "\",\"prefixlen\":30");
        assertThat(tooSmall.status()).isEqualTo(400);
        Response tooBig = subnet(token, network(token, "n7"), ",\"subnetpool_id\":\"" + pool + "\",\"prefixlen\":25");
        assertThat(tooBig.status()).isEqualTo(409);
        assertThat(host.post("/subnets", token, "{\"subnet\":{\"network_id\":\"" + network(token, "n8") + "\",\"ip_version\":6,\"subnetpool_id\":\""
                + pool + "\"}}").status()).isEqualTo(400);

        Response inUse = host.delete("/subnetpools/" + pool, token);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorType()).isEqualTo("SubnetPoolInUse");
        assertThat(host.put("/subnetpools/" + pool + "/remove_prefixes", token, "{\"prefixes\":[\"10.100.0.0/25\"]}").status()).isEqualTo(409);

        assertThat(host.delete("/subnets/" + first.path("id").asText(), token).status()).isEqualTo(204);
        JsonNode again = created(subnet(token, network(token, "n9"), ",\"subnetpool_id\":\"" + pool + "\""), "subnet");
        assertThat(again.path("cidr").asText()).isEqualTo("10.100.0.0/26");
    }

    @Test
    void anotherProjectsPoolIsNotFoundAndQuotaIsKept()
    {
        String owner = member("alloc-owner");
        String other = member("alloc-other");
        String pool = pool(owner, "{\"subnetpool\":{\"name\":\"p\",\"prefixes\":[\"10.110.0.0/16\"],\"default_prefixlen\":24}}");
        Response hidden = subnet(other, network(other, "x"), ",\"subnetpool_id\":\"" + pool + "\"");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.errorType()).isEqualTo("SubnetPoolNotFound");

        String quoted = pool(ADMIN, "{\"subnetpool\":{\"name\":\"q\",\"prefixes\":[\"10.120.0.0/16\"],\"default_prefixlen\":24,\"default_quota\":512,"
                + "\"shared\":true}}");
        created(subnet(other, network(other, "q1"), ",\"subnetpool_id\":\"" + quoted + "\""), "subnet");
        created(subnet(other, network(other, "q2"), ",\"subnetpool_id\":\"" + quoted + "\""), "subnet");
        Response over = subnet(other, network(other, "q3"), ",\"subnetpool_id\":\"" + quoted + "\"");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.errorType()).isEqualTo("SubnetPoolQuotaExceeded");
        created(subnet(owner, network(owner, "q4"), ",\"subnetpool_id\":\"" + quoted + "\""), "subnet");
    }

    @Test
    void theDefaultPoolServesUseDefaultSubnetpool()
    {
        String token = member("alloc-default");
        Response none = subnet(token, network(token, "d0"), ",\"use_default_subnetpool\":true");
        assertThat(none.status()).isEqualTo(400);
        pool(ADMIN, "{\"subnetpool\":{\"name\":\"default-v4\",\"prefixes\":[\"10.130.0.0/16\"],\"default_prefixlen\":24,\"is_default\":true,\"shared\":true}}");
        JsonNode subnet = created(subnet(token, network(token, "d1"), ",\"use_default_subnetpool\":true"), "subnet");
        assertThat(subnet.path("cidr").asText()).isEqualTo("10.130.0.0/24");
    }

    @Test
    void concurrentAllocationsNeverOverlap()
            throws Exception
    {
        String token = member("alloc-race");
        String pool = pool(token, "{\"subnetpool\":{\"name\":\"race\",\"prefixes\":[\"10.140.0.0/24\"],\"default_prefixlen\":28}}");
        int clients = 24;
        List<String> networks = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            networks.add(network(token, "race-" + i));
        }
        List<Response> responses = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (String networkId : networks) {
                futures.add(executor.submit(() -> responses.add(subnet(token, networkId, ",\"subnetpool_id\":\"" + pool + "\""))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        List<CidrBlock> cidrs = new ArrayList<>();
        for (Response response : responses) {
            assertThat(response.status()).as(response.body()).isIn(201, 409);
            if (response.status() == 201) {
                cidrs.add(CidrBlock.of(response.json().path("subnet").path("cidr").asText()));
            }
            else {
                assertThat(response.errorType()).isEqualTo("SubnetAllocationError");
            }
        }
        assertThat(cidrs).hasSize(16);
        for (int i = 0; i < cidrs.size(); i++) {
            for (int j = i + 1; j < cidrs.size(); j++) {
                assertThat(cidrs.get(i).overlaps(cidrs.get(j))).as(cidrs.get(i) + " and " + cidrs.get(j)).isFalse();
            }
        }
    }

    @Test
    void ipAvailabilityCountsPoolsAndAllocations()
    {
        String token = member("avail");
        String networkId = network(token, "avail");
        String subnetId = created(host.post("/subnets", token, "{\"subnet\":{\"network_id\":\"" + networkId
                + "\",\"ip_version\":4,\"cidr\":\"192.168.50.0/28\",\"name\":\"s\"}}"), "subnet").path("id").asText();
        for (int i = 0; i < 3; i++) {
            created(host.post("/ports", token, "{\"port\":{\"network_id\":\"" + networkId + "\"}}"), "port");
        }
        Response shown = host.get("/network-ip-availabilities/" + networkId, ADMIN);
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        JsonNode availability = shown.json().path("network_ip_availability");
        assertThat(availability.path("network_id").asText()).isEqualTo(networkId);
        assertThat(availability.path("network_name").asText()).isEqualTo("avail");
        assertThat(availability.path("project_id").asText()).isEqualTo("avail");
        assertThat(availability.path("total_ips").asLong()).isEqualTo(13);
        assertThat(availability.path("used_ips").asLong()).isEqualTo(3);
        JsonNode subnet = availability.path("subnet_ip_availability").get(0);
        assertThat(subnet.path("subnet_id").asText()).isEqualTo(subnetId);
        assertThat(subnet.path("cidr").asText()).isEqualTo("192.168.50.0/28");
        assertThat(subnet.path("ip_version").asInt()).isEqualTo(4);
        assertThat(subnet.path("total_ips").asLong()).isEqualTo(13);
        assertThat(subnet.path("used_ips").asLong()).isEqualTo(3);

        Response list = host.get("/network-ip-availabilities?network_id=" + networkId + "&ip_version=4", ADMIN);
        assertThat(list.json().path("network_ip_availabilities")).hasSize(1);
        assertThat(host.get("/network-ip-availabilities?network_id=" + networkId + "&ip_version=6", ADMIN).json().path("network_ip_availabilities")
                .path(0).path("subnet_ip_availability")).isEmpty();
        assertThat(host.get("/network-ip-availabilities?ip_version=five", ADMIN).status()).isEqualTo(400);
        assertThat(host.get("/network-ip-availabilities?bogus=1", ADMIN).status()).isEqualTo(400);
        assertThat(host.get("/network-ip-availabilities/" + networkId, token).status()).isEqualTo(403);
        assertThat(host.get("/network-ip-availabilities/no-such-network", ADMIN).errorType()).isEqualTo("NetworkNotFound");
    }

    @Test
    void aWildcardPolicyMakesANetworkSharedUntilItIsInUse()
    {
        String owner = member("net-owner");
        String guest = member("net-guest");
        String networkId = network(owner, "to-share");
        created(host.post("/subnets", owner, "{\"subnet\":{\"network_id\":\"" + networkId + "\",\"ip_version\":4,\"cidr\":\"192.168.60.0/24\"}}"), "subnet");
        assertThat(host.get("/networks/" + networkId, guest).status()).isEqualTo(404);
        assertThat(host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + networkId
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"*\"}}").status()).isEqualTo(403);
        String policy = created(host.post("/rbac-policies", ADMIN, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + networkId
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"*\"}}"), "rbac_policy").path("id").asText();
        Response seen = host.get("/networks/" + networkId, guest);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().path("network").path("shared").asBoolean()).isTrue();
        String port = created(host.post("/ports", guest, "{\"port\":{\"network_id\":\"" + networkId + "\"}}"), "port").path("id").asText();

        Response inUse = host.delete("/rbac-policies/" + policy, ADMIN);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(host.delete("/ports/" + port, guest).status()).isEqualTo(204);
        assertThat(host.delete("/rbac-policies/" + policy, ADMIN).status()).isEqualTo(204);
        assertThat(host.get("/networks/" + networkId, guest).status()).isEqualTo(404);
        assertThat(host.get("/networks/" + networkId, owner).json().path("network").path("shared").asBoolean()).isFalse();
        assertThat(host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + networkId
                + "\",\"action\":\"access_as_external\",\"target_tenant\":\"net-guest\"}}").status()).isEqualTo(201);
    }
}
