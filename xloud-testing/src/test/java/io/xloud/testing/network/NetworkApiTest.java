package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.xloud.testing.network.NetworkUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Networks as a user and an admin see them over HTTP: create, show, list with filters and fields, update, delete, visibility. */
class NetworkApiTest
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

    static JsonNode createNetwork(Http http, String body)
    {
        return expect(http.post(V2 + "/networks", body), 201).json().path("network");
    }

    @Test
    void theCatalogListsNeutronAndTheVersionDocumentIsServed()
    {
        Http.Response token = alice.http().get("/identity/v3/auth/catalog");
        assertThat(token.body()).contains("\"network\"").contains("/networking");
        Http.Response versions = server.http().get("/networking");
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.json().path("versions").get(0).path("id").asText()).isEqualTo("v2.0");
    }

    @Test
    void noAgentIsListedAndEveryAgentIsUnknown()
    {
        assertThat(expect(alice.http().get(V2 + "/agents"), 200).json().path("agents").size()).isZero();
        assertThat(expect(admin.get(V2 + "/agents"), 200).json().path("agents").size()).isZero();
        Http.Response agent = admin.get(V2 + "/agents/0b7f1c3e-0000-4000-8000-000000000000");
        assertThat(agent.status()).isEqualTo(404);
        assertThat(agent.json().path("NeutronError").path("type").asText()).isEqualTo("AgentNotFound");
        assertThat(alice.http().get(V2 + "/agents/0b7f1c3e-0000-4000-8000-000000000000").status()).isEqualTo(403);
    }

    @Test
    void overQuotaIsWordedAsNeutronWordsIt()
    {
        NetworkUsers.User carol = NetworkUsers.create(server, admin, "member");
        expect(admin.put(V2 + "/quotas/" + carol.projectId(), "{\"quota\": {\"network\": 1}}"), 200);
        createNetwork(carol.http(), "{\"network\": {\"name\": \"only\"}}");
        Http.Response over = carol.http().post(V2 + "/networks", "{\"network\": {\"name\": \"second\"}}");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.json().path("NeutronError").path("type").asText()).isEqualTo("OverQuota");
        assertThat(over.json().path("NeutronError").path("message").asText()).isEqualTo("Quota exceeded for resources: ['network'].");
        JsonNode details = expect(admin.get(V2 + "/quotas/" + carol.projectId() + "/details.json"), 200).json().path("quota").path("network");
        assertThat(details.path("used").asInt()).isEqualTo(1);
        assertThat(details.path("limit").asInt()).isEqualTo(1);
    }

    @Test
    void aMemberCreatesShowsUpdatesAndDeletesANetwork()
    {
        JsonNode network = createNetwork(alice.http(), "{\"network\": {\"name\": \"net-a\"}}");
        assertThat(network.path("name").asText()).isEqualTo("net-a");
        assertThat(network.path("admin_state_up").asBoolean()).isTrue();
        assertThat(network.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(network.path("shared").asBoolean()).isFalse();
        assertThat(network.path("router:external").asBoolean()).isFalse();
        assertThat(network.path("project_id").asText()).isEqualTo(alice.projectId());
        assertThat(network.path("tenant_id").asText()).isEqualTo(alice.projectId());
        assertThat(network.path("subnets").isArray()).isTrue();
        assertThat(network.path("mtu").asInt()).isPositive();
        assertThat(network.path("revision_number").asLong()).isZero();
        assertThat(network.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(network.has("provider:network_type")).isFalse();
        String id = network.path("id").asText();

        JsonNode shown = expect(alice.http().get(V2 + "/networks/" + id), 200).json().path("network");
        assertThat(shown).isEqualTo(network);

        JsonNode updated = expect(alice.http().put(V2 + "/networks/" + id, "{\"network\": {\"name\": \"renamed\", \"admin_state_up\": false}}"), 200)
                .json().path("network");
        assertThat(updated.path("name").asText()).isEqualTo("renamed");
        assertThat(updated.path("admin_state_up").asBoolean()).isFalse();
        assertThat(updated.path("revision_number").asLong()).isEqualTo(1);

        assertThat(alice.http().delete(V2 + "/networks/" + id).status()).isEqualTo(204);
        Http.Response gone = alice.http().get(V2 + "/networks/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("NeutronError").path("type").asText()).isEqualTo("NetworkNotFound");
    }

    @Test
    void anotherProjectsNetworkIsNotFoundUnlessShared()
    {
        String id = createNetwork(alice.http(), "{\"network\": {\"name\": \"private\"}}").path("id").asText();
        assertThat(bob.http().get(V2 + "/networks/" + id).status()).isEqualTo(404);
        assertThat(bob.http().put(V2 + "/networks/" + id, "{\"network\": {\"name\": \"x\"}}").status()).isEqualTo(404);
        assertThat(bob.http().delete(V2 + "/networks/" + id).status()).isEqualTo(404);
        assertThat(ids(bob.http().get(V2 + "/networks").json().path("networks"))).doesNotContain(id);

        assertThat(alice.http().post(V2 + "/networks", "{\"network\": {\"name\": \"s\", \"shared\": true}}").status()).isEqualTo(403);
        String shared = createNetwork(admin, "{\"network\": {\"name\": \"shared\", \"shared\": true}}").path("id").asText();
        assertThat(bob.http().get(V2 + "/networks/" + shared).status()).isEqualTo(200);
        assertThat(bob.http().put(V2 + "/networks/" + shared, "{\"network\": {\"name\": \"x\"}}").status()).isEqualTo(403);
        assertThat(ids(bob.http().get(V2 + "/networks").json().path("networks"))).contains(shared);
    }

    @Test
    void thePublicNetworkIsExternalAndVisibleButItsSubnetsAreNot()
    {
        JsonNode external = expect(alice.http().get(V2 + "/networks?router:external=True"), 200).json().path("networks");
        assertThat(external.size()).isGreaterThanOrEqualTo(1);
        external.forEach(network -> assertThat(network.path("router:external").asBoolean()).isTrue());
        JsonNode publicNetwork = null;
        for (JsonNode network : external) {
            if (network.path("name").asText().equals("public")) {
                publicNetwork = network;
            }
        }
        assertThat(publicNetwork).isNotNull();
        assertThat(publicNetwork.path("shared").asBoolean()).isFalse();
        String id = publicNetwork.path("id").asText();
        assertThat(expect(alice.http().get(V2 + "/subnets?network_id=" + id), 200).json().path("subnets").size()).isZero();
        JsonNode subnets = expect(admin.get(V2 + "/subnets?network_id=" + id), 200).json().path("subnets");
        assertThat(subnets.size()).isEqualTo(1);
        assertThat(subnets.get(0).path("cidr").asText()).isEqualTo("172.24.4.0/24");
        assertThat(subnets.get(0).path("gateway_ip").asText()).isEqualTo("172.24.4.1");
        assertThat(publicNetwork.path("subnets").size()).isEqualTo(1);
    }

    @Test
    void listsFilterProjectSortAndPage()
    {
        NetworkUsers.User carol = NetworkUsers.create(server, admin, "member");
        for (String name : List.of("n1", "n2", "n3", "n4", "n5")) {
            createNetwork(carol.http(), "{\"network\": {\"name\": \"" + name + "\"}}");
        }
        JsonNode byName = expect(carol.http().get(V2 + "/networks?name=n2&name=n4"), 200).json().path("networks");
        assertThat(names(byName)).containsExactlyInAnyOrder("n2", "n4");

        JsonNode fields = expect(carol.http().get(V2 + "/networks?fields=id&fields=name&name=n1"), 200).json().path("networks");
        assertThat(fields.size()).isEqualTo(1);
        List<String> keys = new ArrayList<>();
        fields.get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("id", "name");

        JsonNode sorted = expect(carol.http().get(V2 + "/networks?sort_key=name&sort_dir=desc&project_id=" + carol.projectId()), 200)
                .json().path("networks");
        assertThat(names(sorted)).containsExactly("n5", "n4", "n3", "n2", "n1");

        JsonNode page = expect(carol.http().get(V2 + "/networks?limit=2&sort_key=name&sort_dir=asc&project_id=" + carol.projectId()), 200).json();
        assertThat(names(page.path("networks"))).containsExactly("n1", "n2");
        String next = page.path("networks_links").get(0).path("href").asText();
        assertThat(page.path("networks_links").get(0).path("rel").asText()).isEqualTo("next");
        String path = next.substring(next.indexOf("/networking"));
        JsonNode second = expect(carol.http().get(path), 200).json();
        assertThat(names(second.path("networks"))).containsExactly("n3", "n4");

        String previous = second.path("networks_links").toString();
        assertThat(previous).contains("\"rel\":\"previous\"").contains("page_reverse=True");
        String back = null;
        for (JsonNode link : second.path("networks_links")) {
            if (link.path("rel").asText().equals("previous")) {
                back = link.path("href").asText();
            }
        }
        JsonNode reversed = expect(carol.http().get(back.substring(back.indexOf("/networking"))), 200).json();
        assertThat(names(reversed.path("networks"))).containsExactly("n1", "n2");

        Http.Response badFilter = carol.http().get(V2 + "/networks?no_such_attribute=1");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.json().path("NeutronError").path("type").asText()).isEqualTo("HTTPBadRequest");
        assertThat(carol.http().get(V2 + "/networks?sort_key=nonsense").status()).isEqualTo(400);
        assertThat(carol.http().get(V2 + "/networks?admin_state_up=maybe").status()).isEqualTo(400);
        assertThat(carol.http().get(V2 + "/networks?limit=-1").status()).isEqualTo(400);
        assertThat(carol.http().get(V2 + "/networks?marker=no-such-marker").status()).isEqualTo(400);
    }

    @Test
    void tagsAreSetListedCheckedAndFiltered()
    {
        String id = createNetwork(alice.http(), "{\"network\": {\"name\": \"tagged\"}}").path("id").asText();
        JsonNode tags = expect(alice.http().put(V2 + "/networks/" + id + "/tags", "{\"tags\": [\"red\", \"blue\"]}"), 200).json().path("tags");
        assertThat(tags.toString()).contains("red").contains("blue");
        assertThat(alice.http().put(V2 + "/networks/" + id + "/tags/green", null).status()).isEqualTo(201);
        assertThat(alice.http().get(V2 + "/networks/" + id + "/tags/green").status()).isEqualTo(204);
        assertThat(alice.http().get(V2 + "/networks/" + id + "/tags/pink").status()).isEqualTo(404);
        assertThat(alice.http().delete(V2 + "/networks/" + id + "/tags/red").status()).isEqualTo(204);
        assertThat(alice.http().delete(V2 + "/networks/" + id + "/tags/red").status()).isEqualTo(404);
        JsonNode network = expect(alice.http().get(V2 + "/networks/" + id), 200).json().path("network");
        assertThat(network.path("tags").toString()).contains("blue").contains("green").doesNotContain("red");
        assertThat(network.path("revision_number").asLong()).isEqualTo(3);
        assertThat(ids(alice.http().get(V2 + "/networks?tags=blue,green").json().path("networks"))).contains(id);
        assertThat(ids(alice.http().get(V2 + "/networks?not-tags=blue").json().path("networks"))).doesNotContain(id);
        assertThat(ids(alice.http().get(V2 + "/networks?tags-any=pink,green").json().path("networks"))).contains(id);
        assertThat(bob.http().put(V2 + "/networks/" + id + "/tags/x", null).status()).isEqualTo(404);
        assertThat(alice.http().delete(V2 + "/networks/" + id + "/tags").status()).isEqualTo(204);
        assertThat(expect(alice.http().get(V2 + "/networks/" + id + "/tags"), 200).json().path("tags").size()).isZero();
    }

    @Test
    void availabilityZonesAreListedAndHintsChecked()
    {
        JsonNode zones = expect(alice.http().get(V2 + "/availability_zones"), 200).json().path("availability_zones");
        assertThat(zones.get(0).path("name").asText()).isEqualTo("nova");
        assertThat(expect(alice.http().get(V2 + "/availability_zones?resource=router"), 200).json().path("availability_zones").size()).isEqualTo(1);
        JsonNode network = createNetwork(alice.http(), "{\"network\": {\"availability_zone_hints\": [\"nova\"]}}");
        assertThat(network.path("availability_zone_hints").get(0).asText()).isEqualTo("nova");
        assertThat(network.path("availability_zones").get(0).asText()).isEqualTo("nova");
    }

    @Test
    void changesAreEventsOfTheProject()
    {
        NetworkUsers.User dave = NetworkUsers.create(server, admin, "member");
        String id = createNetwork(dave.http(), "{\"network\": {\"name\": \"evented\"}}").path("id").asText();
        expect(dave.http().put(V2 + "/networks/" + id, "{\"network\": {\"name\": \"evented2\"}}"), 200);
        assertThat(dave.http().delete(V2 + "/networks/" + id).status()).isEqualTo(204);
        // the feed shows an event once every earlier one is visible, which may take a moment after the commit
        List<String> types = new ArrayList<>();
        for (int attempt = 0; attempt < 50 && !types.contains("network.delete.end"); attempt++) {
            types.clear();
            expect(dave.http().get("/events/v1/events?type=network.*&limit=100"), 200).json().path("events")
                    .forEach(event -> types.add(event.path("type").asText()));
            if (!types.contains("network.delete.end")) {
                sleep();
            }
        }
        assertThat(types).contains("network.create.end", "network.update.end", "network.delete.end");
    }

    @Test
    void ifMatchGuardsUpdatesWithTheRevisionNumber()
    {
        JsonNode network = createNetwork(alice.http(), "{\"network\": {\"name\": \"rev\"}}");
        String id = network.path("id").asText();
        Http.Response stale = alice.http().send("PUT", V2 + "/networks/" + id, "{\"network\": {\"name\": \"x\"}}",
                java.util.Map.of("If-Match", "revision_number=7"));
        assertThat(stale.status()).isEqualTo(412);
        Http.Response current = alice.http().send("PUT", V2 + "/networks/" + id, "{\"network\": {\"name\": \"x\"}}",
                java.util.Map.of("If-Match", "revision_number=0"));
        assertThat(current.status()).isEqualTo(200);
        assertThat(alice.http().send("DELETE", V2 + "/networks/" + id, null, java.util.Map.of("If-Match", "revision_number=0")).status()).isEqualTo(412);
    }

    @Test
    void bulkCreateMakesAllOrNothing()
    {
        JsonNode created = expect(alice.http().post(V2 + "/networks", "{\"networks\": [{\"name\": \"b1\"}, {\"name\": \"b2\"}]}"), 201)
                .json().path("networks");
        assertThat(names(created)).containsExactly("b1", "b2");
        Http.Response failed = alice.http().post(V2 + "/networks", "{\"networks\": [{\"name\": \"b3\"}, {\"name\": \"b4\", \"mtu\": 100000}]}");
        assertThat(failed.status()).isEqualTo(400);
        assertThat(names(alice.http().get(V2 + "/networks?name=b3").json().path("networks"))).isEmpty();
    }

    @Test
    void hostileAndMalformedBodiesAreNeutron400s()
    {
        for (String body : List.of("", "[]", "{}", "{\"network\": []}", "{\"network\": {\"name\": 5}}", "{\"network\": {\"bogus\": 1}}",
                "{\"network\": {\"id\": \"x\"}}", "{\"network\": {\"admin_state_up\": \"perhaps\"}}", "{\"network\": {\"name\": \"" + "x".repeat(300) + "\"}}",
                "{\"network\": {\"mtu\": \"lots\"}}", "{\"network\": {\"availability_zone_hints\": \"nova\"}}", "{\"networks\": []}",
                "{\"network\": {\"name\": null}}", "not json")) {
            Http.Response response = alice.http().post(V2 + "/networks", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().path("NeutronError").path("message").asText()).as(body).isNotEmpty();
        }
        assertThat(alice.http().post(V2 + "/networks", "{\"network\": {\"availability_zone_hints\": [\"mars\"]}}").status()).isEqualTo(404);
        assertThat(alice.http().get(V2 + "/networks/" + "%00").status()).isIn(400, 404);
        assertThat(alice.http().get(V2 + "/networks/" + "x".repeat(2000)).status()).isEqualTo(404);
    }

    private static void sleep()
    {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(JsonNode items)
    {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    static List<String> ids(JsonNode items)
    {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
