package io.xloud.network.pools;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.network.pools.PoolTestHost.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.xloud.network.pools.PoolTestHost.ADMIN;
import static io.xloud.network.pools.PoolTestHost.member;
import static io.xloud.network.pools.SubnetPoolApiTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** RBAC policies that share a network with one project: what that project, the owner and a stranger see. */
class NetworkRbacApiTest
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

    private static String share(String token, String type, String objectId, String action, String target)
    {
        return created(host.post("/rbac-policies", token, "{\"rbac_policy\":{\"object_type\":\"" + type + "\",\"object_id\":\"" + objectId
                + "\",\"action\":\"" + action + "\",\"target_tenant\":\"" + target + "\"}}"), "rbac_policy");
    }

    @Test
    void aPolicyForOneProjectLetsThatProjectSeeAndUseTheNetwork()
    {
        String owner = member("net-owner");
        String friend = member("net-friend");
        String stranger = member("net-stranger");
        String network = created(host.post("/networks", owner, "{\"network\":{\"name\":\"private\"}}"), "network");
        String subnet = created(host.post("/subnets", owner, "{\"subnet\":{\"network_id\":\"" + network
                + "\",\"ip_version\":4,\"cidr\":\"10.70.0.0/24\"}}"), "subnet");
        assertThat(host.get("/networks/" + network, friend).errorType()).isEqualTo("NetworkNotFound");
        assertThat(host.post("/ports", friend, "{\"port\":{\"network_id\":\"" + network + "\"}}").status()).isEqualTo(404);

        String policy = share(owner, "network", network, "access_as_shared", "net-friend");

        Response seen = host.get("/networks/" + network, friend);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().path("network").path("shared").asBoolean()).isTrue();
        assertThat(host.get("/networks/" + network, owner).json().path("network").path("shared").asBoolean()).isFalse();
        assertThat(ids(host.get("/networks", friend))).contains(network);
        assertThat(ids(host.get("/networks?shared=true", friend))).contains(network);
        assertThat(ids(host.get("/networks?shared=false", friend))).doesNotContain(network);
        assertThat(ids(host.get("/networks?shared=false", owner))).contains(network);
        assertThat(ids(host.get("/networks?shared=true", owner))).doesNotContain(network);
        assertThat(host.get("/subnets/" + subnet, friend).status()).isEqualTo(200);
        assertThat(ids(host.get("/subnets", friend))).contains(subnet);
        // a grant to one project lets no other in
        assertThat(host.get("/networks/" + network, stranger).status()).isEqualTo(404);
        assertThat(ids(host.get("/networks", stranger))).doesNotContain(network);
        assertThat(host.get("/subnets/" + subnet, stranger).status()).isEqualTo(404);
        assertThat(ids(host.get("/subnets", stranger))).doesNotContain(subnet);
        // seeing is not owning
        assertThat(host.put("/networks/" + network, friend, "{\"network\":{\"name\":\"mine\"}}").status()).isEqualTo(403);
        assertThat(host.delete("/networks/" + network, friend).status()).isEqualTo(403);

        String port = created(host.post("/ports", friend, "{\"port\":{\"network_id\":\"" + network + "\"}}"), "port");
        Response inUse = host.delete("/rbac-policies/" + policy, owner);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorType()).isEqualTo("RbacPolicyInUse");
        Response retarget = host.put("/rbac-policies/" + policy, owner, "{\"rbac_policy\":{\"target_tenant\":\"net-stranger\"}}");
        assertThat(retarget.status()).isEqualTo(409);
        assertThat(retarget.errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(host.get("/networks/" + network, friend).status()).isEqualTo(200);

        assertThat(host.delete("/ports/" + port, friend).status()).isEqualTo(204);
        assertThat(host.delete("/rbac-policies/" + policy, owner).status()).isEqualTo(204);
        assertThat(host.get("/networks/" + network, friend).errorType()).isEqualTo("NetworkNotFound");
        assertThat(ids(host.get("/networks", friend))).doesNotContain(network);
        assertThat(host.get("/subnets/" + subnet, friend).status()).isEqualTo(404);
        assertThat(host.post("/ports", friend, "{\"port\":{\"network_id\":\"" + network + "\"}}").status()).isEqualTo(404);
    }

    @Test
    void anotherPolicyKeepsAProjectInWhenOneGoes()
    {
        String owner = member("keep-owner");
        String friend = member("keep-friend");
        String network = created(host.post("/networks", owner, "{\"network\":{\"name\":\"n\"}}"), "network");
        created(host.post("/subnets", owner, "{\"subnet\":{\"network_id\":\"" + network + "\",\"ip_version\":4,\"cidr\":\"10.71.0.0/24\"}}"), "subnet");
        String named = share(owner, "network", network, "access_as_shared", "keep-friend");
        String everyone = share(ADMIN, "network", network, "access_as_shared", "*");
        assertThat(host.get("/networks/" + network, owner).json().path("network").path("shared").asBoolean()).isTrue();
        created(host.post("/ports", friend, "{\"port\":{\"network_id\":\"" + network + "\"}}"), "port");
        // the wildcard goes: the named policy still lets the friend's port stay
        assertThat(host.delete("/rbac-policies/" + everyone, ADMIN).status()).isEqualTo(204);
        assertThat(host.get("/networks/" + network, owner).json().path("network").path("shared").asBoolean()).isFalse();
        assertThat(host.get("/networks/" + network, friend).json().path("network").path("shared").asBoolean()).isTrue();
        assertThat(host.delete("/rbac-policies/" + named, owner).errorType()).isEqualTo("RbacPolicyInUse");
    }

    @Test
    void externalAccessForOneProjectShowsTheNetworkToIt()
    {
        String friend = member("ext-friend");
        String network = created(host.post("/networks", ADMIN, "{\"network\":{\"name\":\"ext\"}}"), "network");
        assertThat(host.get("/networks/" + network, friend).status()).isEqualTo(404);
        String policy = share(ADMIN, "network", network, "access_as_external", "ext-friend");
        Response seen = host.get("/networks/" + network, friend);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().path("network").path("router:external").asBoolean()).isTrue();
        assertThat(seen.json().path("network").path("shared").asBoolean()).isFalse();
        assertThat(host.get("/networks/" + network, ADMIN).json().path("network").path("router:external").asBoolean()).isTrue();
        assertThat(ids(host.get("/networks", friend))).contains(network);
        assertThat(host.get("/networks/" + network, member("ext-stranger")).status()).isEqualTo(404);
        assertThat(ids(host.get("/networks", member("ext-stranger")))).doesNotContain(network);
        assertThat(host.delete("/rbac-policies/" + policy, ADMIN).status()).isEqualTo(204);
        assertThat(host.get("/networks/" + network, friend).status()).isEqualTo(404);
        assertThat(host.get("/networks/" + network, ADMIN).json().path("network").path("router:external").asBoolean()).isFalse();
    }

    @Test
    void policiesOnForeignOrUnknownNetworksAndBadFiltersAreRefused()
    {
        String owner = member("bad-owner");
        String stranger = member("bad-stranger");
        String network = created(host.post("/networks", owner, "{\"network\":{\"name\":\"n\"}}"), "network");
        // a stranger cannot share itself into another project's network
        Response foreign = host.post("/rbac-policies", stranger, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + network
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"bad-stranger\"}}");
        assertThat(foreign.status()).isIn(400, 404);
        assertThat(host.get("/networks/" + network, stranger).status()).isEqualTo(404);
        // a member may not share with everyone
        Response wildcard = host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + network
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"*\"}}");
        assertThat(wildcard.status()).isEqualTo(403);
        for (String target : List.of("x".repeat(300), "a'; DROP TABLE networks; --")) {
            Response response = host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"network\",\"object_id\":\"" + network
                    + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"" + target + "\"}}");
            assertThat(response.status()).as(target).isIn(201, 400);
            assertThat(response.json().has("NeutronError") || response.status() == 201).isTrue();
        }
        assertThat(host.get("/networks/" + network, owner).status()).isEqualTo(200);
        for (String query : List.of("shared=maybe", "shared=%00")) {
            Response refused = host.get("/networks?" + query, owner);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().has("NeutronError")).isTrue();
        }
        assertThat(ids(host.get("/networks?shared=true&shared=false", owner))).contains(network);
        assertThat(host.get("/networks?sort_key=shared&sort_dir=desc", owner).status()).isEqualTo(200);
    }

    @Test
    void deletingANetworkDeletesItsPolicies()
    {
        String owner = member("gone-owner");
        String network = created(host.post("/networks", owner, "{\"network\":{\"name\":\"n\"}}"), "network");
        String policy = share(owner, "network", network, "access_as_shared", "gone-friend");
        assertThat(host.delete("/networks/" + network, owner).status()).isEqualTo(204);
        assertThat(host.get("/rbac-policies/" + policy, owner).errorType()).isEqualTo("RbacPolicyNotFound");
        assertThat(ids(host.get("/rbac-policies?object_id=" + network, ADMIN))).isEmpty();
        // the quota the policy held is free again: ten policies (the default limit) still fit
        String other = created(host.post("/networks", owner, "{\"network\":{\"name\":\"m\"}}"), "network");
        for (int i = 0; i < 10; i++) {
            share(owner, "network", other, "access_as_shared", "gone-friend-" + i);
        }
    }

    @Test
    void serviceProvidersAreAnEmptyList()
    {
        Response list = host.get("/service-providers", member("sp"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("service_providers").isArray()).isTrue();
        assertThat(list.json().path("service_providers")).isEmpty();
        assertThat(host.get("/service-providers?service_type=L3_ROUTER_NAT&fields=name", member("sp")).json().path("service_providers")).isEmpty();
        Response bogus = host.get("/service-providers?bogus=1", member("sp"));
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.json().has("NeutronError")).isTrue();
        assertThat(host.get("/service-providers", "bad").status()).isEqualTo(401);
        assertThat(host.get("/extensions/service-type", member("sp")).status()).isEqualTo(200);
        List<String> aliases = new java.util.ArrayList<>();
        host.get("/extensions", member("sp")).json().path("extensions").forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("service-type", "standard-attr-tag", "tag", "tag-creation").doesNotContain("tag-ext");
        JsonNode unused = list.json();
        assertThat(unused.size()).isEqualTo(1);
    }
}
