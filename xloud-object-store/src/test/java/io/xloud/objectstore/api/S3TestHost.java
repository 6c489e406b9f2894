package io.xloud.objectstore.api;

import io.xloud.core.auth.TokenValidator;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.module.ModuleHost;
import io.xloud.core.module.XloudModule;
import io.xloud.objectstore.ObjectStoreXloudModule;
import io.xloud.objectstore.s3.CredentialScope;
import io.xloud.objectstore.s3.RequestHeaders;
import io.xloud.objectstore.s3.S3Credentials;
import io.xloud.objectstore.s3.S3Secret;
import io.xloud.objectstore.s3.SignatureV2;
import io.xloud.objectstore.s3.SignatureV4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The object store started alone with two S3 keys on project p1 (a member's and a reader's) and a client that
 * writes S3 requests on a plain socket, signed with SigV4 or SigV2, so that tests see exactly what goes on the wire.
 */
final class S3TestHost
        implements AutoCloseable
{
    static final String REGION = "RegionOne";
    static final String MEMBER = "AKMEMBER";
    static final String READER = "AKREADER";
    static final String SECRET = "member-secret/with+odd=chars";
    static final String READER_SECRET = "reader-secret";
    /** A member's key on another project, p2. */
    static final String OTHER = "AKOTHER";
    static final String OTHER_SECRET = "other-secret";

    private final Database database;
    private final ModuleHost host;

    S3TestHost(Path dataDir)
            throws Exception
    {
        ObjectStoreXloudModule objects = new ObjectStoreXloudModule();
        XloudConfig config = XloudConfig.of(XloudModule.settings(List.of(objects)),
                Map.of("listen", "127.0.0.1:0", "data_dir", dataDir.toString(), "s3_listen", "127.0.0.1:0"));
        database = Database.open(Database.embeddedUrl(dataDir), "", "", 4);
        Map<String, S3Secret> secrets = Map.of(
                MEMBER, new S3Secret(MEMBER, SECRET, "u1", "p1", List.of("member", "reader")),
                READER, new S3Secret(READER, READER_SECRET, "u2", "p1", List.of("reader")),
                OTHER, new S3Secret(OTHER, OTHER_SECRET, "u3", "p2", List.of("member", "reader")));
        host = ModuleHost.builder(config, database)
                .module(objects)
                .port(TokenValidator.class, token -> {
                    throw ApiException.unauthorized("The request you have made requires authentication.");
                })
                .port(S3Credentials.class, (S3Credentials) access -> Optional.ofNullable(secrets.get(access)))
                .port(EventPublisher.class, EventPublisher.none())
                .start();
    }

    int port()
    {
        return host.port();
    }

    /** The port of the S3 listener, S3 at the root. */
    int listenerPort()
    {
        return host.listenerPort("s3").orElseThrow();
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

    /** A client signing as the member. */
    Client member()
    {
        return new Client("127.0.0.1", port(), MEMBER, SECRET);
    }

    /** A client signing as the reader. */
    Client reader()
    {
        return new Client("127.0.0.1", port(), READER, READER_SECRET);
    }

    /** A client signing as a member of project p2. */
    Client other()
    {
        return new Client("127.0.0.1", port(), OTHER, OTHER_SECRET);
    }

    /** An unsigned request, as an anonymous client sends it. */
    Response anonymous(String method, String rawPath, String rawQuery, byte[] body)
            throws IOException
    {
        return member().send(method, rawPath, rawQuery, Map.of(), body);
    }

    record Response(int status, Map<String, String> headers, byte[] bytes)
    {
        String body()
        {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name)
        {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** The {@code <Code>} of an S3 error body. */
        String code()
        {
            return element("Code");
        }

        /** The text of the first element of that name, empty when there is none. */
        String element(String name)
        {
            String body = body();
            int start = body.indexOf("<" + name + ">");
            int end = body.indexOf("</" + name + ">");
            return start < 0 || end < start ? "" : body.substring(start + name.length() + 2, end);
        }
    }

    static final class Client
    {
        private final String host;
        private final int port;
        private final String access;
        private final String secret;

        Client(String host, int port, String access, String secret)
        {
            this.host = host;
            this.port = port;
            this.access = access;
            this.secret = secret;
        }

        Client withSecret(String other)
        {
            return new Client(host, port, access, other);
        }

        String hostHeader()
        {
            return host + ":" + port;
        }

        String access()
        {
            return access;
        }

        String secret()
        {
            return secret;
        }

        /** A request signed with SigV4 for {@code region}, the body's SHA-256 signed. */
        Response v4(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body, String region)
                throws IOException
        {
            return send(method, rawPath, rawQuery, signV4(method, rawPath, rawQuery, headers, SignatureV4.sha256Hex(body), Instant.now(), region), body);
        }

        Response v4(String method, String rawPath, String rawQuery, byte[] body)
                throws IOException
        {
            return v4(method, rawPath, rawQuery, Map.of(), body, REGION);
        }

        Response v4(String method, String rawPath)
                throws IOException
        {
            return v4(method, rawPath, "", new byte[0]);
        }

        Map<String, String> signV4(String method, String rawPath, String rawQuery, Map<String, String> headers, String payloadHash, Instant at,
                String region)
        {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("host", hostHeader());
            all.put("x-amz-date", SignatureV4.AMZ_DATE.format(at));
            all.put("x-amz-content-sha256", payloadHash);
            headers.forEach((name, value) -> all.put(name.toLowerCase(Locale.ROOT), value));
            List<String> signed = new ArrayList<>(all.keySet());
            signed.remove("expect");
            signed.sort(null);
            RequestHeaders lookup = name -> Optional.ofNullable(all.get(name.toLowerCase(Locale.ROOT))).map(List::of).orElse(List.of());
            String canonical = SignatureV4.canonicalRequest(method, SignatureV4.canonicalUri(rawPath), SignatureV4.canonicalQuery(rawQuery, null),
                    SignatureV4.canonicalHeaders(signed, lookup), signed, payloadHash);
            CredentialScope scope = new CredentialScope(SignatureV4.AMZ_DATE.format(at).substring(0, 8), region, "s3");
            String signature = SignatureV4.sign(SignatureV4.signingKey(secret, scope),
                    SignatureV4.stringToSign(all.get("x-amz-date"), scope, canonical));
            all.put("authorization", SignatureV4.ALGORITHM + " Credential=" + access + "/" + scope + ", SignedHeaders=" + String.join(";", signed)
                    + ", Signature=" + signature);
            return all;
        }

        /** A presigned SigV4 query for {@code region}. */
        String presignV4(String method, String rawPath, Instant at, long expiresSeconds, String region)
        {
            CredentialScope scope = new CredentialScope(SignatureV4.AMZ_DATE.format(at).substring(0, 8), region, "s3");
            String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    + "&X-Amz-Credential=" + SignatureV4.uriEncode((access + "/" + scope).getBytes(StandardCharsets.UTF_8), false)
                    + "&X-Amz-Date=" + SignatureV4.AMZ_DATE.format(at)
                    + "&X-Amz-Expires=" + expiresSeconds
                    + "&X-Amz-SignedHeaders=host";
            RequestHeaders lookup = name -> name.equals("host") ? List.of(hostHeader()) : List.of();
            String canonical = SignatureV4.canonicalRequest(method, SignatureV4.canonicalUri(rawPath), SignatureV4.canonicalQuery(query, null),
                    SignatureV4.canonicalHeaders(List.of("host"), lookup), List.of("host"), SignatureV4.UNSIGNED_PAYLOAD);
            String signature = SignatureV4.sign(SignatureV4.signingKey(secret, scope),
                    SignatureV4.stringToSign(SignatureV4.AMZ_DATE.format(at), scope, canonical));
            return query + "&X-Amz-Signature=" + signature;
        }

        /** The headers of a request signed with SigV2 in its Authorization header, written here from AWS's description. */
        Map<String, String> signV2(String method, String resource, Map<String, String> headers, Instant at)
        {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("host", hostHeader());
            headers.forEach((name, value) -> all.put(name.toLowerCase(Locale.ROOT), value));
            if (!all.containsKey("x-amz-date")) {
                all.putIfAbsent("date", DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
            }
            String stringToSign = stringToSignV2(method, all, all.containsKey("x-amz-date") ? "" : all.get("date"), resource);
            all.put("authorization", "AWS " + access + ":" + SignatureV2.sign(secret, stringToSign));
            return all;
        }

        /** A presigned SigV2 query (AWSAccessKeyId, Expires, Signature) for a resource such as {@code /s3/bucket/key}. */
        String presignV2(String method, String resource, Map<String, String> headers, long expires)
        {
            String stringToSign = stringToSignV2(method, headers, Long.toString(expires), resource);
            return "AWSAccessKeyId=" + access + "&Expires=" + expires + "&Signature="
                    + SignatureV4.uriEncode(SignatureV2.sign(secret, stringToSign).getBytes(StandardCharsets.UTF_8), false);
        }

        static String stringToSignV2(String method, Map<String, String> headers, String date, String resource)
        {
            Map<String, String> lower = new TreeMap<>();
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
            StringBuilder text = new StringBuilder(method).append('\n')
                    .append(lower.getOrDefault("content-md5", "")).append('\n')
                    .append(lower.getOrDefault("content-type", "")).append('\n')
                    .append(date).append('\n');
            lower.forEach((name, value) -> {
                if (name.startsWith("x-amz-")) {
                    text.append(name).append(':').append(value.strip()).append('\n');
                }
            });
            return text.append(resource).toString();
        }

        /** Sends exactly these headers and bytes (a Content-Length is added unless given) and reads the whole response. */
        Response send(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body)
                throws IOException
        {
            try (Socket socket = new Socket(host, port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(head(method, rawPath, rawQuery, headers, body.length, true));
                out.write(body);
                out.flush();
                socket.shutdownOutput();
                return read(socket.getInputStream(), method.equals("HEAD"));
            }
        }

        byte[] head(String method, String rawPath, String rawQuery, Map<String, String> headers, long length, boolean close)
        {
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(rawPath).append(rawQuery.isEmpty() ? "" : "?" + rawQuery).append(" HTTP/1.1\r\n");
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putIfAbsent("host", hostHeader());
            if (!all.containsKey("content-length") && !all.containsKey("transfer-encoding")) {
                all.put("content-length", Long.toString(length));
            }
            if (close) {
                all.put("connection", "close");
            }
            all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            return head.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    static Response read(InputStream in, boolean head)
            throws IOException
    {
        byte[] bytes = in.readAllBytes();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] rest = head ? new byte[0] : Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Response(status, headers, rest);
    }

    private static byte[] dechunk(byte[] chunked)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = 0;
        while (position < chunked.length) {
            int lineEnd = position;
            while (lineEnd < chunked.length - 1 && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeLine = new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
