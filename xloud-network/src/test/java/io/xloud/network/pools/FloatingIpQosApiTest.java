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

/** qos-fip: a floating IP names a QoS policy its project may use; a policy a floating IP names cannot be deleted. */
class FloatingIpQosApiTest
{
    @TempDir
    static Path dataDir;

    private static PoolTestHost host;
    private static String external;

    @BeforeAll
    static void start()
            throws Exception
    {
        host = new PoolTestHost(dataDir);
        external = created(host.post("/networks", ADMIN, "{\"network\":{\"name\":\"ext\",\"router:external\":true}}"), "network");
        created(host.post("/subnets", ADMIN, "{\"subnet\":{\"network_id\":\"" + external + "\",\"ip_version\":4,\"cidr\":\"172.24.8.0/24\"}}"),
                "subnet");
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

    private static String qosPolicy(String project, boolean shared)
    {
        return created(host.post("/qos/policies", ADMIN, "{\"policy\":{\"name\":\"p\",\"project_id\":\"" + project + "\",\"shared\":" + shared + "}}"),
                "policy");
    }

    private static Response floatingIp(String token, String extra)
    {
        return host.post("/floatingips", token, "{\"floatingip\":{\"floating_network_id\":\"" + external + "\"" + extra + "}}");
    }

    @Test
    void aFloatingIpNamesChangesAndClearsItsPolicy()
    {
        String owner = member("fip-owner");
        String own = qosPolicy("fip-owner", false);
        String shared = qosPolicy("admin-project", true);

        Response create = floatingIp(owner, ",\"qos_policy_id\":\"" + own + "\"");
        String fip = created(create, "floatingip");
        assertThat(create.json().path("floatingip").path("qos_policy_id").asText()).isEqualTo(own);
        assertThat(host.get("/floatingips/" + fip, owner).json().path("floatingip").path("qos_policy_id").asText()).isEqualTo(own);
        String plain = created(floatingIp(owner, ""), "floatingip");
        assertThat(host.get("/floatingips/" + plain, owner).json().path("floatingip").path("qos_policy_id").isNull()).isTrue();

        assertThat(ids(host.get("/floatingips?qos_policy_id=" + own, owner))).containsExactly(fip);
        assertThat(ids(host.get("/floatingips?qos_policy_id=" + shared, owner))).isEmpty();
        assertThat(host.get("/floatingips?fields=id&fields=qos_policy_id", owner).json().path("floatingips").get(0).size()).isEqualTo(2);

        Response toShared = host.put("/floatingips/" + fip, owner, "{\"floatingip\":{\"qos_policy_id\":\"" + shared + "\"}}");
        assertThat(toShared.status()).as(toShared.body()).isEqualTo(200);
        assertThat(toShared.json().path("floatingip").path("qos_policy_id").asText()).isEqualTo(shared);
        // an update that does not name the policy keeps it
        assertThat(host.put("/floatingips/" + fip, owner, "{\"floatingip\":{\"description\":\"d\"}}").json().path("floatingip").path("qos_policy_id")
                .asText()).isEqualTo(shared);
        Response cleared = host.put("/floatingips/" + fip, owner, "{\"floatingip\":{\"qos_policy_id\":null}}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().path("floatingip").path("qos_policy_id").isNull()).isTrue();
        assertThat(host.get("/floatingips/" + fip, owner).json().path("floatingip").path("qos_policy_id").isNull()).isTrue();
    }

    @Test
    void unknownInvisibleAndMalformedPoliciesAreRefused()
    {
        String owner = member("fip-refused");
        String foreign = qosPolicy("fip-somebody-else", false);
        List<String> before = ids(host.get("/floatingips", owner));
        for (String policy : List.of(foreign, UUID.randomUUID().toString())) {
            Response refused = floatingIp(owner, ",\"qos_policy_id\":\"" + policy + "\"");
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.errorType()).isEqualTo("QosPolicyNotFound");
        }
        for (String value : List.of("\"not-a-uuid\"", "7", "[]", "{}", "\"" + "a".repeat(5000) + "\"", "\"'; DROP TABLE floatingips; --\"")) {
            Response refused = floatingIp(owner, ",\"qos_policy_id\":" + value);
            assertThat(refused.status()).as(value).isEqualTo(400);
            assertThat(refused.json().has("NeutronError")).isTrue();
        }
        // nothing was allocated by the refused creates
        assertThat(ids(host.get("/floatingips", owner))).isEqualTo(before);

        String fip = created(floatingIp(owner, ""), "floatingip");
        Response invisible = host.put("/floatingips/" + fip, owner, "{\"floatingip\":{\"qos_policy_id\":\"" + foreign + "\"}}");
        assertThat(invisible.status()).isEqualTo(404);
        assertThat(invisible.errorType()).isEqualTo("QosPolicyNotFound");
        assertThat(host.put("/floatingips/" + fip, owner, "{\"floatingip\":{\"qos_policy_id\":\"x\"}}").status()).isEqualTo(400);
        assertThat(host.get("/floatingips/" + fip, owner).json().path("floatingip").path("qos_policy_id").isNull()).isTrue();
        // another project neither sees the floating IP nor finds it by its policy
        assertThat(host.put("/floatingips/" + fip, member("fip-somebody-else"), "{\"floatingip\":{\"qos_policy_id\":\"" + foreign + "\"}}").status())
                .isEqualTo(404);
        assertThat(ids(host.get("/floatingips?qos_policy_id=" + foreign, member("fip-somebody-else")))).isEmpty();
        // an admin may name any project's policy
        assertThat(host.put("/floatingips/" + fip, ADMIN, "{\"floatingip\":{\"qos_policy_id\":\"" + foreign + "\"}}").status()).isEqualTo(200);
        assertThat(host.put("/floatingips/" + fip, ADMIN, "{\"floatingip\":{\"qos_policy_id\":null}}").status()).isEqualTo(200);
    }

    @Test
    void aPolicyInUseByAFloatingIpCannotBeDeleted()
    {
        String owner = member("fip-in-use");
        String policy = qosPolicy("fip-in-use", false);
        String fip = created(floatingIp(owner, ",\"qos_policy_id\":\"" + policy + "\""), "floatingip");
        Response inUse = host.delete("/qos/policies/" + policy, ADMIN);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorType()).isEqualTo("QosPolicyInUse");
        assertThat(host.get("/floatingips/" + fip, owner).json().path("floatingip").path("qos_policy_id").asText()).isEqualTo(policy);

        assertThat(host.put("/floatingips/" + fip, owner, "{\"floatingip\":{\"qos_policy_id\":null}}").status()).isEqualTo(200);
        assertThat(host.delete("/qos/policies/" + policy, ADMIN).status()).isEqualTo(204);
        // releasing a floating IP frees its policy too
        String second = qosPolicy("fip-in-use", false);
        String other = created(floatingIp(owner, ",\"qos_policy_id\":\"" + second + "\""), "floatingip");
        assertThat(host.delete("/floatingips/" + other, owner).status()).isEqualTo(204);
        assertThat(host.delete("/qos/policies/" + second, ADMIN).status()).isEqualTo(204);
    }

    @Test
    void theExtensionIsListed()
    {
        List<String> aliases = new ArrayList<>();
        host.get("/extensions", member("fip-ext")).json().path("extensions").forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("qos-fip", "qos");
        assertThat(host.get("/extensions/qos-fip", member("fip-ext")).status()).isEqualTo(200);
    }
}
