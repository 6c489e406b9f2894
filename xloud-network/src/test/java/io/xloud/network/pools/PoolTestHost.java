package io.xloud.network.pools;

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
import io.xloud.network.NetworkXloudModule;
import io.xloud.network.service.AdminProject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The networking module alone, with tokens "project:role,role" and no Identity. */
final class PoolTestHost
        implements AutoCloseable
{
    static final String ADMIN = "admin-project:admin,member,reader";

    private final Database database;
    private final ModuleHost host;
    private final NetworkXloudModule module;
    private final HttpClient client = HttpClient.newHttpClient();

    record Response(int status, JsonNode json, String body)
    {
        String errorType()
        {
            return json.path("NeutronError").path("type").asText();
        }
    }

    PoolTestHost(Path dataDir)
            throws Exception
    {
        module = new NetworkXloudModule();
        XloudConfig config = XloudConfig.of(XloudModule.settings(List.of(module)), Map.of("listen", "127.0.0.1:0", "data_dir", dataDir.toString()));
        database = Database.open(Database.embeddedUrl(dataDir), "", "", 16);
        host = ModuleHost.builder(config, database)
                .module(module)
                .port(TokenValidator.class, new FakeTokens())
                .port(EventPublisher.class, EventPublisher.none())
                .port(AdminProject.class, () -> Optional.of("admin-project"))
                .start();
    }

    NetworkXloudModule module()
    {
        return module;
    }

    static String member(String project)
    {
        return project + ":member,reader";
    }

    Response call(String method, String path, String token, String body)
    {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(host.publicUrl() + "/networking/v2.0" + path))
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
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String token)
    {
        return call("GET", path, token, null);
    }

    Response post(String path, String token, String body)
    {
        return call("POST", path, token, body);
    }

    Response put(String path, String token, String body)
    {
        return call("PUT", path, token, body);
    }

    Response delete(String path, String token)
    {
        return call("DELETE", path, token, null);
    }

    @Override
    public void close()
            throws Exception
    {
        try {
            host.close();
        }
        finally {
            database.close();
        }
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
