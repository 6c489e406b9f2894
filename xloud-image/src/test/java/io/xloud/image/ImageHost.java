package io.xloud.image;

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
import io.xloud.image.service.ImageBytes;

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

/**
 * The image module started alone for tests: fake tokens (a token is {@code <project>:<role>,<role>}, "bad" does
 * not validate), image bytes as local files, no events.
 */
public final class ImageHost
        implements AutoCloseable
{
    private final Database database;
    private final ModuleHost host;
    private final FakeImageBytes bytes;
    private final ImageXloudModule image;
    private final HttpClient client = HttpClient.newHttpClient();

    public ImageHost(Path dataDir)
            throws Exception
    {
        this(dataDir, Map.of());
    }

    public ImageHost(Path dataDir, Map<String, String> settings)
            throws Exception
    {
        image = new ImageXloudModule();
        Map<String, String> values = new java.util.HashMap<>(settings);
        values.put("listen", "127.0.0.1:0");
        values.put("data_dir", dataDir.toString());
        XloudConfig config = XloudConfig.of(XloudModule.settings(List.of(image)), values);
        database = Database.open(Database.embeddedUrl(dataDir), "", "", 8);
        bytes = new FakeImageBytes(dataDir.resolve("image-bytes"));
        host = ModuleHost.builder(config, database)
                .module(image)
                .port(TokenValidator.class, new FakeTokens())
                .port(ImageBytes.class, bytes)
                .port(EventPublisher.class, EventPublisher.none())
                .start();
    }

    public io.xloud.image.service.ImageService images()
    {
        return image.images();
    }

    /** Sets a project's limit of one of the image quotas. */
    public void setQuota(String project, String resource, long limit)
    {
        images().store().work().transaction(handle -> {
            images().quotas().setLimit(handle, project, resource, limit);
            return null;
        });
    }

    public long quotaInUse(String project, String resource)
    {
        return images().store().work().handle(handle -> images().quotas().inUse(handle, project, resource));
    }

    /** The host's durable jobs: the import jobs among them. */
    public io.xloud.core.jobs.JobSystem jobs()
    {
        return host.jobs();
    }

    public FakeImageBytes bytes()
    {
        return bytes;
    }

    public String url()
    {
        return host.publicUrl();
    }

    public record Response(int status, java.net.http.HttpHeaders headers, byte[] bytes)
    {
        public String body()
        {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        public JsonNode json()
        {
            try {
                return Json.mapper().readTree(bytes);
            }
            catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body(), e);
            }
        }

        public Optional<String> header(String name)
        {
            return headers.firstValue(name);
        }
    }

    public Response send(String method, String path, String token, String contentType, byte[] body, String... headers)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    public Response get(String path, String token)
            throws Exception
    {
        return send("GET", path, token, null, null);
    }

    public Response delete(String path, String token)
            throws Exception
    {
        return send("DELETE", path, token, null, null);
    }

    public Response post(String path, String token, String json)
            throws Exception
    {
        return send("POST", path, token, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Response patch(String path, String token, String json)
            throws Exception
    {
        return send("PATCH", path, token, "application/openstack-images-v2.1-json-patch", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Response put(String path, String token, String contentType, byte[] body)
            throws Exception
    {
        return send("PUT", path, token, contentType, body);
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

    private static final class FakeTokens
            implements TokenValidator
    {
        @Override
        public AuthContext validate(String token)
        {
            int colon = token.indexOf(':');
            if (colon < 0) {
                throw ApiException.unauthorized("The request you have made requires authentication.");
            }
            String project = token.substring(0, colon);
            List<AuthContext.Role> roles = Arrays.stream(token.substring(colon + 1).split(","))
                    .map(role -> new AuthContext.Role(role, role)).toList();
            return new AuthContext("user-" + project, "user", "default", "Default", Optional.of(project), Optional.of(project),
                    Optional.of("default"), Optional.of("Default"), Optional.empty(), Optional.empty(), false, roles, List.of("password"),
                    Instant.now(), Instant.now().plusSeconds(3600), List.of("a"), Optional.empty(), Optional.empty(), token);
        }
    }
}
