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

/** tag-creation: every taggable resource takes its tags in its create body; a bad tag refuses the create. */
class TagCreationApiTest
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
        Response network = host.post("/networks", ADMIN, "{\"network\":{\"name\":\"ext\",\"router:external\":true}}");
        external = network.json().path("network").path("id").asText();
        assertThat(host.post("/subnets", ADMIN, "{\"subnet\":{\"network_id\":\"" + external + "\",\"ip_version\":4,\"cidr\":\"172.25.0.0/24\"}}")
                .status()).isEqualTo(201);
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        host.close();
    }

    /** path, resource key, body attributes (without tags), token */
    private static List<String[]> resources()
    {
        return List.of(
                new String[] {"/networks", "network", "\"name\":\"n\"", member("tags-p")},
                new String[] {"/routers", "router", "\"name\":\"r\"", member("tags-p")},
                new String[] {"/security-groups", "security_group", "\"name\":\"g\"", member("tags-p")},
                new String[] {"/subnetpools", "subnetpool", "\"name\":\"sp\",\"prefixes\":[\"10.90.0.0/16\"]", member("tags-p")},
                new String[] {"/qos/policies", "policy", "\"name\":\"q\"", ADMIN},
                new String[] {"/floatingips", "floatingip", "\"floating_network_id\":\"" + external + "\"", member("tags-p")});
    }

    @Test
    void tagsGivenOnCreateAreShownAndFiltered()
    {
        int i = 0;
        for (String[] resource : resources()) {
            String tag = "red-" + i++;
            Response created = host.post(resource[0], resource[3], "{\"" + resource[1] + "\":{" + resource[2] + ",\"tags\":[\"" + tag + "\",\"blue\"]}}");
            assertThat(created.status()).as(resource[0] + " " + created.body()).isEqualTo(201);
            JsonNode body = created.json().path(resource[1]);
            assertThat(strings(body.path("tags"))).as(resource[0]).containsExactlyInAnyOrder(tag, "blue");
            String id = body.path("id").asText();
            assertThat(strings(host.get(resource[0] + "/" + id, resource[3]).json().path(resource[1]).path("tags"))).containsExactlyInAnyOrder(tag, "blue");
            assertThat(strings(host.get(resource[0] + "/" + id + "/tags", resource[3]).json().path("tags"))).containsExactlyInAnyOrder(tag, "blue");
            assertThat(ids(host.get(resource[0] + "?tags=" + tag, resource[3]))).as(resource[0]).containsExactly(id);
        }
    }

    @Test
    void badTagsRefuseTheCreate()
    {
        List<String> tagLists = new ArrayList<>(List.of("[\"a,b\"]", "[\"a/b\"]", "[\"\"]", "[\"" + "x".repeat(256) + "\"]", "[7]", "[null]", "\"red\"",
                "{}", "[\"a\\u0000b\"]"));
        StringBuilder many = new StringBuilder("[");
        for (int n = 0; n < 51; n++) {
            many.append(n == 0 ? "" : ",").append("\"t").append(n).append('"');
        }
        tagLists.add(many.append(']').toString());
        for (String[] resource : resources()) {
            List<String> before = ids(host.get(resource[0], resource[3]));
            for (String tags : tagLists) {
                Response refused = host.post(resource[0], resource[3], "{\"" + resource[1] + "\":{" + resource[2] + ",\"tags\":" + tags + "}}");
                assertThat(refused.status()).as(resource[0] + " " + tags + " " + refused.body()).isEqualTo(400);
                assertThat(refused.json().has("NeutronError")).isTrue();
            }
            assertThat(ids(host.get(resource[0], resource[3]))).as(resource[0]).isEqualTo(before);
        }
    }

    @Test
    void noTagsOrNullMeansNone()
    {
        Response created = host.post("/routers", member("tags-q"), "{\"router\":{\"name\":\"r\",\"tags\":null}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("router").path("tags")).isEmpty();
        Response updated = host.put("/routers/" + created.json().path("router").path("id").asText(), member("tags-q"),
                "{\"router\":{\"tags\":[\"x\"]}}");
        assertThat(updated.status()).isEqualTo(400);
        List<String> aliases = new ArrayList<>();
        host.get("/extensions", member("tags-q")).json().path("extensions").forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("tag-creation", "standard-attr-tag").doesNotContain("tag-ext");
    }

    private static List<String> strings(JsonNode array)
    {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }
}
