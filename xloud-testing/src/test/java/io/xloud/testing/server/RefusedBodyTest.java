package io.xloud.testing.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request refused before its body is read (no valid token, a body past the size limit), sent by a client that writes
 * its whole body before it reads the answer, as most HTTP libraries do without Expect: 100-continue. The client gets
 * the refusal in the service's format, never a broken pipe or a reset connection.
 */
class RefusedBodyTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 5;

    private static TestServer server;
    private static Http admin;
    private static HttpClient client;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop()
    {
        client.close();
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String token, byte[] body)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(int size)
    {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    /** What a test writes after the head. */
    @FunctionalInterface
    private interface Body
    {
        void writeTo(OutputStream out)
                throws IOException;
    }

    /** {@code length} bytes, as a body with a declared Content-Length. */
    private static Body plain(long length)
    {
        return out -> {
            byte[] chunk = bytes(64 << 10);
            for (long sent = 0; sent < length; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, length - sent));
            }
        };
    }

    /** {@code count} chunks of 64 KiB in chunked transfer coding, then the last chunk. */
    private static Body chunked(int count)
    {
        return out -> {
            byte[] chunk = bytes(64 << 10);
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                out.write(size);
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    /** Writes the head and the whole body, as Python's http.client does, and only then reads the answer. */
    private static String writeAllThenRead(String head, Body body)
            throws IOException
    {
        URI uri = URI.create(server.baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            body.writeTo(out);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anObjectUploadWithABadTokenGetsItsUnauthorizedAnswer()
            throws Exception
    {
        long length = 24 << 20;
        for (int round = 0; round < ROUNDS; round++) {
            String head = "PUT /object-store/v1/AUTH_x/c/o" + round + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Auth-Token: not-a-token\r\nContent-Length: " + length + "\r\n\r\n";
            assertThat(writeAllThenRead(head, plain(length))).as("round %d", round).startsWith("HTTP/1.1 401 ");
        }
    }

    @Test
    void aChunkedUploadWithABadTokenGetsItsUnauthorizedAnswer()
            throws Exception
    {
        // no declared length: the server learns the body's size only by reading it, past the 1 MiB it drains first
        for (int round = 0; round < ROUNDS; round++) {
            String head = "PUT /object-store/v1/AUTH_x/c/chunked" + round + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Auth-Token: not-a-token\r\nTransfer-Encoding: chunked\r\n\r\n";
            assertThat(writeAllThenRead(head, chunked(128))).as("round %d", round).startsWith("HTTP/1.1 401 ");
        }
    }

    @Test
    void aJsonBodyPastTheLimitGetsItsTooLargeAnswerInTheServiceFormat()
            throws Exception
    {
        String token = admin.token().orElseThrow();
        long length = 8 << 20;
        for (int round = 0; round < ROUNDS; round++) {
            String head = "POST /networking/v2.0/networks HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
            String response = writeAllThenRead(head, plain(length));
            assertThat(response).as("round %d", round).startsWith("HTTP/1.1 413 ");
            JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(error.path("NeutronError").path("message").asText()).isNotEmpty();
        }
    }

    /** A chunked JSON body: {@code prefix}, then 8 MiB of 'x' in 64 KiB chunks. */
    private static Body chunkedJson(String prefix)
    {
        return out -> {
            byte[] start = prefix.getBytes(StandardCharsets.US_ASCII);
            out.write((Integer.toHexString(start.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(start);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            chunked(128).writeTo(out);
        };
    }

    private static String createNetworkChunked(String token, String prefix)
            throws IOException
    {
        String head = "POST /networking/v2.0/networks HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + token
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        return writeAllThenRead(head, chunkedJson(prefix));
    }

    @Test
    void aChunkedJsonBodyRefusedPartwayGetsItsTooLargeAnswer()
            throws Exception
    {
        // the handler reads the body up to the size limit, inside one long string, and refuses it there with the rest still coming
        String token = admin.token().orElseThrow();
        for (int round = 0; round < ROUNDS; round++) {
            String response = createNetworkChunked(token, "{\"network\": {\"name\": \"");
            assertThat(response).as("round %d", round).startsWith("HTTP/1.1 413 ");
            JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(error.path("NeutronError").path("type").asText()).isEqualTo("HTTPRequestEntityTooLarge");
        }
    }

    @Test
    void aLargeMalformedJsonBodyGetsItsBadRequestAnswer()
            throws Exception
    {
        // the parser stops at the first bad byte, megabytes before the body's end
        String token = admin.token().orElseThrow();
        for (int round = 0; round < ROUNDS; round++) {
            String response = createNetworkChunked(token, "{{");
            assertThat(response).as("round %d", round).startsWith("HTTP/1.1 400 ");
            JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(error.path("NeutronError").path("message").asText()).startsWith("Malformed JSON");
        }
        assertThat(admin.get("/networking/v2.0/networks").json().path("networks").findValuesAsText("name")).doesNotContain("x");
    }

    @Test
    void theConnectionStillServesTheNextRequestAfterASmallRefusedBody()
            throws Exception
    {
        // a refused body under the drain limit is read and dropped, so the kept-alive connection answers the next request
        for (int round = 0; round < ROUNDS; round++) {
            HttpResponse<String> refused = send("PUT", "/object-store/v1/AUTH_x/c/o", "not-a-token", bytes(64 << 10));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Connection")).isEmpty();
            HttpResponse<String> next = send("GET", "/identity/v3", null, new byte[0]);
            assertThat(next.statusCode()).isEqualTo(200);
        }
    }
}
