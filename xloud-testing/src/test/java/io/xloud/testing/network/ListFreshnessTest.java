package io.xloud.testing.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.testing.network.NetworkUsers.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists asked again and again, as dashboards and provisioning tools poll them: each answer shows every write that
 * was acknowledged before it was asked, to the caller who wrote and to others, and never another caller's view.
 */
class ListFreshnessTest
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

    private static List<String> names(Http http, String query)
    {
        List<String> names = new ArrayList<>();
        for (JsonNode network : expect(http.get(V2 + "/networks" + query), 200).json().path("networks")) {
            names.add(network.path("name").asText());
        }
        return names;
    }

    @Test
    void aRepeatedListShowsEachCreateUpdateAndDelete()
    {
        String id = expect(alice.http().post(V2 + "/networks", "{\"network\": {\"name\": \"fresh-1\"}}"), 201).json().path("network").path("id").asText();
        assertThat(names(alice.http(), "?name=fresh-1")).containsExactly("fresh-1");
        assertThat(names(alice.http(), "?name=fresh-1")).containsExactly("fresh-1");

        expect(alice.http().put(V2 + "/networks/" + id, "{\"network\": {\"name\": \"fresh-2\"}}"), 200);
        assertThat(names(alice.http(), "?name=fresh-1")).isEmpty();
        assertThat(names(alice.http(), "?name=fresh-2")).containsExactly("fresh-2");

        expect(alice.http().put(V2 + "/networks/" + id + "/tags/blue", null), 201);
        assertThat(names(alice.http(), "?tags=blue")).containsExactly("fresh-2");

        expect(alice.http().delete(V2 + "/networks/" + id), 204);
        assertThat(names(alice.http(), "?name=fresh-2")).isEmpty();
        assertThat(names(alice.http(), "?tags=blue")).isEmpty();
    }

    @Test
    void theSameQueryOfAnotherCallerGetsThatCallersView()
    {
        expect(alice.http().post(V2 + "/networks", "{\"network\": {\"name\": \"mine-only\"}}"), 201);
        assertThat(names(alice.http(), "?name=mine-only")).containsExactly("mine-only");
        assertThat(names(bob.http(), "?name=mine-only")).isEmpty();
        // the admin sees every project's, with the provider attributes members are not shown
        JsonNode seen = expect(admin.get(V2 + "/networks?name=mine-only"), 200).json().path("networks");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).has("provider:network_type")).isTrue();
        JsonNode own = expect(alice.http().get(V2 + "/networks?name=mine-only"), 200).json().path("networks");
        assertThat(own.get(0).has("provider:network_type")).isFalse();
    }

    @Test
    void sharingThroughRbacShowsAtOnceInTheOtherProjectsList()
    {
        String id = expect(alice.http().post(V2 + "/networks", "{\"network\": {\"name\": \"to-share\"}}"), 201).json().path("network").path("id").asText();
        assertThat(names(bob.http(), "?name=to-share")).isEmpty();
        String policy = expect(alice.http().post(V2 + "/rbac-policies", "{\"rbac_policy\": {\"object_type\": \"network\", \"object_id\": \"" + id
                + "\", \"action\": \"access_as_shared\", \"target_tenant\": \"" + bob.projectId() + "\"}}"), 201).json().path("rbac_policy").path("id").asText();
        assertThat(names(bob.http(), "?name=to-share")).containsExactly("to-share");
        expect(alice.http().delete(V2 + "/rbac-policies/" + policy), 204);
        assertThat(names(bob.http(), "?name=to-share")).isEmpty();
    }

    @Test
    void aPortCreatedOnANetworkShowsInThePortListAndItsSubnetInTheNetworkList()
    {
        String network = expect(alice.http().post(V2 + "/networks", "{\"network\": {\"name\": \"with-ports\"}}"), 201).json().path("network").path("id").asText();
        assertThat(expect(alice.http().get(V2 + "/networks?name=with-ports"), 200).json().path("networks").get(0).path("subnets")).isEmpty();
        assertThat(expect(alice.http().get(V2 + "/ports?network_id=" + network), 200).json().path("ports")).isEmpty();
        String subnet = expect(alice.http().post(V2 + "/subnets", "{\"subnet\": {\"network_id\": \"" + network
                + "\", \"cidr\": \"10.77.0.0/24\", \"ip_version\": 4}}"), 201).json().path("subnet").path("id").asText();
        assertThat(expect(alice.http().get(V2 + "/networks?name=with-ports"), 200).json().path("networks").get(0).path("subnets").get(0).asText())
                .isEqualTo(subnet);
        expect(alice.http().post(V2 + "/ports", "{\"port\": {\"network_id\": \"" + network + "\"}}"), 201);
        assertThat(expect(alice.http().get(V2 + "/ports?network_id=" + network), 200).json().path("ports")).hasSize(1);
    }

    @Test
    void concurrentWritersAndReadersNeverReadAnAcknowledgedCreateAsMissing()
            throws Exception
    {
        NetworkUsers.User carol = NetworkUsers.create(server, admin, "member");
        expect(admin.put(V2 + "/quotas/" + carol.projectId(), "{\"quota\": {\"network\": -1}}"), 200);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> tasks = new ArrayList<>();
            // readers keep the list hot while writers create
            for (int reader = 0; reader < 4; reader++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        expect(carol.http().get(V2 + "/networks"), 200);
                    }
                }));
            }
            for (int writer = 0; writer < 4; writer++) {
                int w = writer;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        String name = "race-" + w + "-" + i;
                        expect(carol.http().post(V2 + "/networks", "{\"network\": {\"name\": \"" + name + "\"}}"), 201);
                        // acknowledged, so every later list has it
                        assertThat(names(carol.http(), "")).contains(name);
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        }
        assertThat(names(carol.http(), "").stream().filter(name -> name.startsWith("race-"))).hasSize(40);
    }
}
