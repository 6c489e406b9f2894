package io.xloud.testing.objectstore;

import io.xloud.objectstore.s3.ChunkSigner;
import io.xloud.objectstore.s3.CredentialScope;
import io.xloud.objectstore.s3.RequestHeaders;
import io.xloud.objectstore.s3.SignatureV4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Hand-made S3 requests over a plain socket, for what a well-behaved SDK never sends: bad signatures, skewed
 * clocks, expired URLs, wrong checksums, cut-short bodies, malformed XML. Signs with the server's own SigV4
 * primitives, which the unit tests hold to AWS's published vectors.
 */
final class RawS3Client
{
    record Response(int status, Map<String, String> headers, String body)
    {
        Optional<String> header(String name)
        {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** The {@code <Code>} of an S3 error body. */
        String code()
        {
            int start = body.indexOf("<Code>");
            int end = body.indexOf("</Code>");
            return start < 0 || end < 0 ? "" : body.substring(start + "<Code>".length(), end);
        }
    }

    private final String host;
    private final int port;
    private final String access;
    private final String secret;
    private final String region;

    RawS3Client(String host, int port, String access, String secret, String region)
    {
        this.host = requireNonNull(host, "host is null");
        this.port = port;
        this.access = requireNonNull(access, "access is null");
        this.secret = requireNonNull(secret, "secret is null");
        this.region = requireNonNull(region, "region is null");
    }

    RawS3Client withSecret(String otherSecret)
    {
        return new RawS3Client(host, port, access, otherSecret, region);
    }

    String hostHeader()
    {
        return host + ":" + port;
    }

    CredentialScope scope(Instant at)
    {
        return new CredentialScope(SignatureV4.AMZ_DATE.format(at).substring(0, 8), region, "s3");
    }

    /** The headers of a request signed at {@code at}, Authorization included; the body's hash as given. */
    Map<String, String> sign(String method, String rawPath, String rawQuery, Map<String, String> headers, String payloadHash, Instant at)
    {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("host", hostHeader());
        all.put("x-amz-date", SignatureV4.AMZ_DATE.format(at));
        all.put("x-amz-content-sha256", payloadHash);
        headers.forEach((name, value) -> all.put(name.toLowerCase(Locale.ROOT), value));
        List<String> signed = new ArrayList<>(all.keySet());
        signed.sort(null);
        RequestHeaders lookup = name -> Optional.ofNullable(all.get(name.toLowerCase(Locale.ROOT))).map(List::of).orElse(List.of());
        String canonical = SignatureV4.canonicalRequest(method, SignatureV4.canonicalUri(rawPath), SignatureV4.canonicalQuery(rawQuery, null),
                SignatureV4.canonicalHeaders(signed, lookup), signed, payloadHash);
        CredentialScope scope = scope(at);
        String signature = SignatureV4.sign(SignatureV4.signingKey(secret, scope), SignatureV4.stringToSign(all.get("x-amz-date"), scope, canonical));
        all.put("authorization", SignatureV4.ALGORITHM + " Credential=" + access + "/" + scope + ", SignedHeaders=" + String.join(";", signed)
                + ", Signature=" + signature);
        return all;
    }

    /** The seed signature of signed headers, for chaining chunk signatures. */
    static String seedSignature(Map<String, String> signedHeaders)
    {
        String authorization = signedHeaders.get("authorization");
        return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
    }

    ChunkSigner chunkSigner(Map<String, String> signedHeaders, Instant at)
    {
        return new ChunkSigner(SignatureV4.signingKey(secret, scope(at)), signedHeaders.get("x-amz-date"), scope(at), seedSignature(signedHeaders));
    }

    /** A request with a body whose SHA-256 is signed. */
    Response send(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body, Instant at)
            throws IOException
    {
        return send(method, rawPath, rawQuery, sign(method, rawPath, rawQuery, headers, SignatureV4.sha256Hex(body), at), body);
    }

    /** The query string of a presigned URL. */
    String presign(String method, String rawPath, Instant at, long expiresSeconds)
    {
        CredentialScope scope = scope(at);
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + SignatureV4.uriEncode((access + "/" + scope).getBytes(StandardCharsets.UTF_8), false)
                + "&X-Amz-Date=" + SignatureV4.AMZ_DATE.format(at)
                + "&X-Amz-Expires=" + expiresSeconds
                + "&X-Amz-SignedHeaders=host";
        RequestHeaders lookup = name -> name.equals("host") ? List.of(hostHeader()) : List.of();
        String canonical = SignatureV4.canonicalRequest(method, SignatureV4.canonicalUri(rawPath), SignatureV4.canonicalQuery(query, null),
                SignatureV4.canonicalHeaders(List.of("host"), lookup), List.of("host"), SignatureV4.UNSIGNED_PAYLOAD);
        String signature = SignatureV4.sign(SignatureV4.signingKey(secret, scope), SignatureV4.stringToSign(SignatureV4.AMZ_DATE.format(at), scope, canonical));
        return query + "&X-Amz-Signature=" + signature;
    }

    /** Sends exactly these headers and bytes (a Content-Length is added unless given) and reads the whole response. */
    Response send(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body)
            throws IOException
    {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(rawPath).append(rawQuery.isEmpty() ? "" : "?" + rawQuery).append(" HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("host", hostHeader());
        if (!all.containsKey("content-length") && !all.containsKey("transfer-encoding")) {
            all.put("content-length", Integer.toString(body.length));
        }
        all.put("connection", "close");
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in)
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
        byte[] rest = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = 0;
        while (position < chunked.length) {
            int lineEnd = indexOf(chunked, position);
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

    private static int indexOf(byte[] bytes, int from)
    {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }
}
