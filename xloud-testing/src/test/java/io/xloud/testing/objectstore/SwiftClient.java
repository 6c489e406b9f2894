package io.xloud.testing.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A raw Swift client for tests: bytes in, bytes out, paths sent exactly as given. */
final class SwiftClient
{
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    private final String token;
    final String projectId;
    final String projectName;
    final String userId;
    final String userName;

    private SwiftClient(String baseUrl, String token, String projectId, String projectName, String userId, String userName)
    {
        this.baseUrl = baseUrl;
        this.token = token;
        this.projectId = projectId;
        this.projectName = projectName;
        this.userId = userId;
        this.userName = userName;
    }

    record Response(int status, HttpHeaders headers, byte[] body)
    {
        String text()
        {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name)
        {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json()
        {
            return Json.parse(text());
        }
    }

    /** A new project with a new user holding {@code role} on it, logged in. */
    static SwiftClient newProjectUser(TestServer server, Http admin, String role)
    {
        String project = "p-" + UUID.randomUUID().toString().substring(0, 8);
        String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
        String projectId = admin.post("/identity/v3/projects", "{\"project\": {\"name\": \"" + project + "\"}}").json().path("project").path("id").asText();
        String userId = admin.post("/identity/v3/users", "{\"user\": {\"name\": \"" + user + "\", \"password\": \"pw-" + user + "\"}}")
                .json().path("user").path("id").asText();
        String roleId = admin.get("/identity/v3/roles?name=" + role).json().path("roles").get(0).path("id").asText();
        assertThat(admin.put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null).status()).isEqualTo(204);
        Http http = server.http();
        Http.Response login = http.login(user, "pw-" + user, project);
        return new SwiftClient(server.baseUrl(), http.token().orElseThrow(), projectId, project, userId, user);
    }

    static SwiftClient of(TestServer server, Http http, Http.Response login)
    {
        JsonNode token = login.json().path("token");
        return new SwiftClient(server.baseUrl(), http.token().orElseThrow(), token.path("project").path("id").asText(),
                token.path("project").path("name").asText(), token.path("user").path("id").asText(), token.path("user").path("name").asText());
    }

    SwiftClient anonymous()
    {
        return new SwiftClient(baseUrl, null, projectId, projectName, userId, userName);
    }

    SwiftClient withToken(String token)
    {
        return new SwiftClient(baseUrl, token, projectId, projectName, userId, userName);
    }

    String token()
    {
        return token;
    }

    /** This client's account path. */
    /** A new container with a random name in this client's account; its path. */
    String newContainer()
    {
        String path = account() + "/c-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        org.assertj.core.api.Assertions.assertThat(put(path, null).status()).isEqualTo(201);
        return path;
    }

    String account()
    {
        return "/object-store/v1/AUTH_" + projectId;
    }

    Response send(String method, String path, byte[] body, String... headers)
    {
        return sendWith(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    Response sendStream(String method, String path, Supplier<InputStream> body, String... headers)
    {
        return sendWith(method, path, HttpRequest.BodyPublishers.ofInputStream(body), headers);
    }

    private Response sendWith(String method, String path, HttpRequest.BodyPublisher body, String... headers)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120)).method(method, body);
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        }
        catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String... headers)
    {
        return send("GET", path, (byte[]) null, headers);
    }

    Response head(String path, String... headers)
    {
        return send("HEAD", path, (byte[]) null, headers);
    }

    Response delete(String path, String... headers)
    {
        return send("DELETE", path, (byte[]) null, headers);
    }

    Response put(String path, String body, String... headers)
    {
        return send("PUT", path, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    Response post(String path, String... headers)
    {
        return send("POST", path, new byte[0], headers);
    }

    Optional<String> projectScopedToken()
    {
        return Optional.ofNullable(token);
    }

    /** Percent-encodes a name for a path, keeping '/' (as python-swiftclient quotes names). */
    static String quote(String name)
    {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~/".indexOf(c) >= 0) {
                out.append((char) c);
            }
            else {
                out.append(String.format("%%%02X", c));
            }
        }
        return out.toString();
    }
}
