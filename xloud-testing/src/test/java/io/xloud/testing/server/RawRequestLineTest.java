package io.xloud.testing.server;

import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request lines as hostile clients send them, over a raw socket: control characters, NULs, broken %-escapes, overlong
 * URIs. Every answer is in the dialect of the service owning the path, never the HTTP server's own page.
 */
class RawRequestLineTest
{
    private static TestServer server;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    record Case(String prefix, String suffix)
    {
        @Override
        public String toString()
        {
            String shown = suffix.length() > 40 ? suffix.substring(0, 40) + "..." : suffix;
            return prefix + shown.replaceAll("\\p{Cntrl}", "<ctl>");
        }
    }

    static List<Case> cases()
    {
        List<String> prefixes = List.of("/identity/v3/users/", "/object-store/v1/AUTH_x/", "/s3/bucket/", "/unknown/");
        List<String> suffixes = List.of("a%00b", "%00", "a%01", "a%7f", "a%zz", "a%", "a%0", "a\u0001b", "a\u007fb", "x%C0%AF",
                "x%FF%FE", "a".repeat(20_000), "a%2500", "..%2F..%2Fetc");
        List<Case> cases = new ArrayList<>();
        for (String prefix : prefixes) {
            for (String suffix : suffixes) {
                cases.add(new Case(prefix, suffix));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answerIsInTheOwningServiceDialect(Case c)
            throws IOException
    {
        Raw response = send("GET " + c.prefix() + c.suffix() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).as(response.text()).isBetween(400, 499);
        assertThat(response.header("x-openstack-request-id")).as(response.text()).isNotEmpty();
        assertThat(response.body()).as(response.text()).doesNotContain("HTTP ERROR");
        String type = response.header("content-type").toLowerCase();
        if (c.prefix().startsWith("/identity") || c.prefix().startsWith("/unknown")) {
            assertThat(type).as(response.text()).startsWith("application/json");
            assertThat(response.body()).as(response.text()).contains("\"error\"");
        }
        else if (c.prefix().startsWith("/s3") && jettyParses(c.suffix())) {
            assertThat(type).as(response.text()).startsWith("application/xml");
            assertThat(response.body()).as(response.text()).contains("<Error>");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pathWithANulEscapeOrABrokenEscapeIsRefusedInTheOwningFormat(Case c)
            throws IOException
    {
        if (!jettyParses(c.suffix()) || !c.suffix().matches(".*(%00|%zz|%0?$).*")) {
            return;
        }
        String token = server.admin().token().orElseThrow();
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            Raw response = send(method + " " + c.prefix() + c.suffix() + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + token
                    + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
            // Swift refuses a NUL in a path with 412, as it does for invalid UTF-8
            assertThat(response.status()).as(response.text()).isEqualTo(c.prefix().startsWith("/object-store") ? 412 : 404);
            assertThat(response.header("x-openstack-request-id")).isNotEmpty();
            if (c.prefix().startsWith("/identity") || c.prefix().startsWith("/unknown")) {
                assertThat(response.header("content-type")).startsWith("application/json");
                assertThat(response.body()).contains("\"code\":404");
            }
            else if (c.prefix().startsWith("/s3")) {
                assertThat(response.header("content-type")).startsWith("application/xml");
                assertThat(response.body()).contains("<Error>");
            }
            else {
                assertThat(response.header("x-trans-id")).isNotEmpty();
                assertThat(response.body()).isEqualTo("Invalid UTF8 or contains NULL");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void pipelinedRequestsAreJudgedEachOnItsOwnPath()
            throws IOException
    {
        String good = "GET /identity/v3 HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String bad = "GET /identity/v3/users/a%00b HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String last = "GET /identity/v3 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        String all = sendAll(good + bad + good + bad + last);
        assertThat(all.split("HTTP/1.1 ", -1)).extracting(part -> part.length() >= 3 ? part.substring(0, 3) : part)
                .containsExactly("", "200", "404", "200", "404", "200");
    }

    @org.junit.jupiter.api.Test
    void absoluteFormTargetWithANulIsRefusedToo()
            throws IOException
    {
        String token = server.admin().token().orElseThrow();
        Raw response = send("PUT http://localhost/object-store/v1/AUTH_x/c/a%00b HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + token
                + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
        assertThat(response.status()).as(response.text()).isEqualTo(412);
    }

    /**
     * A raw control character in the request line is not HTTP, and an overlong URI is cut before its path is read:
     * the server does not know the owning service, and answers in the kernel's JSON whatever the prefix.
     */
    private static boolean jettyParses(String suffix)
    {
        return suffix.length() < 8192 && !suffix.matches("(?s).*\\p{Cntrl}.*");
    }

    record Raw(int status, String head, String body)
    {
        String header(String name)
        {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }

        String text()
        {
            return head + "\r\n\r\n" + body;
        }
    }

    private static String sendAll(String requests)
            throws IOException
    {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(bytes);
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static Raw send(String request)
            throws IOException
    {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            return new Raw(status, head, body);
        }
    }
}
