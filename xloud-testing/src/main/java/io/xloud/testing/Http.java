package io.xloud.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.xloud.core.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A small HTTP client for tests that assert exact status codes, headers and bodies. */
public final class Http
{
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    private String token;

    public Http(String baseUrl)
    {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
    }

    public record Response(int status, Map<String, List<String>> headers, String body)
    {
        public JsonNode json()
        {
            if (body.isEmpty()) {
                return MissingNode.getInstance();
            }
            return Json.parse(body);
        }

        public Optional<String> header(String name)
        {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst();
        }

        /** Keystone's error body: {"error": {"code", "title", "message"}}. */
        public JsonNode error()
        {
            return json().path("error");
        }
    }

    public Optional<String> token()
    {
        return Optional.ofNullable(token);
    }

    public Http withToken(String token)
    {
        Http copy = new Http(baseUrl);
        copy.token = token;
        return copy;
    }

    /** Password auth scoped to a project by name in the Default domain; keeps the token for later calls. */
    public Response login(String user, String password, String project)
    {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": %s, "domain": {"id": "default"},
                 "password": %s}}}, "scope": {"project": {"name": %s, "domain": {"id": "default"}}}}}
                """.formatted(Json.string(user), Json.string(password), Json.string(project));
        Response response = send("POST", "/identity/v3/auth/tokens", body, Map.of());
        if (response.status() != 201) {
            throw new IllegalStateException("login as " + user + " failed: " + response.status() + " " + response.body());
        }
        token = response.header("X-Subject-Token").orElseThrow();
        return response;
    }

    public Response get(String path)
    {
        return send("GET", path, null, Map.of());
    }

    public Response head(String path)
    {
        return send("HEAD", path, null, Map.of());
    }

    public Response delete(String path)
    {
        return send("DELETE", path, null, Map.of());
    }

    public Response post(String path, String json)
    {
        return send("POST", path, json, Map.of());
    }

    public Response put(String path, String json)
    {
        return send("PUT", path, json, Map.of());
    }

    public Response patch(String path, String json)
    {
        return send("PATCH", path, json, Map.of());
    }

    public Response send(String method, String path, String body, Map<String, String> headers)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        Map<String, String> all = new LinkedHashMap<>();
        if (token != null) {
            all.put("X-Auth-Token", token);
        }
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        all.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        }
        catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
