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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Networking started alone: a fake token validator (token = project:role,role), no Identity. */
class NetworkModuleAloneTest
{
    @TempDir
    Path dataDir;

    private Database database;
    private ModuleHost host;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start()
            throws Exception
    {
        NetworkXloudModule network = new NetworkXloudModule();
        XloudConfig config = XloudConfig.of(XloudModule.settings(List.of(network)),
                Map.of("listen", "127.0.0.1:0", "data_dir", dataDir.toString()));
        database = Database.open(Database.embeddedUrl(dataDir), "", "", 8);
        host = ModuleHost.builder(config, database)
                .module(network)
                .port(TokenValidator.class, new FakeTokens())
                .port(EventPublisher.class, EventPublisher.none())
                .port(AdminProject.class, () -> Optional.of("admin-project"))
                .start();
    }

    @AfterEach
    void stop()
            throws Exception
    {
        try {
            host.close();
        }
        finally {
            database.close();
        }
    }

    record Response(int status, JsonNode json, String body) {}

    Response call(String method, String path, String token, String body)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(host.publicUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? Json.mapper().nullNode() : Json.parse(response.body());
        return new Response(response.statusCode(), json, response.body());
    }

    @Test
    void versionDocumentsNeedNoToken()
            throws Exception
    {
        Response versions = call("GET", "/networking", null, null);
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.json().path("versions").get(0).path("id").asText()).isEqualTo("v2.0");
        assertThat(versions.json().path("versions").get(0).path("status").asText()).isEqualTo("CURRENT");
        assertThat(versions.json().path("versions").get(0).path("links").get(0).path("href").asText()).endsWith("/networking/v2.0/");

        Response resources = call("GET", "/networking/v2.0", null, null);
        assertThat(resources.status()).isEqualTo(200);
        List<String> collections = new ArrayList<>();
        resources.json().path("resources").forEach(resource -> collections.add(resource.path("collection").asText()));
        assertThat(collections).contains("networks", "subnets", "ports");
    }

    @Test
    void extensionsAreListedAndShownByAlias()
            throws Exception
    {
        Response list = call("GET", "/networking/v2.0/extensions", "p1:reader", null);
        assertThat(list.status()).isEqualTo(200);
        List<String> aliases = new ArrayList<>();
        list.json().path("extensions").forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("standard-attr-tag", "pagination", "sorting", "quotas").doesNotHaveDuplicates();

        Response one = call("GET", "/networking/v2.0/extensions/pagination", "p1:reader", null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("extension").path("alias").asText()).isEqualTo("pagination");
        assertThat(one.json().path("extension").has("links")).isTrue();
    }

    @Test
    void errorsAreNeutronErrors()
            throws Exception
    {
        Response missing = call("GET", "/networking/v2.0/extensions/no-such-thing", "p1:reader", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("NeutronError").path("type").asText()).isEqualTo("ExtensionNotFound");
        assertThat(missing.json().path("NeutronError").has("detail")).isTrue();

        Response unknown = call("GET", "/networking/v2.0/no-such-collection", "p1:reader", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("NeutronError").path("type").asText()).isEqualTo("HTTPNotFound");

        Response anonymous = call("GET", "/networking/v2.0/extensions", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    /** Tokens are "project:role,role"; "bad" does not validate. */
    static final class FakeTokens
            implements TokenValidator
    {
        @Override
        public AuthContext validate(String token)
        {
            if (token.equals("bad") || !token.contains(":")) {
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
