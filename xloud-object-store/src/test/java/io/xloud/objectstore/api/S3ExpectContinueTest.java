package io.xloud.objectstore.api;

import io.xloud.objectstore.s3.SignatureV4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Expect: 100-continue} on a raw socket: the interim 100 comes only once the request is authenticated and
 * allowed; a bad signature or a missing permission gets its final 403 while the client still holds the body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ExpectContinueTest
{
    private static final byte[] BODY = "the body".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dataDir;

    private S3TestHost host;
    private String bucket;

    @BeforeAll
    void start()
            throws Exception
    {
        host = new S3TestHost(dataDir);
        bucket = "expect-bucket";
        assertThat(host.member().v4("PUT", "/s3/" + bucket).status()).isEqualTo(200);
    }

    @AfterAll
    void stop()
            throws Exception
    {
        host.close();
    }

    private Map<String, String> signed(S3TestHost.Client client, String path)
    {
        Map<String, String> headers = new LinkedHashMap<>(client.signV4("PUT", path, "", Map.of(), SignatureV4.sha256Hex(BODY), Instant.now(),
                S3TestHost.REGION));
        headers.put("expect", "100-continue");
        return headers;
    }

    @Test
    void aBadSignatureIsRefusedBeforeTheBodyIsAskedFor()
            throws Exception
    {
        String path = "/s3/" + bucket + "/bad-signature";
        String first = firstResponseWithoutBody(host.member().withSecret("wrong"), signed(host.member().withSecret("wrong"), path), path);

        assertThat(first).startsWith("HTTP/1.1 403").contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void aCallerWithoutPermissionIsRefusedBeforeTheBodyIsAskedFor()
            throws Exception
    {
        String path = "/s3/" + bucket + "/no-permission";
        String first = firstResponseWithoutBody(host.reader(), signed(host.reader(), path), path);

        assertThat(first).startsWith("HTTP/1.1 403").contains("<Code>AccessDenied</Code>");
    }

    @Test
    void aV2SignatureMismatchIsRefusedBeforeTheBodyIsAskedFor()
            throws Exception
    {
        String path = "/s3/" + bucket + "/v2";
        S3TestHost.Client wrong = host.member().withSecret("wrong");
        Map<String, String> headers = new LinkedHashMap<>(wrong.signV2("PUT", path, Map.of(), Instant.now()));
        headers.put("expect", "100-continue");
        String first = firstResponseWithoutBody(wrong, headers, path);

        assertThat(first).startsWith("HTTP/1.1 403").contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void anAllowedRequestGetsContinueThenStoresTheBody()
            throws Exception
    {
        String path = "/s3/" + bucket + "/allowed";
        S3TestHost.Client member = host.member();
        try (Socket socket = new Socket("127.0.0.1", host.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(member.head("PUT", path, "", signed(member, path), BODY.length, true));
            socket.getOutputStream().flush();
            String interim = readHead(socket.getInputStream());
            assertThat(interim).startsWith("HTTP/1.1 100");
            socket.getOutputStream().write(BODY);
            socket.getOutputStream().flush();
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
        assertThat(member.v4("GET", path).body()).isEqualTo("the body");
    }

    /** Sends the head only and reads what comes back first: the client holds the body as long as no 100 arrives. */
    private static String firstResponseWithoutBody(S3TestHost.Client client, Map<String, String> headers, String path)
            throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", client.hostHeader().contains(":") ? Integer.parseInt(client.hostHeader().split(":")[1]) : 80)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(client.head("PUT", path, "", headers, BODY.length, false));
            socket.getOutputStream().flush();
            String head = readHead(socket.getInputStream());
            if (!head.startsWith("HTTP/1.1 100")) {
                int length = Integer.parseInt(head.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                        .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("0"));
                return head + new String(socket.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
            }
            return head;
        }
    }

    private static String readHead(InputStream in)
            throws IOException
    {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
