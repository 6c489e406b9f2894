package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subnet pools, address scopes and RBAC policies through the whole platform: real tokens from Identity, two member
 * projects and the admin.
 */
class SubnetPoolSharingTest
{
    private static final String V2 = "/networking/v2.0";

    private static TestServer server;
    private static Http admin;
    private static Http alice;
    private static Http bob;
    private static String aliceProject;
    private static String bobProject;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        String roleId = admin.get("/identity/v3/roles?name=member").json().path("roles").get(0).path("id").asText();
        aliceProject = project("alice", roleId);
        bobProject = project("bob", roleId);
        alice = server.http();
        alice.login("alice-user", "alice-secret-1", "alice-project");
        bob = server.http();
        bob.login("bob-user", "bob-secret-1", "bob-project");
    }

    private static String project(String name, String roleId)
    {
        String projectId = admin.post("/identity/v3/projects", "{\"project\":{\"name\":\"" + name + "-project\",\"domain_id\":\"default\"}}")
                .json().path("project").path("id").asText();
        String userId = admin.post("/identity/v3/users", "{\"user\":{\"name\":\"" + name + "-user\",\"password\":\"" + name
                + "-secret-1\",\"domain_id\":\"default\"}}").json().path("user").path("id").asText();
        assertThat(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null).status()).isEqualTo(204);
        return projectId;
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static JsonNode created(Http.Response response, String key)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path(key);
    }

    private static List<String> ids(Http.Response response, String collection)
    {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().path(collection).forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    @Test
    void extensionsAreListed()
    {
        List<String> aliases = new ArrayList<>();
        alice.get(V2 + "/extensions").json().path("extensions").forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("subnet_allocation", "default-subnetpools", "address-scope", "rbac-policies", "network-ip-availability", "metering");
    }

    @Test
    void aPoolSharedWithOneProjectIsSeenByItAlone()
    {
        String pool = created(alice.post(V2 + "/subnetpools", "{\"subnetpool\":{\"name\":\"alice-pool\",\"prefixes\":[\"10.70.0.0/16\"],"
                + "\"default_prefixlen\":24}}"), "subnetpool").path("id").asText();
        assertThat(bob.get(V2 + "/subnetpools/" + pool).status()).isEqualTo(404);
        JsonNode policy = created(alice.post(V2 + "/rbac-policies", "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"" + bobProject + "\"}}"), "rbac_policy");
        assertThat(policy.path("project_id").asText()).isEqualTo(aliceProject);
        assertThat(ids(bob.get(V2 + "/subnetpools"), "subnetpools")).contains(pool);
        assertThat(bob.get(V2 + "/subnetpools/" + pool).json().path("subnetpool").path("shared").asBoolean()).isTrue();
        assertThat(ids(bob.get(V2 + "/rbac-policies"), "rbac_policies")).doesNotContain(policy.path("id").asText());
        assertThat(ids(admin.get(V2 + "/rbac-policies?object_id=" + pool), "rbac_policies")).containsExactly(policy.path("id").asText());
        assertThat(alice.delete(V2 + "/rbac-policies/" + policy.path("id").asText()).status()).isEqualTo(204);
        assertThat(bob.get(V2 + "/subnetpools/" + pool).status()).isEqualTo(404);
        assertThat(alice.delete(V2 + "/subnetpools/" + pool).status()).isEqualTo(204);
    }

    @Test
    void aSharedAddressScopeTakesPoolsOfOtherProjectsButNoOverlap()
    {
        String scope = created(admin.post(V2 + "/address-scopes", "{\"address_scope\":{\"name\":\"shared-scope\",\"ip_version\":4,\"shared\":true}}"),
                "address_scope").path("id").asText();
        assertThat(bob.get(V2 + "/address-scopes/" + scope).json().path("address_scope").path("shared").asBoolean()).isTrue();
        created(alice.post(V2 + "/subnetpools", "{\"subnetpool\":{\"name\":\"a\",\"prefixes\":[\"10.80.0.0/16\"],\"address_scope_id\":\"" + scope + "\"}}"),
                "subnetpool");
        Http.Response clash = bob.post(V2 + "/subnetpools", "{\"subnetpool\":{\"name\":\"b\",\"prefixes\":[\"10.80.7.0/24\"],\"address_scope_id\":\""
                + scope + "\"}}");
        assertThat(clash.status()).isEqualTo(400);
        assertThat(clash.json().path("NeutronError").path("type").asText()).isEqualTo("AddressScopePrefixConflict");
        created(bob.post(V2 + "/subnetpools", "{\"subnetpool\":{\"name\":\"b\",\"prefixes\":[\"10.81.0.0/16\"],\"address_scope_id\":\"" + scope + "\"}}"),
                "subnetpool");
        Http.Response unshare = admin.put(V2 + "/address-scopes/" + scope, "{\"address_scope\":{\"shared\":false}}");
        assertThat(unshare.status()).isEqualTo(400);
        assertThat(admin.delete(V2 + "/address-scopes/" + scope).status()).isEqualTo(409);
    }

    @Test
    void membersCannotShareWithEveryoneNorReadMetering()
    {
        String pool = created(bob.post(V2 + "/subnetpools", "{\"subnetpool\":{\"name\":\"bob-pool\",\"prefixes\":[\"10.90.0.0/16\"]}}"), "subnetpool")
                .path("id").asText();
        assertThat(bob.post(V2 + "/rbac-policies", "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"*\"}}").status()).isEqualTo(403);
        assertThat(bob.get(V2 + "/metering/metering-labels").status()).isEqualTo(403);
        assertThat(bob.get(V2 + "/network-ip-availabilities").status()).isEqualTo(403);
        assertThat(admin.get(V2 + "/metering/metering-labels?id=" + UUID.randomUUID()).json().path("metering_labels")).isEmpty();
    }

    @Test
    void anotherProjectBuildsItsSubnetFromASharedPoolAndAvailabilityCountsIt()
    {
        String pool = created(alice.post(V2 + "/subnetpools", "{\"subnetpool\":{\"name\":\"lend\",\"prefixes\":[\"10.71.0.0/24\"],"
                + "\"default_prefixlen\":28}}"), "subnetpool").path("id").asText();
        String network = created(bob.post(V2 + "/networks", "{\"network\":{\"name\":\"bob-net\"}}"), "network").path("id").asText();
        Http.Response hidden = bob.post(V2 + "/subnets", "{\"subnet\":{\"network_id\":\"" + network + "\",\"ip_version\":4,\"subnetpool_id\":\"" + pool + "\"}}");
        assertThat(hidden.status()).isEqualTo(404);
        String policy = created(alice.post(V2 + "/rbac-policies", "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"" + bobProject + "\"}}"), "rbac_policy").path("id").asText();
        JsonNode subnet = created(bob.post(V2 + "/subnets", "{\"subnet\":{\"network_id\":\"" + network + "\",\"ip_version\":4,\"subnetpool_id\":\""
                + pool + "\"}}"), "subnet");
        assertThat(subnet.path("cidr").asText()).isEqualTo("10.71.0.0/28");
        assertThat(subnet.path("subnetpool_id").asText()).isEqualTo(pool);
        created(bob.post(V2 + "/ports", "{\"port\":{\"network_id\":\"" + network + "\"}}"), "port");

        Http.Response inUse = alice.delete(V2 + "/rbac-policies/" + policy);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().path("NeutronError").path("type").asText()).isEqualTo("RbacPolicyInUse");

        JsonNode availability = admin.get(V2 + "/network-ip-availabilities/" + network).json().path("network_ip_availability");
        assertThat(availability.path("used_ips").asLong()).isEqualTo(1);
        assertThat(availability.path("total_ips").asLong()).isEqualTo(13);
        assertThat(availability.path("subnet_ip_availability").get(0).path("cidr").asText()).isEqualTo("10.71.0.0/28");
        assertThat(bob.get(V2 + "/network-ip-availabilities/" + network).status()).isEqualTo(403);
    }
}
