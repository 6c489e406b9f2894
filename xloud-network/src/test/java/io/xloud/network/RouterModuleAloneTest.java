package io.xloud.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.auth.TokenValidator;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.json.Json;
import io.xloud.core.module.ModuleHost;
import io.xloud.core.module.XloudModule;
import io.xloud.network.service.AdminProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routers and floating IPs in the networking module started alone (tokens are "project:role,role"): what needs no
 * network of the core, such as routers without a gateway, their lists, policy, quotas and refusals of malformed input.
 */
class RouterModuleAloneTest
{
    private static final String V2 = "/networking/v2.0";
    private static Database database;
    private static ModuleHost host;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start()
            throws Exception
    {
        Path dataDir = Files.createTempDirectory("xloud-l3-");
        NetworkXloudModule network = new NetworkXloudModule();
        XloudConfig config = XloudConfig.of(XloudModule.settings(List.of(network)),
                Map.of("listen", "127.0.0.1:0", "data_dir", dataDir.toString()));
        database = Database.open(Database.embeddedUrl(dataDir), "", "", 8);
        host = ModuleHost.builder(config, database)
                .module(network)
                .port(TokenValidator.class, new ProjectTokens())
                .port(EventPublisher.class, EventPublisher.none())
                .port(AdminProject.class, () -> Optional.of("admin-project"))
                .start();
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        try {
            host.close();
        }
        finally {
            database.close();
        }
    }

    record Response(int status, JsonNode json)
    {
        String type()
        {
            return json.path("NeutronError").path("type").asText();
        }
    }

    static Response call(String method, String path, String token, String body)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(host.publicUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-Auth-Token", token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body().isEmpty() ? Json.mapper().nullNode() : Json.parse(response.body()));
    }

    private static String project()
    {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void routersWithoutGatewayAreCreatedShownUpdatedAndDeleted()
            throws Exception
    {
        String member = project() + ":member,reader";
        Response created = call("POST", V2 + "/routers", member, """
                {"router": {"name": "r1", "description": "first", "admin_state_up": false, "availability_zone_hints": ["nova"]}}""");
        assertThat(created.status()).isEqualTo(201);
        JsonNode router = created.json().path("router");
        String id = router.path("id").asText();
        assertThat(router.path("name").asText()).isEqualTo("r1");
        assertThat(router.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(router.path("admin_state_up").asBoolean()).isFalse();
        assertThat(router.path("external_gateway_info").isNull()).isTrue();
        assertThat(router.path("routes")).isEmpty();
        assertThat(router.path("availability_zone_hints").get(0).asText()).isEqualTo("nova");
        assertThat(router.path("tenant_id").asText()).isEqualTo(router.path("project_id").asText());
        assertThat(router.path("created_at").asText()).endsWith("Z");
        assertThat(router.path("revision_number").asLong()).isZero();

        Response updated = call("PUT", V2 + "/routers/" + id, member, """
                {"router": {"name": "r1-renamed", "admin_state_up": true}}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("router").path("name").asText()).isEqualTo("r1-renamed");
        assertThat(updated.json().path("router").path("revision_number").asLong()).isEqualTo(1);

        Response stale = call("PUT", V2 + "/routers/" + id, member, "{\"router\": {\"name\": \"x\"}}".replace("x", "y"));
        assertThat(stale.status()).isEqualTo(200);
        Response shown = call("GET", V2 + "/routers/" + id + "?fields=name&fields=id", member, null);
        assertThat(shown.json().path("router").size()).isEqualTo(2);

        assertThat(call("DELETE", V2 + "/routers/" + id, member, null).status()).isEqualTo(204);
        Response gone = call("GET", V2 + "/routers/" + id, member, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.type()).isEqualTo("RouterNotFound");
    }

    @Test
    void readersSeeButDoNotChangeAndStrangersSeeNothing()
            throws Exception
    {
        String owner = project();
        String id = call("POST", V2 + "/routers", owner + ":member,reader", "{\"router\": {\"name\": \"mine\"}}").json().path("router").path("id").asText();
        assertThat(call("GET", V2 + "/routers/" + id, owner + ":reader", null).status()).isEqualTo(200);
        Response readerUpdate = call("PUT", V2 + "/routers/" + id, owner + ":reader", "{\"router\": {\"name\": \"no\"}}");
        assertThat(readerUpdate.status()).isEqualTo(403);
        assertThat(readerUpdate.type()).isEqualTo("PolicyNotAuthorized");
        assertThat(call("POST", V2 + "/routers", owner + ":reader", "{\"router\": {}}").status()).isEqualTo(403);
        Response stranger = call("GET", V2 + "/routers/" + id, project() + ":member,reader", null);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(call("GET", V2 + "/routers", project() + ":member,reader", null).json().path("routers")).isEmpty();
        assertThat(call("GET", V2 + "/routers/" + id, "admin-project:admin", null).status()).isEqualTo(200);
        Response revision = call("DELETE", V2 + "/routers/" + id, owner + ":member,reader", null);
        assertThat(revision.status()).isEqualTo(204);
    }

    @Test
    void unknownZonesAndMalformedInputAreRefused()
            throws Exception
    {
        String member = project() + ":member,reader";
        Response zone = call("POST", V2 + "/routers", member, "{\"router\": {\"availability_zone_hints\": [\"mars\"]}}");
        assertThat(zone.status()).isEqualTo(404);
        assertThat(zone.type()).isEqualTo("AvailabilityZoneNotFound");
        for (String body : new String[] {"{", "null", "{\"router\": []}", "{\"routers\": {}}", "{\"router\": {\"distributed\": true}}",
                "{\"router\": {\"description\": null}}", "{\"router\": {\"routes\": []}}", "{\"router\": {\"id\": \"x\"}}",
                "{\"router\": {\"external_gateway_info\": {\"network_id\": \"" + UUID.randomUUID() + "\", \"extra\": 1}}}",
                "{\"router\": {\"external_gateway_info\": {\"enable_snat\": true}}}"}) {
            Response response = call("POST", V2 + "/routers", member, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().path("NeutronError").path("message").asText()).as(body).isNotEmpty();
        }
        assertThat(call("GET", V2 + "/routers", member, null).json().path("routers")).isEmpty();
        Response ifMatch = call("PUT", V2 + "/routers/" + UUID.randomUUID(), member, "{\"router\": {\"name\": \"x\"}}");
        assertThat(ifMatch.status()).isEqualTo(404);
    }

    @Test
    void theRouterQuotaHoldsUnderConcurrentCreates()
            throws Exception
    {
        String member = project() + ":member,reader";
        List<Future<Response>> responses = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 16; i++) {
                responses.add(executor.submit(() -> call("POST", V2 + "/routers", member, "{\"router\": {\"name\": \"q\"}}")));
            }
        }
        int created = 0;
        for (Future<Response> response : responses) {
            Response done = response.get();
            if (done.status() == 201) {
                created++;
            }
            else {
                assertThat(done.status()).isEqualTo(409);
                assertThat(done.type()).isEqualTo("OverQuota");
            }
        }
        assertThat(created).isEqualTo(10);
        Response listed = call("GET", V2 + "/routers", member, null);
        assertThat(listed.json().path("routers")).as(listed.json().toString()).hasSize(10);
    }

    @Test
    void theL3ExtensionsAreListed()
            throws Exception
    {
        List<String> aliases = new ArrayList<>();
        call("GET", V2 + "/extensions", project() + ":reader", null).json().path("extensions").forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("router", "ext-gw-mode", "extraroute", "extraroute-atomic", "fip-port-details", "floatingip-pools",
                "floating-ip-port-forwarding", "router_availability_zone").doesNotHaveDuplicates();
    }

    @Test
    void floatingIpsOfAnotherProjectAndUnknownOnesAreNotFound()
            throws Exception
    {
        String member = project() + ":member,reader";
        Response missing = call("GET", V2 + "/floatingips/" + UUID.randomUUID(), member, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.type()).isEqualTo("FloatingIPNotFound");
        assertThat(call("GET", V2 + "/floatingips", member, null).json().path("floatingips")).isEmpty();
        assertThat(call("POST", V2 + "/floatingips", member, "{\"floatingip\": {\"floating_network_id\": 7}}").status()).isEqualTo(400);
        assertThat(call("GET", V2 + "/floatingips/" + UUID.randomUUID() + "/port_forwardings", member, null).status()).isEqualTo(404);
    }

    /** Tokens are "project:role,role". */
    static final class ProjectTokens
            implements TokenValidator
    {
        @Override
        public AuthContext validate(String token)
        {
            if (!token.contains(":")) {
                throw ApiException.unauthorized("The request you have made requires authentication.");
            }
            String project = token.substring(0, token.indexOf(':'));
            List<AuthContext.Role> roles = Arrays.stream(token.substring(token.indexOf(':') + 1).split(","))
                    .map(role -> new AuthContext.Role(role, role)).toList();
            return new AuthContext("u-" + project, "user", "default", "Default", Optional.of(project), Optional.of(project), Optional.of("default"),
                    Optional.of("Default"), Optional.empty(), Optional.empty(), false, roles, List.of("password"), Instant.now(),
                    Instant.now().plusSeconds(3600), List.of("a"), Optional.empty(), Optional.empty(), token);
        }
    }
}
