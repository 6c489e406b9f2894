package io.xloud.network.pools;

import io.xloud.network.pools.PoolTestHost.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.xloud.network.pools.PoolTestHost.ADMIN;
import static io.xloud.network.pools.PoolTestHost.member;
import static io.xloud.network.pools.SubnetPoolApiTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** RBAC policies on QoS policies, security groups and address groups: one named project sees and uses the object, until the policy goes. */
class SecurityRbacApiTest
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

    private static Response share(String token, String type, String objectId, String target)
    {
        return host.post("/rbac-policies", token, "{\"rbac_policy\":{\"object_type\":\"" + type + "\",\"object_id\":\"" + objectId
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"" + target + "\"}}");
    }

    @Test
    void aQosPolicySharedWithOneProject()
    {
        String owner = member("q-owner");
        String friend = member("q-friend");
        String stranger = member("q-stranger");
        String policy = created(host.post("/qos/policies", ADMIN, "{\"policy\":{\"name\":\"gold\",\"project_id\":\"q-owner\"}}"), "policy");
        assertThat(host.get("/qos/policies/" + policy, friend).errorType()).isEqualTo("QosPolicyNotFound");
        assertThat(host.post("/networks", friend, "{\"network\":{\"qos_policy_id\":\"" + policy + "\"}}").status()).isEqualTo(404);

        String rbac = created(share(owner, "qos_policy", policy, "q-friend"), "rbac_policy");
        Response seen = host.get("/qos/policies/" + policy, friend);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().path("policy").path("shared").asBoolean()).isTrue();
        assertThat(host.get("/qos/policies/" + policy, owner).json().path("policy").path("shared").asBoolean()).isFalse();
        assertThat(ids(host.get("/qos/policies", friend))).contains(policy);
        assertThat(host.get("/qos/policies/" + policy, stranger).status()).isEqualTo(404);
        assertThat(ids(host.get("/qos/policies", stranger))).doesNotContain(policy);

        String network = created(host.post("/networks", friend, "{\"network\":{\"qos_policy_id\":\"" + policy + "\"}}"), "network");
        Response inUse = host.delete("/rbac-policies/" + rbac, owner);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(host.delete("/networks/" + network, friend).status()).isEqualTo(204);
        assertThat(host.delete("/rbac-policies/" + rbac, owner).status()).isEqualTo(204);
        assertThat(host.get("/qos/policies/" + policy, friend).status()).isEqualTo(404);

        // a policy for every project is what shared shows, for everyone
        String everyone = created(share(ADMIN, "qos_policy", policy, "*"), "rbac_policy");
        assertThat(host.get("/qos/policies/" + policy, owner).json().path("policy").path("shared").asBoolean()).isTrue();
        assertThat(host.get("/qos/policies/" + policy, stranger).status()).isEqualTo(200);
        assertThat(host.delete("/rbac-policies/" + everyone, ADMIN).status()).isEqualTo(204);
        assertThat(host.get("/qos/policies/" + policy, owner).json().path("policy").path("shared").asBoolean()).isFalse();
        assertThat(host.get("/qos/policies/" + policy, stranger).status()).isEqualTo(404);
    }

    @Test
    void aSecurityGroupSharedWithOneProject()
    {
        String owner = member("sg-owner");
        String friend = member("sg-friend");
        String group = created(host.post("/security-groups", owner, "{\"security_group\":{\"name\":\"web\"}}"), "security_group");
        assertThat(host.get("/security-groups/" + group, friend).errorType()).isEqualTo("SecurityGroupNotFound");
        String network = created(host.post("/networks", friend, "{\"network\":{\"name\":\"n\"}}"), "network");
        assertThat(host.post("/ports", friend, "{\"port\":{\"network_id\":\"" + network + "\",\"security_groups\":[\"" + group + "\"]}}").status())
                .isEqualTo(404);

        String rbac = created(share(owner, "security_group", group, "sg-friend"), "rbac_policy");
        Response seen = host.get("/security-groups/" + group, friend);
        assertThat(seen.status()).as(seen.body()).isEqualTo(200);
        assertThat(seen.json().path("security_group").path("shared").asBoolean()).isTrue();
        assertThat(host.get("/security-groups/" + group, owner).json().path("security_group").path("shared").asBoolean()).isFalse();
        assertThat(ids(host.get("/security-groups", friend))).contains(group);
        assertThat(host.get("/security-groups/" + group, member("sg-stranger")).status()).isEqualTo(404);
        assertThat(ids(host.get("/security-groups", member("sg-stranger")))).doesNotContain(group);
        // seeing is not owning
        assertThat(host.put("/security-groups/" + group, friend, "{\"security_group\":{\"name\":\"mine\"}}").status()).isIn(403, 404);
        assertThat(host.delete("/security-groups/" + group, friend).status()).isIn(403, 404);
        assertThat(host.get("/security-groups/" + group, owner).json().path("security_group").path("name").asText()).isEqualTo("web");

        String port = created(host.post("/ports", friend, "{\"port\":{\"network_id\":\"" + network + "\",\"security_groups\":[\"" + group + "\"]}}"),
                "port");
        assertThat(host.delete("/rbac-policies/" + rbac, owner).errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(host.delete("/ports/" + port, friend).status()).isEqualTo(204);
        assertThat(host.delete("/rbac-policies/" + rbac, owner).status()).isEqualTo(204);
        assertThat(host.get("/security-groups/" + group, friend).status()).isEqualTo(404);
        assertThat(ids(host.get("/security-groups", friend))).doesNotContain(group);
    }

    @Test
    void anAddressGroupSharedWithOneProject()
    {
        String owner = member("ag-owner");
        String friend = member("ag-friend");
        String addressGroup = created(host.post("/address-groups", owner, "{\"address_group\":{\"name\":\"ag\",\"addresses\":[\"10.80.0.0/24\"]}}"),
                "address_group");
        String friendGroup = created(host.post("/security-groups", friend, "{\"security_group\":{\"name\":\"mine\"}}"), "security_group");
        String rule = "{\"security_group_rule\":{\"security_group_id\":\"" + friendGroup + "\",\"direction\":\"ingress\",\"ethertype\":\"IPv4\","
                + "\"remote_address_group_id\":\"" + addressGroup + "\"}}";
        assertThat(host.get("/address-groups/" + addressGroup, friend).status()).isEqualTo(404);
        assertThat(host.post("/security-group-rules", friend, rule).status()).isEqualTo(404);

        String rbac = created(share(owner, "address_group", addressGroup, "ag-friend"), "rbac_policy");
        Response seen = host.get("/address-groups/" + addressGroup, friend);
        assertThat(seen.status()).as(seen.body()).isEqualTo(200);
        assertThat(seen.json().path("address_group").path("shared").asBoolean()).isTrue();
        assertThat(ids(host.get("/address-groups", friend))).contains(addressGroup);
        assertThat(host.get("/address-groups/" + addressGroup, member("ag-stranger")).status()).isEqualTo(404);
        assertThat(host.put("/address-groups/" + addressGroup + "/add_addresses", friend, "{\"addresses\":[\"10.81.0.0/24\"]}").status())
                .isIn(403, 404);

        String ruleId = created(host.post("/security-group-rules", friend, rule), "security_group_rule");
        assertThat(host.delete("/rbac-policies/" + rbac, owner).errorType()).isEqualTo("RbacPolicyInUse");
        assertThat(host.delete("/security-group-rules/" + ruleId, friend).status()).isEqualTo(204);
        assertThat(host.delete("/rbac-policies/" + rbac, owner).status()).isEqualTo(204);
        assertThat(host.get("/address-groups/" + addressGroup, friend).status()).isEqualTo(404);
    }

    @Test
    void deletingTheObjectDeletesItsPolicies()
    {
        String owner = member("del-owner");
        String qos = created(host.post("/qos/policies", ADMIN, "{\"policy\":{\"name\":\"q\",\"project_id\":\"del-owner\"}}"), "policy");
        String group = created(host.post("/security-groups", owner, "{\"security_group\":{\"name\":\"g\"}}"), "security_group");
        String addressGroup = created(host.post("/address-groups", owner, "{\"address_group\":{\"name\":\"a\",\"addresses\":[]}}"),
                "address_group");
        List<String> policies = List.of(created(share(owner, "qos_policy", qos, "del-friend"), "rbac_policy"),
                created(share(owner, "security_group", group, "del-friend"), "rbac_policy"),
                created(share(owner, "address_group", addressGroup, "del-friend"), "rbac_policy"));
        assertThat(host.delete("/qos/policies/" + qos, ADMIN).status()).isEqualTo(204);
        assertThat(host.delete("/security-groups/" + group, owner).status()).isEqualTo(204);
        assertThat(host.delete("/address-groups/" + addressGroup, owner).status()).isEqualTo(204);
        for (String policy : policies) {
            assertThat(host.get("/rbac-policies/" + policy, owner).status()).isEqualTo(404);
        }
        assertThat(host.get("/security-groups/" + group, member("del-friend")).status()).isEqualTo(404);
    }

    @Test
    void badPoliciesOnTheseTypesAreRefused()
    {
        String owner = member("bad-sec-owner");
        String stranger = member("bad-sec-stranger");
        String group = created(host.post("/security-groups", owner, "{\"security_group\":{\"name\":\"g\"}}"), "security_group");
        Response foreign = share(stranger, "security_group", group, "bad-sec-stranger");
        assertThat(foreign.status()).isIn(400, 404);
        assertThat(host.get("/security-groups/" + group, stranger).status()).isEqualTo(404);
        for (String type : List.of("qos_policy", "security_group", "address_group")) {
            Response missing = share(ADMIN, type, UUID.randomUUID().toString(), "x");
            assertThat(missing.status()).as(type).isEqualTo(404);
            Response external = host.post("/rbac-policies", ADMIN, "{\"rbac_policy\":{\"object_type\":\"" + type + "\",\"object_id\":\"" + group
                    + "\",\"action\":\"access_as_external\",\"target_tenant\":\"x\"}}");
            assertThat(external.status()).as(type).isEqualTo(400);
            assertThat(external.errorType()).isEqualTo("InvalidActionForType");
        }
        assertThat(share(ADMIN, "security_group", UUID.randomUUID().toString(), "x").errorType()).isEqualTo("SecurityGroupNotFound");
        assertThat(share(ADMIN, "address_group", UUID.randomUUID().toString(), "x").errorType()).isEqualTo("AddressGroupNotFound");
        assertThat(share(ADMIN, "qos_policy", UUID.randomUUID().toString(), "x").errorType()).isEqualTo("QosPolicyNotFound");
        // the wrong type for an id: the security group is no QoS policy
        assertThat(share(ADMIN, "qos_policy", group, "x").status()).isEqualTo(404);

        List<String> aliases = new ArrayList<>();
        host.get("/extensions", owner).json().path("extensions").forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("rbac-policies", "rbac-security-groups", "rbac-address-group", "rbac-subnetpool", "rbac-address-scope");
    }
}
