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
import static org.assertj.core.api.Assertions.assertThat;

/** /v2.0/subnetpools over HTTP: CRUD, bounds, prefix operations, visibility and bad input. */
class SubnetPoolApiTest
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

    private static JsonNode create(String token, String body)
    {
        Response created = host.post("/subnetpools", token, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("subnetpool");
    }

    @Test
    void createShowUpdateListDelete()
    {
        String token = member("pool-crud");
        JsonNode pool = create(token, "{\"subnetpool\":{\"name\":\"p1\",\"prefixes\":[\"10.10.0.0/16\",\"10.11.0.0/16\",\"10.10.5.0/24\"]}}");
        String id = pool.path("id").asText();
        assertThat(pool.path("name").asText()).isEqualTo("p1");
        assertThat(pool.path("ip_version").asInt()).isEqualTo(4);
        assertThat(pool.path("prefixes").toString()).isEqualTo("[\"10.10.0.0/15\"]");
        assertThat(pool.path("min_prefixlen").asInt()).isEqualTo(8);
        assertThat(pool.path("max_prefixlen").asInt()).isEqualTo(32);
        assertThat(pool.path("default_prefixlen").asInt()).isEqualTo(8);
        assertThat(pool.path("default_quota").isNull()).isTrue();
        assertThat(pool.path("address_scope_id").isNull()).isTrue();
        assertThat(pool.path("shared").asBoolean()).isFalse();
        assertThat(pool.path("is_default").asBoolean()).isFalse();
        assertThat(pool.path("project_id").asText()).isEqualTo("pool-crud");
        assertThat(pool.path("tenant_id").asText()).isEqualTo("pool-crud");
        assertThat(pool.path("revision_number").asInt()).isZero();
        assertThat(pool.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        assertThat(host.get("/subnetpools/" + id, token).json().path("subnetpool").path("name").asText()).isEqualTo("p1");
        Response updated = host.put("/subnetpools/" + id, token, "{\"subnetpool\":{\"name\":\"p2\",\"default_prefixlen\":24,\"min_prefixlen\":20}}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("subnetpool").path("name").asText()).isEqualTo("p2");
        assertThat(updated.json().path("subnetpool").path("default_prefixlen").asInt()).isEqualTo(24);
        assertThat(updated.json().path("subnetpool").path("revision_number").asInt()).isEqualTo(1);

        Response list = host.get("/subnetpools?name=p2", token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("subnetpools")).hasSize(1);
        assertThat(host.get("/subnetpools/" + id + "?fields=name", token).json().path("subnetpool").size()).isEqualTo(1);

        assertThat(host.put("/subnetpools/" + id + "/tags/blue", token, null).status()).isEqualTo(201);
        assertThat(host.get("/subnetpools?tags=blue", token).json().path("subnetpools")).hasSize(1);

        assertThat(host.delete("/subnetpools/" + id, token).status()).isEqualTo(204);
        Response gone = host.get("/subnetpools/" + id, token);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorType()).isEqualTo("SubnetPoolNotFound");
    }

    @Test
    void prefixesCanGrowButNotShrinkThroughUpdate()
    {
        String token = member("pool-grow");
        String id = create(token, "{\"subnetpool\":{\"name\":\"g\",\"prefixes\":[\"10.20.0.0/24\"]}}").path("id").asText();
        Response shrink = host.put("/subnetpools/" + id, token, "{\"subnetpool\":{\"prefixes\":[\"10.21.0.0/24\"]}}");
        assertThat(shrink.status()).isEqualTo(400);
        assertThat(shrink.errorType()).isEqualTo("IllegalSubnetPoolPrefixUpdate");

        Response added = host.put("/subnetpools/" + id + "/add_prefixes", token, "{\"prefixes\":[\"10.20.1.0/24\",\"10.30.0.0/16\"]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().path("prefixes").toString()).isEqualTo("[\"10.20.0.0/23\",\"10.30.0.0/16\"]");

        Response removed = host.put("/subnetpools/" + id + "/remove_prefixes", token, "{\"prefixes\":[\"10.20.1.0/24\"]}");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("prefixes").toString()).isEqualTo("[\"10.20.0.0/24\",\"10.30.0.0/16\"]");

        Response mixed = host.put("/subnetpools/" + id + "/add_prefixes", token, "{\"prefixes\":[\"2001:db8::/64\"]}");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.errorType()).isEqualTo("PrefixVersionMismatch");
    }

    @Test
    void boundsAreChecked()
    {
        String token = member("pool-bounds");
        for (String body : List.of(
                "{\"subnetpool\":{\"name\":\"b\",\"prefixes\":[\"10.0.0.0/8\"],\"min_prefixlen\":30,\"max_prefixlen\":20}}",
                "{\"subnetpool\":{\"name\":\"b\",\"prefixes\":[\"10.0.0.0/8\"],\"default_prefixlen\":4,\"min_prefixlen\":8}}",
                "{\"subnetpool\":{\"name\":\"b\",\"prefixes\":[\"10.0.0.0/8\"],\"max_prefixlen\":33}}")) {
            Response refused = host.post("/subnetpools", token, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.errorType()).isEqualTo("IllegalSubnetPoolPrefixBounds");
        }
        JsonNode v6 = create(token, "{\"subnetpool\":{\"name\":\"v6\",\"prefixes\":[\"2001:DB8:0::/48\"]}}");
        assertThat(v6.path("ip_version").asInt()).isEqualTo(6);
        assertThat(v6.path("prefixes").get(0).asText()).isEqualTo("2001:db8::/48");
        assertThat(v6.path("min_prefixlen").asInt()).isEqualTo(64);
        assertThat(v6.path("max_prefixlen").asInt()).isEqualTo(128);
    }

    @Test
    void hostileInputIsRefusedWithNeutronErrors()
    {
        String token = member("pool-hostile");
        List<String> bodies = List.of(
                "{\"subnetpool\":{\"name\":\"x\"}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[]}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0.0/33\"]}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0/8\"]}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"localhost/8\"]}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"1::2::3/64\"]}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[7]}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":{\"a\":1}}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0.0/8\"],\"default_quota\":-1}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0.0/8\"],\"min_prefixlen\":\"abc\"}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0.0/8\"],\"bogus\":1}}",
                "{\"subnetpool\":{\"name\":\"" + "n".repeat(300) + "\",\"prefixes\":[\"10.0.0.0/8\"]}}",
                "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0.0/8\"],\"address_scope_id\":\"not-a-uuid\"}}",
                "{\"subnetpool\":[]}",
                "[]",
                "{",
                "null");
        for (String body : bodies) {
            Response refused = host.post("/subnetpools", token, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().has("NeutronError")).as(body).isTrue();
        }
        Response shared = host.post("/subnetpools", token, "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0.0/8\"],\"shared\":true}}");
        assertThat(shared.status()).isEqualTo(403);
        Response isDefault = host.post("/subnetpools", token, "{\"subnetpool\":{\"name\":\"x\",\"prefixes\":[\"10.0.0.0/8\"],\"is_default\":true}}");
        assertThat(isDefault.status()).isEqualTo(403);
        assertThat(host.get("/subnetpools?no_such_filter=1", token).status()).isEqualTo(400);
        assertThat(host.get("/subnetpools?sort_key=nope", token).status()).isEqualTo(400);
        assertThat(host.get("/subnetpools?shared=maybe", token).status()).isEqualTo(400);
        assertThat(host.get("/subnetpools?marker=nope", token).status()).isEqualTo(400);
        assertThat(host.get("/subnetpools?name=x", "bad").status()).isEqualTo(401);
        assertThat(host.get("/subnetpools", "pool-hostile:member,reader").json().path("subnetpools")).isEmpty();
    }

    @Test
    void anotherProjectsPoolIsNotFoundUnlessShared()
    {
        String owner = member("pool-owner");
        String other = member("pool-other");
        String id = create(owner, "{\"subnetpool\":{\"name\":\"private\",\"prefixes\":[\"10.40.0.0/16\"]}}").path("id").asText();
        assertThat(host.get("/subnetpools/" + id, other).status()).isEqualTo(404);
        assertThat(host.put("/subnetpools/" + id, other, "{\"subnetpool\":{\"name\":\"mine\"}}").status()).isEqualTo(404);
        assertThat(host.delete("/subnetpools/" + id, other).status()).isEqualTo(404);
        assertThat(ids(host.get("/subnetpools", other))).doesNotContain(id);

        String shared = create(ADMIN, "{\"subnetpool\":{\"name\":\"public\",\"prefixes\":[\"10.41.0.0/16\"],\"shared\":true}}").path("id").asText();
        Response seen = host.get("/subnetpools/" + shared, other);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().path("subnetpool").path("shared").asBoolean()).isTrue();
        assertThat(ids(host.get("/subnetpools?shared=true", other))).contains(shared).doesNotContain(id);
        assertThat(host.put("/subnetpools/" + shared, other, "{\"subnetpool\":{\"name\":\"taken\"}}").status()).isIn(403, 404);
        assertThat(host.delete("/subnetpools/" + shared, other).status()).isIn(403, 404);
        assertThat(host.put("/subnetpools/" + shared, ADMIN, "{\"subnetpool\":{\"shared\":false}}").status()).isEqualTo(400);
    }

    @Test
    void onlyOneDefaultPoolPerIpVersion()
    {
        String first = create(ADMIN, "{\"subnetpool\":{\"name\":\"d6\",\"prefixes\":[\"2001:db8:100::/48\"],\"is_default\":true}}").path("id").asText();
        Response second = host.post("/subnetpools", ADMIN, "{\"subnetpool\":{\"name\":\"d6b\",\"prefixes\":[\"2001:db8:200::/48\"],\"is_default\":true}}");
        assertThat(second.status()).isEqualTo(400);
        assertThat(host.put("/subnetpools/" + first, ADMIN, "{\"subnetpool\":{\"is_default\":false}}").status()).isEqualTo(200);
        assertThat(host.post("/subnetpools", ADMIN, "{\"subnetpool\":{\"name\":\"d6c\",\"prefixes\":[\"2001:db8:300::/48\"],\"is_default\":true}}").status())
                .isEqualTo(201);
    }

    static List<String> ids(Response list)
    {
        List<String> ids = new ArrayList<>();
        list.json().fields().next().getValue().forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
