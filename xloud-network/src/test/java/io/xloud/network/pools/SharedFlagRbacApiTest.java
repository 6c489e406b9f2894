package io.xloud.network.pools;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.network.pools.PoolTestHost.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.xloud.network.pools.PoolTestHost.ADMIN;
import static io.xloud.network.pools.PoolTestHost.member;
import static io.xloud.network.pools.SubnetPoolApiTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code shared} and {@code router:external} flags of networks and the {@code shared} flag of QoS policies as the
 * wildcard RBAC entries Neutron makes for them, and access_as_external policies for one project.
 */
class SharedFlagRbacApiTest
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

    private static String created(Response response, String key)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path(key).path("id").asText();
    }

    private static String network(String project, String flags)
    {
        return created(host.post("/networks", ADMIN, "{\"network\":{\"name\":\"n\",\"project_id\":\"" + project + "\"" + flags + "}}"), "network");
    }

    private static void subnet(String network, String cidr)
    {
        created(host.post("/subnets", ADMIN, "{\"subnet\":{\"network_id\":\"" + network + "\",\"ip_version\":4,\"cidr\":\"" + cidr + "\"}}"), "subnet");
    }

    /** The RBAC entries of an object, as the admin lists them. */
    private static List<JsonNode> entries(String objectId)
    {
        List<JsonNode> found = new ArrayList<>();
        host.get("/rbac-policies?object_id=" + objectId, ADMIN).json().path("rbac_policies").forEach(found::add);
        return found;
    }

    private static JsonNode onlyEntry(String objectId, String action)
    {
        List<JsonNode> found = entries(objectId).stream().filter(entry -> entry.path("action").asText().equals(action)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static boolean flag(String network, String token, String name)
    {
        return host.get("/networks/" + network, token).json().path("network").path(name).asBoolean();
    }

    private static long rbacUsed(String project)
    {
        return host.get("/quotas/" + project + "/details", ADMIN).json().path("quota").path("rbac_policy").path("used").asLong();
    }

    @Test
    void sharedAtCreateMakesTheWildcardEntryAndFalseRemovesIt()
    {
        String owner = member("flag-owner");
        String stranger = member("flag-stranger");
        String network = network("flag-owner", ",\"shared\":true");

        JsonNode entry = onlyEntry(network, "access_as_shared");
        assertThat(entry.path("target_tenant").asText()).isEqualTo("*");
        assertThat(entry.path("project_id").asText()).isEqualTo("flag-owner");
        assertThat(entry.path("object_type").asText()).isEqualTo("network");
        // the owner sees its entry; another project sees the network but not the entry
        assertThat(ids(host.get("/rbac-policies", owner))).contains(entry.path("id").asText());
        assertThat(host.get("/rbac-policies/" + entry.path("id").asText(), stranger).status()).isEqualTo(404);
        assertThat(ids(host.get("/rbac-policies", stranger))).doesNotContain(entry.path("id").asText());
        assertThat(flag(network, stranger, "shared")).isTrue();

        Response off = host.put("/networks/" + network, ADMIN, "{\"network\":{\"shared\":false}}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().path("network").path("shared").asBoolean()).isFalse();
        assertThat(entries(network)).isEmpty();
        assertThat(host.get("/networks/" + network, stranger).status()).isEqualTo(404);

        Response on = host.put("/networks/" + network, ADMIN, "{\"network\":{\"shared\":true}}");
        assertThat(on.status()).isEqualTo(200);
        assertThat(onlyEntry(network, "access_as_shared").path("target_tenant").asText()).isEqualTo("*");
        // setting it again makes no second entry
        assertThat(host.put("/networks/" + network, ADMIN, "{\"network\":{\"shared\":true}}").status()).isEqualTo(200);
        assertThat(entries(network)).hasSize(1);
        // a member may not set the flag
        assertThat(host.put("/networks/" + network, owner, "{\"network\":{\"shared\":false}}").status()).isEqualTo(403);
        assertThat(entries(network)).hasSize(1);
        // deleting the network takes its entry with it
        assertThat(host.delete("/networks/" + network, ADMIN).status()).isEqualTo(204);
        assertThat(entries(network)).isEmpty();
    }

    @Test
    void sharedFalseIsRefusedWhileAnotherProjectHasPortsUnlessItHasItsOwnGrant()
    {
        String friend = member("busy-friend");
        String network = network("busy-owner", ",\"shared\":true");
        subnet(network, "10.91.0.0/24");
        String port = created(host.post("/ports", friend, "{\"port\":{\"network_id\":\"" + network + "\"}}"), "port");

        Response off = host.put("/networks/" + network, ADMIN, "{\"network\":{\"shared\":false}}");
        assertThat(off.status()).isEqualTo(409);
        assertThat(off.errorType()).isEqualTo("InvalidSharedSetting");
        String wildcard = onlyEntry(network, "access_as_shared").path("id").asText();
        Response delete = host.delete("/rbac-policies/" + wildcard, ADMIN);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(flag(network, ADMIN, "shared")).isTrue();

        // with a grant of its own the friend keeps its access, so the network may stop being shared with all
        created(host.post("/rbac-policies", ADMIN, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + network
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"busy-friend\"}}"), "rbac_policy");
        assertThat(host.put("/networks/" + network, ADMIN, "{\"network\":{\"shared\":false}}").status()).isEqualTo(200);
        assertThat(flag(network, ADMIN, "shared")).isFalse();
        assertThat(host.get("/networks/" + network, friend).status()).isEqualTo(200);
        assertThat(host.get("/networks/" + network, member("busy-stranger")).status()).isEqualTo(404);
        assertThat(entries(network)).extracting(entry -> entry.path("target_tenant").asText()).containsExactly("busy-friend");
        assertThat(host.delete("/ports/" + port, friend).status()).isEqualTo(204);
    }

    @Test
    void deletingTheWildcardEntryTurnsTheFlagOff()
    {
        String network = network("del-owner", ",\"shared\":true,\"router:external\":true");
        assertThat(flag(network, ADMIN, "shared")).isTrue();
        assertThat(flag(network, ADMIN, "router:external")).isTrue();
        assertThat(entries(network)).hasSize(2);
        assertThat(host.delete("/rbac-policies/" + onlyEntry(network, "access_as_shared").path("id").asText(), ADMIN).status()).isEqualTo(204);
        assertThat(flag(network, ADMIN, "shared")).isFalse();
        assertThat(flag(network, ADMIN, "router:external")).isTrue();
        assertThat(host.delete("/rbac-policies/" + onlyEntry(network, "access_as_external").path("id").asText(), ADMIN).status()).isEqualTo(204);
        assertThat(flag(network, ADMIN, "router:external")).isFalse();
        assertThat(entries(network)).isEmpty();
        assertThat(host.get("/networks/" + network, member("del-stranger")).status()).isEqualTo(404);
    }

    @Test
    void externalFlagMakesTheWildcardEntryAndIsKeptWhileARouterHasItsGateway()
    {
        String tenant = member("gw-tenant");
        String network = network("admin-project", ",\"router:external\":true");
        subnet(network, "172.31.40.0/24");
        JsonNode entry = onlyEntry(network, "access_as_external");
        assertThat(entry.path("target_tenant").asText()).isEqualTo("*");
        assertThat(entry.path("project_id").asText()).isEqualTo("admin-project");

        String router = created(host.post("/routers", tenant, "{\"router\":{\"name\":\"r\",\"external_gateway_info\":{\"network_id\":\"" + network
                + "\"}}}"), "router");
        Response off = host.put("/networks/" + network, ADMIN, "{\"network\":{\"router:external\":false}}");
        assertThat(off.status()).isEqualTo(409);
        assertThat(off.errorType()).isEqualTo("ExternalNetworkInUse");
        assertThat(flag(network, ADMIN, "router:external")).isTrue();
        assertThat(entries(network)).hasSize(1);

        assertThat(host.put("/routers/" + router, tenant, "{\"router\":{\"external_gateway_info\":{}}}").status()).isEqualTo(200);
        Response now = host.put("/networks/" + network, ADMIN, "{\"network\":{\"router:external\":false}}");
        assertThat(now.status()).as(now.body()).isEqualTo(200);
        assertThat(now.json().path("network").path("router:external").asBoolean()).isFalse();
        assertThat(entries(network)).isEmpty();
        Response refused = host.put("/routers/" + router, tenant, "{\"router\":{\"external_gateway_info\":{\"network_id\":\"" + network + "\"}}}");
        assertThat(refused.status()).isEqualTo(404);

        assertThat(host.put("/networks/" + network, ADMIN, "{\"network\":{\"router:external\":true}}").status()).isEqualTo(200);
        assertThat(onlyEntry(network, "access_as_external").path("target_tenant").asText()).isEqualTo("*");
    }

    @Test
    void externalAccessForOneProjectLetsItUseTheNetworkForGatewaysAndFloatingIps()
    {
        String friend = member("extp-friend");
        String stranger = member("extp-stranger");
        String network = network("admin-project", "");
        subnet(network, "172.31.50.0/24");
        String body = "{\"router\":{\"name\":\"r\",\"external_gateway_info\":{\"network_id\":\"" + network + "\"}}}";
        String fip = "{\"floatingip\":{\"floating_network_id\":\"" + network + "\"}}";
        assertThat(host.post("/routers", friend, body).status()).isEqualTo(404);
        assertThat(host.post("/floatingips", friend, fip).status()).isEqualTo(404);

        String grant = created(host.post("/rbac-policies", ADMIN, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + network
                + "\",\"action\":\"access_as_external\",\"target_tenant\":\"extp-friend\"}}"), "rbac_policy");

        String router = created(host.post("/routers", friend, body), "router");
        assertThat(host.get("/routers/" + router, friend).json().path("router").path("external_gateway_info").path("network_id").asText())
                .isEqualTo(network);
        Response address = host.post("/floatingips", friend, fip);
        assertThat(address.status()).as(address.body()).isEqualTo(201);
        assertThat(address.json().path("floatingip").path("floating_ip_address").asText()).startsWith("172.31.50.");

        // a project the policy does not name neither sees nor uses the network
        Response strangerRouter = host.post("/routers", stranger, body);
        assertThat(strangerRouter.status()).isEqualTo(404);
        assertThat(strangerRouter.errorType()).isEqualTo("NetworkNotFound");
        assertThat(host.post("/floatingips", stranger, fip).status()).isEqualTo(404);
        String own = created(host.post("/routers", stranger, "{\"router\":{\"name\":\"plain\"}}"), "router");
        assertThat(host.put("/routers/" + own, stranger, body).status()).isEqualTo(404);

        // the grant stays while the friend's router gateway and floating IP need it
        Response inUse = host.delete("/rbac-policies/" + grant, ADMIN);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(host.delete("/floatingips/" + address.json().path("floatingip").path("id").asText(), friend).status()).isEqualTo(204);
        assertThat(host.put("/routers/" + router, friend, "{\"router\":{\"external_gateway_info\":{}}}").status()).isEqualTo(200);
        assertThat(host.delete("/rbac-policies/" + grant, ADMIN).status()).isEqualTo(204);
        assertThat(host.put("/routers/" + router, friend, body).status()).isEqualTo(404);
        assertThat(host.post("/floatingips", friend, fip).status()).isEqualTo(404);
    }

    @Test
    void wildcardEntriesFromTheFlagCountInTheOwnersQuotaWithoutBeingCheckedAgainstIt()
    {
        String owner = member("quota-owner");
        assertThat(host.put("/quotas/quota-owner", ADMIN, "{\"quota\":{\"rbac_policy\":1}}").status()).isEqualTo(200);
        String first = network("quota-owner", ",\"shared\":true,\"router:external\":true");
        // two entries made by the flags although the limit is one
        assertThat(entries(first)).hasSize(2);
        assertThat(rbacUsed("quota-owner")).isEqualTo(2);

        String second = network("quota-owner", "");
        Response over = host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + second
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"quota-friend\"}}");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.errorType()).isEqualTo("OverQuota");

        assertThat(host.put("/networks/" + first, ADMIN, "{\"network\":{\"shared\":false}}").status()).isEqualTo(200);
        assertThat(rbacUsed("quota-owner")).isEqualTo(1);
        assertThat(host.delete("/rbac-policies/" + onlyEntry(first, "access_as_external").path("id").asText(), ADMIN).status()).isEqualTo(204);
        assertThat(rbacUsed("quota-owner")).isZero();
        created(host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + second
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"quota-friend\"}}"), "rbac_policy");
        assertThat(rbacUsed("quota-owner")).isEqualTo(1);
    }

    @Test
    void qosSharedMakesTheWildcardEntryAndIsKeptWhileAnotherProjectUsesThePolicy()
    {
        String friend = member("qos-friend");
        String stranger = member("qos-stranger");
        String policy = created(host.post("/qos/policies", ADMIN, "{\"policy\":{\"name\":\"q\",\"project_id\":\"qos-owner\",\"shared\":true}}"),
                "policy");
        JsonNode entry = onlyEntry(policy, "access_as_shared");
        assertThat(entry.path("object_type").asText()).isEqualTo("qos_policy");
        assertThat(entry.path("target_tenant").asText()).isEqualTo("*");
        assertThat(entry.path("project_id").asText()).isEqualTo("qos-owner");
        assertThat(host.get("/qos/policies/" + policy, stranger).status()).isEqualTo(200);

        String network = created(host.post("/networks", friend, "{\"network\":{\"name\":\"own\"}}"), "network");
        String port = created(host.post("/ports", friend, "{\"port\":{\"network_id\":\"" + network + "\",\"qos_policy_id\":\"" + policy + "\"}}"),
                "port");
        Response off = host.put("/qos/policies/" + policy, ADMIN, "{\"policy\":{\"shared\":false}}");
        assertThat(off.status()).isEqualTo(409);
        assertThat(off.errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(host.delete("/rbac-policies/" + entry.path("id").asText(), ADMIN).errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(host.get("/qos/policies/" + policy, ADMIN).json().path("policy").path("shared").asBoolean()).isTrue();

        assertThat(host.put("/ports/" + port, friend, "{\"port\":{\"qos_policy_id\":null}}").status()).isEqualTo(200);
        Response now = host.put("/qos/policies/" + policy, ADMIN, "{\"policy\":{\"shared\":false}}");
        assertThat(now.status()).as(now.body()).isEqualTo(200);
        assertThat(now.json().path("policy").path("shared").asBoolean()).isFalse();
        assertThat(entries(policy)).isEmpty();
        assertThat(host.get("/qos/policies/" + policy, stranger).status()).isEqualTo(404);

        assertThat(host.put("/qos/policies/" + policy, ADMIN, "{\"policy\":{\"shared\":true}}").status()).isEqualTo(200);
        String again = onlyEntry(policy, "access_as_shared").path("id").asText();
        assertThat(host.delete("/rbac-policies/" + again, ADMIN).status()).isEqualTo(204);
        assertThat(host.get("/qos/policies/" + policy, ADMIN).json().path("policy").path("shared").asBoolean()).isFalse();
        assertThat(host.get("/qos/policies/" + policy, stranger).status()).isEqualTo(404);
    }

    @Test
    void hostileFlagValuesAreRefused()
    {
        String network = network("hostile-owner", "");
        for (String value : List.of("\"maybe\"", "2", "[true]", "{\"a\":1}")) {
            Response response = host.put("/networks/" + network, ADMIN, "{\"network\":{\"shared\":" + value + "}}");
            assertThat(response.status()).as(value).isEqualTo(400);
        }
        assertThat(entries(network)).isEmpty();
        assertThat(host.put("/networks/" + network, ADMIN, "{\"network\":{\"router:external\":\"true'--\"}}").status()).isEqualTo(400);
        assertThat(entries(network)).isEmpty();
    }

    @Test
    void concurrentFlagChangesLeaveOneWildcardEntry()
            throws Exception
    {
        String network = network("race-owner", "");
        String policy = created(host.post("/qos/policies", ADMIN, "{\"policy\":{\"name\":\"q\",\"project_id\":\"race-owner\"}}"), "policy");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> host.put("/networks/" + network, ADMIN, "{\"network\":{\"shared\":true}}").status()));
                results.add(pool.submit(() -> host.put("/qos/policies/" + policy, ADMIN, "{\"policy\":{\"shared\":true}}").status()));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertThat(result.get()).isIn(200, 409);
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(entries(network)).hasSize(1);
        assertThat(entries(policy)).hasSize(1);
        assertThat(flag(network, ADMIN, "shared")).isTrue();
        assertThat(rbacUsed("race-owner")).isEqualTo(2);
    }
}
