package io.xloud.testing.network;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.xloud.testing.network.L3Fixtures.V2;
import static io.xloud.testing.network.L3Fixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

/** auto-allocated-topology on a cloud without a default subnet pool: Neutron's deployment error, and nothing left behind. */
class AutoAllocatedTopologyTest
{
    private static TestServer server;
    private static Http admin;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @Test
    void withoutADefaultSubnetPoolNothingIsMadeAndTheReasonIsSaid()
    {
        L3Fixtures.Member member = L3Fixtures.member(server, admin);
        Http http = member.http();
        String path = V2 + "/auto-allocated-topology/" + member.projectId();

        Http.Response dryRun = http.get(path + "?fields=dry-run");
        assertThat(dryRun.status()).isEqualTo(409);
        assertThat(type(dryRun)).isEqualTo("AutoAllocationFailure");
        Http.Response allocate = http.get(path);
        assertThat(allocate.status()).isEqualTo(409);
        assertThat(type(allocate)).isEqualTo("AutoAllocationFailure");
        assertThat(allocate.json().path("NeutronError").path("message").asText()).contains("subnetpool");

        assertThat(http.get(V2 + "/networks?name=auto_allocated_network").json().path("networks")).isEmpty();
        assertThat(http.get(V2 + "/routers").json().path("routers")).isEmpty();
        assertThat(http.delete(path).status()).isEqualTo(404);
        assertThat(http.get(V2 + "/auto-allocated-topology/" + L3Fixtures.member(server, admin).projectId()).status()).isEqualTo(403);
    }
}
