package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The signatures that /v3/ec2tokens and /v3/s3tokens check, computed as keystoneclient's Ec2Signer and Keystone's
 * s3tokens compute them: EC2 signature versions 0, 1, 2 (HmacSHA256, or HmacSHA1 when the request names it) and 4,
 * and S3's v1 (HMAC-SHA1 of the string to sign) and v4 (AWS4-HMAC-SHA256 with an s3 scope).
 */
public final class Ec2Signatures
{
    private static final Pattern OLD_BOTO = Pattern.compile("Boto/2.[0-9].[0-2].*");

    private Ec2Signatures() {}

    /** The EC2 request's parts that a signature covers, as the ec2tokens body carries them. */
    public record Ec2Request(Map<String, String> params, String verb, Optional<String> host, Optional<String> path,
            Optional<Map<String, String>> headers, Optional<String> bodyHash)
    {
        public Ec2Request
        {
            params = Map.copyOf(params);
            headers = headers.map(Map::copyOf);
        }

        public Ec2Request withHost(String newHost)
        {
            return new Ec2Request(params, verb, Optional.of(newHost), path, headers, bodyHash);
        }
    }

    /** Parses an ec2tokens {@code credentials} object; 400 for parts of the wrong type or missing where a signature needs them. */
    public static Ec2Request ec2Request(JsonNode credentials)
    {
        JsonNode params = credentials.get("params");
        if (params == null || !params.isObject()) {
            throw ApiException.badRequest("Invalid input for field 'credentials.params': an object is required.");
        }
        Optional<Map<String, String>> headers = Optional.empty();
        JsonNode headersNode = credentials.get("headers");
        if (headersNode != null && !headersNode.isNull()) {
            if (!headersNode.isObject()) {
                throw ApiException.badRequest("Invalid input for field 'credentials.headers': an object is required.");
            }
            headers = Optional.of(strings(headersNode));
        }
        return new Ec2Request(strings(params), text(credentials, "verb").orElse(""), text(credentials, "host"), text(credentials, "path"),
                headers, text(credentials, "body_hash"));
    }

    private static Optional<String> text(JsonNode credentials, String field)
    {
        JsonNode node = credentials.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw ApiException.badRequest("Invalid input for field 'credentials." + field + "': a string is required.");
        }
        return Optional.of(pythonString(node));
    }

    private static Map<String, String> strings(JsonNode object)
    {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), pythonString(field.getValue()));
        }
        return values;
    }

    /** How Python's str() renders a JSON value, as the signer sees a parameter that is not a string. */
    private static String pythonString(JsonNode node)
    {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? "True" : "False";
        }
        if (node.isNull()) {
            return "None";
        }
        return node.toString();
    }

    /** The signature of an EC2 request with this secret; empty when the request names no signature version the signer knows. */
    public static Optional<String> ec2(String secret, Ec2Request request)
    {
        String version = request.params().get("SignatureVersion");
        byte[] key = utf8(secret);
        if ("0".equals(version)) {
            String action = request.params().getOrDefault("Action", "");
            String timestamp = request.params().getOrDefault("Timestamp", "");
            return Optional.of(base64(hmac("HmacSHA1", key, utf8(action + timestamp))));
        }
        if ("1".equals(version)) {
            List<String> keys = new ArrayList<>(request.params().keySet());
            keys.sort(Comparator.comparing(name -> name.toLowerCase(Locale.ROOT)));
            StringBuilder signed = new StringBuilder();
            keys.forEach(name -> signed.append(name).append(request.params().get(name)));
            return Optional.of(base64(hmac("HmacSHA1", key, utf8(signed.toString()))));
        }
        if ("2".equals(version)) {
            Map<String, String> params = new TreeMap<>(request.params());
            // the signer always signs with SHA-256 and says so; a request signed with HmacSHA1 is checked with SHA-1
            String algorithm = "HmacSHA1".equals(params.get("SignatureMethod")) ? "HmacSHA1" : "HmacSHA256";
            params.put("SignatureMethod", algorithm);
            String stringToSign = request.verb() + "\n" + required(request.host(), "host") + "\n" + required(request.path(), "path") + "\n"
                    + canonicalQuery(params);
            return Optional.of(base64(hmac(algorithm, key, utf8(stringToSign))));
        }
        if (isV4(request)) {
            return Optional.of(v4(secret, request));
        }
        return Optional.empty();
    }

    private static boolean isV4(Ec2Request request)
    {
        Optional<String> authorization = request.headers().flatMap(headers -> Optional.ofNullable(headers.get("Authorization")));
        if (authorization.isPresent()) {
            return authorization.get().startsWith("AWS4-HMAC-SHA256");
        }
        return "AWS4-HMAC-SHA256".equals(request.params().get("X-Amz-Algorithm"));
    }

    private static String v4(String secret, Ec2Request request)
    {
        Map<String, String> headers = request.headers()
                .orElseThrow(() -> ApiException.badRequest("Invalid input for field 'credentials.headers': it is required for a v4 signature."));
        String bodyHash = required(request.bodyHash(), "body_hash");
        String path = required(request.path(), "path");
        String signedHeaders = authParameter(request, headers, "SignedHeaders").orElseThrow(Ec2Signatures::invalid);
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT).strip(), value.strip()));
        boolean stripPort = OLD_BOTO.matcher(lower.getOrDefault("user-agent", "")).matches();
        List<String> canonicalHeaders = new ArrayList<>();
        for (String name : signedHeaders.split(";", -1)) {
            if (!lower.containsKey(name)) {
                continue;
            }
            String value = lower.get(name);
            canonicalHeaders.add(name + ":" + (name.equals("host") && stripPort ? value.split(":", -1)[0] : value));
        }
        String verb = request.verb().toUpperCase(Locale.ROOT);
        String query = verb.equals("POST") ? "" : canonicalQuery(new TreeMap<>(request.params()));
        String canonicalRequest = String.join("\n", verb, path, query, String.join("\n", canonicalHeaders) + "\n", signedHeaders, bodyHash);

        String credential = authParameter(request, headers, "Credential").orElseThrow(Ec2Signatures::invalid);
        String[] scope = credential.split("/", -1);
        if (scope.length < 4) {
            throw invalid();
        }
        String date = Optional.ofNullable(headers.get("X-Amz-Date")).or(() -> Optional.ofNullable(request.params().get("X-Amz-Date")))
                .orElseThrow(Ec2Signatures::invalid);
        if (!date.startsWith(scope[1])) {
            throw ApiException.unauthorized("Invalid EC2 signature: the request date does not match the credential scope.");
        }
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", date, String.join("/", List.of(scope).subList(1, scope.length)),
                HexFormat.of().formatHex(sha256(utf8(canonicalRequest))));
        byte[] signingKey = signingKey(secret, scope[1], scope[2], scope[3]);
        return HexFormat.of().formatHex(hmac("HmacSHA256", signingKey, utf8(stringToSign)));
    }

    private static Optional<String> authParameter(Ec2Request request, Map<String, String> headers, String name)
    {
        String authorization = headers.get("Authorization");
        if (authorization != null) {
            int at = authorization.indexOf(name + "=");
            String rest = at < 0 ? "" : authorization.substring(at + name.length() + 1);
            return Optional.of(rest.split(",", -1)[0]);
        }
        return Optional.ofNullable(request.params().get("X-Amz-" + name));
    }

    /** The S3 signature of a base64 (URL-safe) string to sign, as Swift's s3token middleware passes it. */
    public static String s3(String secret, byte[] stringToSign)
    {
        boolean v4 = stringToSign.length >= 4 && new String(stringToSign, 0, 4, StandardCharsets.ISO_8859_1).equals("AWS4");
        if (!v4) {
            return Base64.getEncoder().encodeToString(hmac("HmacSHA1", utf8(secret), stringToSign));
        }
        String[] parts = new String(stringToSign, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 4 || !parts[0].equals("AWS4-HMAC-SHA256")) {
            throw invalid();
        }
        String[] scope = parts[2].split("/", -1);
        if (scope.length != 4 || !scope[2].equals("s3") || !scope[3].equals("aws4_request")) {
            throw invalid();
        }
        return HexFormat.of().formatHex(hmac("HmacSHA256", signingKey(secret, scope[0], scope[1], scope[2]), stringToSign));
    }

    /** Compares in time that does not depend on where the strings differ. */
    public static boolean equal(String expected, String given)
    {
        return MessageDigest.isEqual(utf8(expected), utf8(given));
    }

    private static byte[] signingKey(String secret, String date, String region, String service)
    {
        byte[] key = hmac("HmacSHA256", utf8("AWS4" + secret), utf8(date));
        key = hmac("HmacSHA256", key, utf8(region));
        key = hmac("HmacSHA256", key, utf8(service));
        return hmac("HmacSHA256", key, utf8("aws4_request"));
    }

    /** Sorted by name, each part percent-encoded but for letters, digits and {@code -_.~}, as Python's quote() does. */
    private static String canonicalQuery(Map<String, String> sortedParams)
    {
        List<String> pairs = new ArrayList<>();
        sortedParams.forEach((name, value) -> pairs.add(quote(name) + "=" + quote(value)));
        return String.join("&", pairs);
    }

    private static String quote(String value)
    {
        StringBuilder out = new StringBuilder();
        for (byte b : utf8(value)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            }
            else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String required(Optional<String> value, String field)
    {
        return value.orElseThrow(() -> ApiException.badRequest("Invalid input for field 'credentials." + field + "': it is required for this signature version."));
    }

    private static ApiException invalid()
    {
        return ApiException.unauthorized("Invalid EC2 signature.");
    }

    private static byte[] utf8(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes)
    {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] sha256(byte[] bytes)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data)
    {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // an empty secret is not a valid key for the JDK; no stored secret is empty, but a hostile blob might be
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac.doFinal(data);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }
}
