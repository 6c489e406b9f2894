package io.xloud.testing.objectstore;

import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Swift's constraints (swift/common/constraints.py): sizes of bodies, names, headers and metadata, and X-Delete-* values. */
class SwiftConstraintsTest
{
    private static final long MAX_FILE_SIZE = 5L * 1024 * 1024 * 1024 + 2;

    private static TestServer server;
    private static Http admin;
    private static SwiftClient swift;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        swift = SwiftClient.newProjectUser(server, admin, "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String container()
    {
        return swift.newContainer();
    }

    // ---- max_file_size

    @Test
    void contentLengthOverMaxFileSizeIsRefusedBeforeTheBodyAndTheConnectionCloses()
            throws IOException
    {
        String head = rawHead("PUT", container() + "/huge", swift.token(), MAX_FILE_SIZE + 1);
        RawResponse response = sendHeadOnly(head);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("Your request is too large.");
        assertThat(response.closed()).isTrue();
    }

    @Test
    void contentLengthOverMaxFileSizeWithExpectContinueIsRefusedWithoutAContinue()
            throws IOException
    {
        String head = rawHead("PUT", container() + "/huge", swift.token(), MAX_FILE_SIZE + 1);
        RawResponse response = sendHeadOnly(head.replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.closed()).isTrue();
    }

    @Test
    void hugeContentLengthWithoutATokenIsRefusedBeforeTheBody()
            throws IOException
    {
        RawResponse response = sendHeadOnly(rawHead("PUT", container() + "/huge", null, Long.MAX_VALUE));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.closed()).isTrue();
    }

    @Test
    void maxFileSizeIsAdvertised()
    {
        assertThat(swift.get("/info").json().path("swift").path("max_file_size").asLong()).isEqualTo(MAX_FILE_SIZE);
    }

    // ---- max_header_size and metadata

    @Test
    void aHeaderValueOverMaxHeaderSizeIsRefused()
    {
        String container = container();
        String big = "v".repeat(8193);
        for (Response refused : List.of(
                swift.put(container + "/o", "x", "X-Custom", big),
                swift.post(container + "/o", "X-Custom", big),
                swift.put(container + "-new", null, "X-Custom", big),
                swift.post(container, "X-Custom", big),
                swift.post(swift.account(), "X-Custom", big))) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo("Header value too long: X-Custom");
        }
        assertThat(swift.put(container + "/o", "x", "X-Custom", "v".repeat(8192)).status()).isEqualTo(201);
    }

    @Test
    void metadataNamesLongerThan128BytesAreRefused()
    {
        String container = container();
        String name = "k".repeat(129);
        String message = "Metadata name too long: x-%s-meta-K" + "k".repeat(128);
        assertThat(swift.put(container + "/o", "x", "X-Object-Meta-" + name, "v").text()).isEqualTo(message.formatted("object"));
        assertThat(swift.post(container, "X-Container-Meta-" + name, "v").text()).isEqualTo(message.formatted("container"));
        Response account = swift.post(swift.account(), "X-Account-Meta-" + name, "v");
        assertThat(account.status()).isEqualTo(400);
        assertThat(account.text()).isEqualTo(message.formatted("account"));
        assertThat(swift.put(container + "/o", "x", "X-Object-Meta-" + "k".repeat(128), "v").status()).isEqualTo(201);
    }

    @Test
    void metadataValuesLongerThan256BytesAreRefused()
    {
        String container = container();
        String value = "v".repeat(257);
        Response object = swift.put(container + "/o", "x", "X-Object-Meta-Color", value);
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.text()).isEqualTo("Metadata value longer than 256: x-object-meta-Color");
        assertThat(swift.post(container, "X-Container-Meta-Color", value).text()).isEqualTo("Metadata value longer than 256: x-container-meta-Color");
        assertThat(swift.post(swift.account(), "X-Account-Meta-Color", value).text()).isEqualTo("Metadata value longer than 256: x-account-meta-Color");
        assertThat(swift.put(container + "/o", "x", "X-Object-Meta-Color", "v".repeat(256)).status()).isEqualTo(201);
    }

    @Test
    void metadataLimitsCountUtf8Bytes()
            throws IOException
    {
        String container = container();
        String head = "PUT " + container + "/o HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + swift.token()
                + "\r\nConnection: close\r\nContent-Length: 1\r\nX-Object-Meta-Color: %s\r\n\r\nx";
        // 129 two-byte characters are 258 bytes
        assertThat(send(head.formatted("\u00e9".repeat(129)).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(send(head.formatted("\u00e9".repeat(128)).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        Response head2 = swift.head(container + "/o");
        assertThat(head2.header("X-Object-Meta-Color").getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("\u00e9".repeat(128).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void accountAndContainerMetadataMustBeUtf8()
            throws IOException
    {
        String container = container();
        swift.put(container + "/o", "x");
        byte[] invalid = {(byte) 0xff, (byte) 0xfe};
        for (String path : List.of(swift.account(), container)) {
            String kind = path.equals(container) ? "Container" : "Account";
            RawResponse refused = send(rawPost(path, "X-" + kind + "-Meta-Bad", invalid));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).isEqualTo("Metadata must be valid UTF-8");
            assertThat(send(rawPost(path, "X-" + kind + "-Meta-Good", "\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8))).status()).isEqualTo(204);
        }
        // Swift lets object metadata hold any bytes
        assertThat(send(rawPost(container + "/o", "X-Object-Meta-Raw", invalid)).status()).isEqualTo(202);
    }

    private static byte[] rawPost(String path, String header, byte[] value)
    {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + swift.token()
                + "\r\nConnection: close\r\nContent-Length: 0\r\n" + header + ": ").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(value);
        request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return request.toByteArray();
    }

    @Test
    void moreThan90MetadataItemsAreRefused()
    {
        String container = container();
        assertThat(swift.put(container + "/o", "x", metadata("X-Object-Meta-", 90, 1)).status()).isEqualTo(201);
        for (Response refused : List.of(
                swift.put(container + "/o", "x", metadata("X-Object-Meta-", 91, 1)),
                swift.post(container, metadata("X-Container-Meta-", 91, 1)),
                swift.post(swift.account(), metadata("X-Account-Meta-", 91, 1)))) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo("Too many metadata items; max 90");
        }
    }

    @Test
    void metadataOverFourKilobytesInAllIsRefused()
    {
        String container = container();
        // each item is a 3-byte name and a 256-byte value: 15 of them are 3885 bytes, 16 are 4144
        assertThat(swift.put(container + "/o", "x", metadata("X-Object-Meta-", 15, 256)).status()).isEqualTo(201);
        for (Response refused : List.of(
                swift.put(container + "/o", "x", metadata("X-Object-Meta-", 16, 256)),
                swift.post(container + "/o", metadata("X-Object-Meta-", 16, 256)),
                swift.post(container, metadata("X-Container-Meta-", 16, 256)),
                swift.post(swift.account(), metadata("X-Account-Meta-", 16, 256)))) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo("Total metadata too large; max 4096");
        }
    }

    private static String[] metadata(String prefix, int count, int valueLength)
    {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            headers.add(prefix + "k%02d".formatted(i));
            headers.add("v".repeat(valueLength));
        }
        return headers.toArray(String[]::new);
    }

    // ---- names

    @Test
    void containerAndObjectNamesHaveSwiftsLengthLimits()
    {
        Response container = swift.put(swift.account() + "/" + "c".repeat(257), null);
        assertThat(container.status()).isEqualTo(400);
        assertThat(container.text()).isEqualTo("Container name length of 257 longer than 256");
        assertThat(swift.put(swift.account() + "/" + "c".repeat(256), null).status()).isEqualTo(201);
        String existing = container();
        Response object = swift.put(existing + "/" + "o".repeat(1025), "x");
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.text()).isEqualTo("Object name length of 1025 longer than 1024");
        assertThat(swift.put(existing + "/" + "o".repeat(1024), "x").status()).isEqualTo(201);
    }

    @Test
    void accountNamesLongerThan256BytesAreRefused()
    {
        SwiftClient reseller = swift.withToken(SwiftClient.newProjectUser(server, admin, "ResellerAdmin").token());
        String account = "/object-store/v1/AUTH_" + "a".repeat(252);
        for (Response refused : List.of(reseller.get(account), reseller.post(account, "X-Account-Meta-Color", "blue"), reseller.put(account + "/c", null))) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo("Account name length of 257 longer than 256");
        }
        assertThat(reseller.get("/object-store/v1/AUTH_" + "a".repeat(251)).status()).isEqualTo(204);
        assertThat(swift.get(account).status()).isEqualTo(403);
    }

    // ---- X-Delete-At and X-Delete-After

    @Test
    void xDeleteAtMustBeAnInteger()
    {
        String container = container();
        long future = System.currentTimeMillis() / 1000 + 3600;
        for (String value : List.of(future + ".5", "soon", "1e10", "0x7fffffff")) {
            Response put = swift.put(container + "/o", "x", "X-Delete-At", value);
            assertThat(put.status()).as(value).isEqualTo(400);
            assertThat(put.text()).isEqualTo("Non-integer X-Delete-At");
        }
        swift.put(container + "/o", "x");
        assertThat(swift.post(container + "/o", "X-Delete-At", future + ".5").text()).isEqualTo("Non-integer X-Delete-At");
        assertThat(swift.put(container + "/o", "x", "X-Delete-At", Long.toString(future)).status()).isEqualTo(201);
        assertThat(swift.head(container + "/o").header("X-Delete-At")).isEqualTo(Long.toString(future));
    }

    @Test
    void xDeleteAtInThePastIsRefused()
    {
        String container = container();
        long now = System.currentTimeMillis() / 1000;
        for (String value : List.of(Long.toString(now - 10), "0", "-5")) {
            Response put = swift.put(container + "/o", "x", "X-Delete-At", value);
            assertThat(put.status()).as(value).isEqualTo(400);
            assertThat(put.text()).isEqualTo("X-Delete-At in past");
        }
    }

    @Test
    void xDeleteAtFarAheadIsKeptAtSwiftsLatestTime()
    {
        String container = container();
        assertThat(swift.put(container + "/o", "x", "X-Delete-At", "99999999999999999999999").status()).isEqualTo(201);
        assertThat(swift.head(container + "/o").header("X-Delete-At")).isEqualTo("9999999999");
    }

    @Test
    void xDeleteAfterMustBeAPositiveInteger()
    {
        String container = container();
        for (String value : List.of("1.5", "an hour", "")) {
            Response put = swift.put(container + "/o", "x", "X-Delete-After", value);
            assertThat(put.status()).as(value).isEqualTo(400);
            assertThat(put.text()).isEqualTo("Non-integer X-Delete-After");
        }
        for (String value : List.of("0", "-60")) {
            Response put = swift.put(container + "/o", "x", "X-Delete-After", value);
            assertThat(put.status()).as(value).isEqualTo(400);
            assertThat(put.text()).isEqualTo("X-Delete-After in past");
        }
        swift.put(container + "/o", "x");
        assertThat(swift.post(container + "/o", "X-Delete-After", "-1").text()).isEqualTo("X-Delete-After in past");
        long before = System.currentTimeMillis() / 1000;
        assertThat(swift.put(container + "/o", "x", "X-Delete-After", "3600").status()).isEqualTo(201);
        assertThat(Long.parseLong(swift.head(container + "/o").header("X-Delete-At"))).isBetween(before + 3599, before + 3602);
    }

    @Test
    void infoAdvertisesTheLimitsEnforced()
    {
        var info = swift.get("/info").json().path("swift");
        assertThat(info.path("max_header_size").asInt()).isEqualTo(8192);
        assertThat(info.path("max_meta_name_length").asInt()).isEqualTo(128);
        assertThat(info.path("max_meta_value_length").asInt()).isEqualTo(256);
        assertThat(info.path("max_meta_count").asInt()).isEqualTo(90);
        assertThat(info.path("max_meta_overall_size").asInt()).isEqualTo(4096);
        assertThat(info.path("max_account_name_length").asInt()).isEqualTo(256);
        assertThat(info.path("max_container_name_length").asInt()).isEqualTo(256);
        assertThat(info.path("max_object_name_length").asInt()).isEqualTo(1024);
    }

    private static String rawHead(String method, String path, String token, long contentLength)
    {
        URI uri = URI.create(server.baseUrl());
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n");
        if (token != null) {
            head.append("X-Auth-Token: ").append(token).append("\r\n");
        }
        head.append("Content-Type: application/octet-stream\r\nContent-Length: ").append(contentLength).append("\r\n\r\n");
        return head.toString();
    }

    record RawResponse(int status, String body, boolean closed) {}

    /** Sends only the request head, then reads the answer and waits (bounded) for the server to close. */
    private static RawResponse sendHeadOnly(String head)
            throws IOException
    {
        return send(head.getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends bytes as they are, then reads the answer and waits (bounded) for the server to close. */
    private static RawResponse send(byte[] request)
            throws IOException
    {
        URI uri = URI.create(server.baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed;
            byte[] buffer = new byte[8192];
            try {
                while (true) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        closed = true;
                        break;
                    }
                    received.write(buffer, 0, read);
                }
            }
            catch (SocketTimeoutException e) {
                closed = false;
            }
            String text = received.toString(StandardCharsets.ISO_8859_1);
            assertThat(text).as("a response before the timeout").startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            String body = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
            return new RawResponse(status, body, closed);
        }
    }
}
