package io.xloud.network.pools;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.network.pools.PoolTestHost.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static io.xloud.network.pools.PoolTestHost.ADMIN;
import static io.xloud.network.pools.PoolTestHost.member;
import static io.xloud.network.pools.SubnetPoolApiTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Address scopes, RBAC policies on pools and scopes, and metering labels over HTTP. */
class AddressScopeRbacMeteringApiTest
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

    @Test
    void poolsInOneScopeNeverOverlap()
    {
        String token = member("scope-a");
        JsonNode scope = created(host.post("/address-scopes", token, "{\"address_scope\":{\"name\":\"s\",\"ip_version\":4}}"), "address_scope");
        String scopeId = scope.path("id").asText();
        assertThat(scope.path("shared").asBoolean()).isFalse();
        assertThat(scope.path("project_id").asText()).isEqualTo("scope-a");

        String first = created(host.post("/subnetpools", token,
                "{\"subnetpool\":{\"name\":\"a\",\"prefixes\":[\"10.50.0.0/16\"],\"address_scope_id\":\"" + scopeId + "\"}}"), "subnetpool")
                .path("id").asText();
        Response overlapping = host.post("/subnetpools", token,
                "{\"subnetpool\":{\"name\":\"b\",\"prefixes\":[\"10.50.128.0/17\"],\"address_scope_id\":\"" + scopeId + "\"}}");
        assertThat(overlapping.status()).isEqualTo(400);
        assertThat(overlapping.errorType()).isEqualTo("AddressScopePrefixConflict");

        String second = created(host.post("/subnetpools", token, "{\"subnetpool\":{\"name\":\"c\",\"prefixes\":[\"10.50.128.0/17\"]}}"), "subnetpool")
                .path("id").asText();
        Response joining = host.put("/subnetpools/" + second, token, "{\"subnetpool\":{\"address_scope_id\":\"" + scopeId + "\"}}");
        assertThat(joining.status()).isEqualTo(400);
        assertThat(joining.errorType()).isEqualTo("AddressScopePrefixConflict");
        Response growing = host.put("/subnetpools/" + first + "/add_prefixes", token, "{\"prefixes\":[\"10.51.0.0/16\"]}");
        assertThat(growing.status()).isEqualTo(200);

        String v6 = created(host.post("/subnetpools", token, "{\"subnetpool\":{\"name\":\"v6\",\"prefixes\":[\"2001:db8:50::/48\"]}}"), "subnetpool")
                .path("id").asText();
        Response wrongVersion = host.put("/subnetpools/" + v6, token, "{\"subnetpool\":{\"address_scope_id\":\"" + scopeId + "\"}}");
        assertThat(wrongVersion.status()).isEqualTo(400);
        assertThat(wrongVersion.errorType()).isEqualTo("IllegalSubnetPoolIpVersionAssociationToAddressScope");

        Response inUse = host.delete("/address-scopes/" + scopeId, token);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorType()).isEqualTo("AddressScopeInUse");
        assertThat(host.put("/subnetpools/" + first, token, "{\"subnetpool\":{\"address_scope_id\":null}}").status()).isEqualTo(200);
        assertThat(host.delete("/address-scopes/" + scopeId, token).status()).isEqualTo(204);
        assertThat(host.get("/address-scopes/" + scopeId, token).errorType()).isEqualTo("AddressScopeNotFound");
    }

    @Test
    void addressScopeBadInputAndVisibility()
    {
        String token = member("scope-b");
        for (String body : List.of("{\"address_scope\":{\"name\":\"s\"}}", "{\"address_scope\":{\"name\":\"s\",\"ip_version\":5}}",
                "{\"address_scope\":{\"name\":\"s\",\"ip_version\":\"four\"}}", "{\"address_scope\":{\"ip_version\":4}}",
                "{\"address_scope\":{\"name\":\"s\",\"ip_version\":4,\"x\":1}}")) {
            Response refused = host.post("/address-scopes", token, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().has("NeutronError")).isTrue();
        }
        assertThat(host.post("/address-scopes", token, "{\"address_scope\":{\"name\":\"s\",\"ip_version\":4,\"shared\":true}}").status()).isEqualTo(403);
        String id = created(host.post("/address-scopes", token, "{\"address_scope\":{\"name\":\"mine\",\"ip_version\":6}}"), "address_scope")
                .path("id").asText();
        assertThat(host.get("/address-scopes/" + id, member("scope-c")).status()).isEqualTo(404);
        assertThat(ids(host.get("/address-scopes", member("scope-c")))).doesNotContain(id);
        assertThat(ids(host.get("/address-scopes?ip_version=6", token))).containsExactly(id);
        assertThat(host.put("/address-scopes/" + id, token, "{\"address_scope\":{\"name\":\"renamed\"}}").json().path("address_scope").path("name").asText())
                .isEqualTo("renamed");
    }

    @Test
    void rbacSharesAPoolWithOneProject()
    {
        String owner = member("rbac-owner");
        String friend = member("rbac-friend");
        String stranger = member("rbac-stranger");
        String pool = created(host.post("/subnetpools", owner, "{\"subnetpool\":{\"name\":\"p\",\"prefixes\":[\"10.60.0.0/16\"]}}"), "subnetpool")
                .path("id").asText();
        assertThat(host.get("/subnetpools/" + pool, friend).status()).isEqualTo(404);

        JsonNode policy = created(host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"rbac-friend\"}}"), "rbac_policy");
        String policyId = policy.path("id").asText();
        assertThat(policy.path("project_id").asText()).isEqualTo("rbac-owner");
        assertThat(policy.path("target_tenant").asText()).isEqualTo("rbac-friend");

        Response seen = host.get("/subnetpools/" + pool, friend);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().path("subnetpool").path("shared").asBoolean()).isTrue();
        assertThat(host.get("/subnetpools/" + pool, owner).json().path("subnetpool").path("shared").asBoolean()).isFalse();
        assertThat(host.get("/subnetpools/" + pool, stranger).status()).isEqualTo(404);
        assertThat(ids(host.get("/subnetpools", friend))).contains(pool);

        Response duplicate = host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"rbac-friend\"}}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorType()).isEqualTo("DuplicateRbacPolicy");

        // the friend sees the pool but cannot hand it on, and does not see the owner's policy
        Response reshare = host.post("/rbac-policies", friend, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"rbac-stranger\"}}");
        assertThat(reshare.status()).isEqualTo(400);
        assertThat(host.get("/rbac-policies/" + policyId, friend).status()).isEqualTo(404);
        assertThat(ids(host.get("/rbac-policies", owner))).contains(policyId);
        assertThat(ids(host.get("/rbac-policies", friend))).doesNotContain(policyId);

        Response retarget = host.put("/rbac-policies/" + policyId, owner, "{\"rbac_policy\":{\"target_tenant\":\"rbac-stranger\"}}");
        assertThat(retarget.status()).as(retarget.body()).isEqualTo(200);
        assertThat(host.get("/subnetpools/" + pool, friend).status()).isEqualTo(404);
        assertThat(host.get("/subnetpools/" + pool, stranger).status()).isEqualTo(200);

        assertThat(host.delete("/rbac-policies/" + policyId, owner).status()).isEqualTo(204);
        assertThat(host.get("/subnetpools/" + pool, stranger).status()).isEqualTo(404);
        assertThat(host.get("/rbac-policies/" + policyId, owner).errorType()).isEqualTo("RbacPolicyNotFound");
    }

    @Test
    void rbacRefusesBadPoliciesAndWildcardsFromMembers()
    {
        String owner = member("rbac-bad");
        String pool = created(host.post("/subnetpools", owner, "{\"subnetpool\":{\"name\":\"p\",\"prefixes\":[\"10.61.0.0/16\"]}}"), "subnetpool")
                .path("id").asText();
        Response wildcard = host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"*\"}}");
        assertThat(wildcard.status()).isEqualTo(403);
        Response external = host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_external\",\"target_tenant\":\"x\"}}");
        assertThat(external.status()).isEqualTo(400);
        assertThat(external.errorType()).isEqualTo("InvalidActionForType");
        Response missing = host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + UUID.randomUUID()
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"x\"}}");
        assertThat(missing.status()).isEqualTo(404);
        for (String type : List.of("qos_policy", "security_group", "address_group", "network", "address_scope")) {
            Response unknownObject = host.post("/rbac-policies", owner, "{\"rbac_policy\":{\"object_type\":\"" + type + "\",\"object_id\":\""
                    + UUID.randomUUID() + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"x\"}}");
            assertThat(unknownObject.status()).as(type).isEqualTo(404);
        }
        for (String body : List.of("{\"rbac_policy\":{\"object_type\":\"nonsense\",\"object_id\":\"" + pool + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"x\"}}",
                "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"not-a-uuid\",\"action\":\"access_as_shared\",\"target_tenant\":\"x\"}}",
                "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool + "\",\"action\":\"access_as_shared\"}}",
                "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"\"}}",
                "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool + "\",\"action\":\"access_as_shared\",\"target_tenant\":7}}",
                "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"x\",\"id\":\"y\"}}",
                "{\"rbac_policy\":null}", "{}")) {
            Response refused = host.post("/rbac-policies", owner, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().has("NeutronError")).isTrue();
        }
        assertThat(host.get("/rbac-policies?object_type=subnetpool&bogus=1", owner).status()).isEqualTo(400);
        JsonNode adminWildcard = created(host.post("/rbac-policies", ADMIN, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"*\"}}"), "rbac_policy");
        assertThat(host.get("/subnetpools/" + pool, member("anyone")).json().path("subnetpool").path("shared").asBoolean()).isTrue();
        assertThat(host.delete("/rbac-policies/" + adminWildcard.path("id").asText(), ADMIN).status()).isEqualTo(204);
    }

    @Test
    void meteringLabelsAndRules()
    {
        JsonNode label = created(host.post("/metering/metering-labels", ADMIN,
                "{\"metering_label\":{\"name\":\"m\",\"description\":\"metering label created by tempest\"}}"), "metering_label");
        String labelId = label.path("id").asText();
        assertThat(label.path("shared").asBoolean()).isFalse();
        assertThat(label.path("tenant_id").asText()).isEqualTo(label.path("project_id").asText());
        assertThat(host.get("/metering/metering-labels?id=33", ADMIN).json().path("metering_labels")).isEmpty();
        assertThat(host.get("/metering/metering-labels?id=" + labelId, ADMIN).json().path("metering_labels")).hasSize(1);
        assertThat(host.get("/metering/metering-labels/" + labelId, ADMIN).json().path("metering_label").path("name").asText()).isEqualTo("m");

        JsonNode rule = created(host.post("/metering/metering-label-rules", ADMIN, "{\"metering_label_rule\":{\"remote_ip_prefix\":\"10.0.0.0/24\","
                + "\"direction\":\"ingress\",\"metering_label_id\":\"" + labelId + "\"}}"), "metering_label_rule");
        String ruleId = rule.path("id").asText();
        assertThat(rule.path("excluded").asBoolean()).isFalse();
        assertThat(rule.path("remote_ip_prefix").asText()).isEqualTo("10.0.0.0/24");
        assertThat(host.get("/metering/metering-label-rules?id=33", ADMIN).json().path("metering_label_rules")).isEmpty();
        assertThat(host.get("/metering/metering-label-rules/" + ruleId, ADMIN).json().path("metering_label_rule").path("direction").asText())
                .isEqualTo("ingress");
        Response overlap = host.post("/metering/metering-label-rules", ADMIN, "{\"metering_label_rule\":{\"remote_ip_prefix\":\"10.0.0.128/25\","
                + "\"direction\":\"ingress\",\"metering_label_id\":\"" + labelId + "\"}}");
        assertThat(overlap.status()).isEqualTo(409);
        created(host.post("/metering/metering-label-rules", ADMIN, "{\"metering_label_rule\":{\"remote_ip_prefix\":\"fd02::/64\","
                + "\"direction\":\"egress\",\"metering_label_id\":\"" + labelId + "\"}}"), "metering_label_rule");
        for (String body : List.of("{\"metering_label_rule\":{\"remote_ip_prefix\":\"10.0.9.0/24\",\"direction\":\"sideways\",\"metering_label_id\":\"" + labelId + "\"}}",
                "{\"metering_label_rule\":{\"remote_ip_prefix\":\"10.0.9.0/33\",\"direction\":\"ingress\",\"metering_label_id\":\"" + labelId + "\"}}",
                "{\"metering_label_rule\":{\"direction\":\"ingress\",\"metering_label_id\":\"" + labelId + "\"}}",
                "{\"metering_label_rule\":{\"remote_ip_prefix\":\"10.0.9.0/24\",\"source_ip_prefix\":\"10.0.8.0/24\",\"direction\":\"ingress\",\"metering_label_id\":\"" + labelId + "\"}}")) {
            assertThat(host.post("/metering/metering-label-rules", ADMIN, body).status()).as(body).isEqualTo(400);
        }
        assertThat(host.post("/metering/metering-label-rules", ADMIN, "{\"metering_label_rule\":{\"remote_ip_prefix\":\"10.0.9.0/24\","
                + "\"direction\":\"ingress\",\"metering_label_id\":\"" + UUID.randomUUID() + "\"}}").errorType()).isEqualTo("MeteringLabelNotFound");

        assertThat(host.get("/metering/metering-labels", member("metering-member")).status()).isEqualTo(403);
        assertThat(host.post("/metering/metering-labels", member("metering-member"), "{\"metering_label\":{\"name\":\"m\"}}").status()).isEqualTo(403);

        assertThat(host.delete("/metering/metering-label-rules/" + ruleId, ADMIN).status()).isEqualTo(204);
        assertThat(host.get("/metering/metering-label-rules?id=" + ruleId, ADMIN).json().path("metering_label_rules")).isEmpty();
        assertThat(host.delete("/metering/metering-labels/" + labelId, ADMIN).status()).isEqualTo(204);
        assertThat(host.get("/metering/metering-labels/" + labelId, ADMIN).errorType()).isEqualTo("MeteringLabelNotFound");
        assertThat(host.get("/metering/metering-label-rules", ADMIN).json().path("metering_label_rules")).isEmpty();
    }

    @Test
    void poolsAndPoliciesCountAgainstTheProjectsQuota()
    {
        String token = member("quota-pools");
        String pool = created(host.post("/subnetpools", token, "{\"subnetpool\":{\"name\":\"p\",\"prefixes\":[\"10.62.0.0/16\"]}}"), "subnetpool")
                .path("id").asText();
        created(host.post("/rbac-policies", token, "{\"rbac_policy\":{\"object_type\":\"subnetpool\",\"object_id\":\"" + pool
                + "\",\"action\":\"access_as_shared\",\"target_tenant\":\"friend\"}}"), "rbac_policy");
        JsonNode details = host.get("/quotas/quota-pools/details", ADMIN).json().path("quota");
        assertThat(details.path("subnetpool").path("used").asLong()).isEqualTo(1);
        assertThat(details.path("subnetpool").path("limit").asLong()).isEqualTo(-1);
        assertThat(details.path("rbac_policy").path("used").asLong()).isEqualTo(1);
        assertThat(details.path("rbac_policy").path("limit").asLong()).isEqualTo(10);

        assertThat(host.put("/quotas/quota-pools", ADMIN, "{\"quota\":{\"subnetpool\":1}}").status()).isEqualTo(200);
        Response over = host.post("/subnetpools", token, "{\"subnetpool\":{\"name\":\"p2\",\"prefixes\":[\"10.63.0.0/16\"]}}");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.errorType()).isEqualTo("OverQuota");
    }
}
