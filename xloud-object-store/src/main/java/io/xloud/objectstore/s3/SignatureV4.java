package io.xloud.objectstore.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The pieces of AWS Signature Version 4 as AWS defines them: the canonical request, the string to
 * sign and the derived signing key. Used to verify requests and, in tests, to sign them.
 */
public final class SignatureV4
{
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** {@code x-amz-date}'s ISO 8601 basic form, always UTC. */
    public static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final HexFormat HEX = HexFormat.of();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
    /**
     * Derived keys by secret and scope: a key is good for one day, one region and one service, and deriving it
     * takes four HMACs, which every request of a client repeats. A rotated or deleted secret is never looked up
     * again, so its keys only wait to age out.
     */
    private static final Cache<KeyScope, byte[]> SIGNING_KEYS = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    private SignatureV4() {}

    // ---- canonical request

    /**
     * The canonical URI of a path as sent: percent-escapes are decoded to bytes and every byte but the
     * unreserved ones and '/' is encoded again, once. This is what the SDKs sign for S3 (no double encoding,
     * no dot-segment normalization), whichever characters the client chose to escape on the wire.
     */
    public static String canonicalUri(String rawPath)
    {
        if (rawPath.isEmpty()) {
            return "/";
        }
        return uriEncode(percentDecode(rawPath, false), true);
    }

    /**
     * The canonical query string: parameters decoded, each name and value encoded as AWS's UriEncode does,
     * sorted by name and then value; a parameter without '=' has an empty value. {@code excluded} (the
     * presigned signature itself) is left out.
     */
    public static String canonicalQuery(String rawQuery, String excluded)
    {
        return canonicalQuery(parseQuery(rawQuery), excluded);
    }

    /** The canonical query string of parameters already decoded ({@link #parseQuery}). */
    public static String canonicalQuery(List<Map.Entry<String, String>> parameters, String excluded)
    {
        List<Map.Entry<String, String>> encoded = new ArrayList<>();
        for (Map.Entry<String, String> parameter : parameters) {
            if (parameter.getKey().equals(excluded)) {
                continue;
            }
            encoded.add(Map.entry(
                    uriEncode(parameter.getKey().getBytes(StandardCharsets.UTF_8), false),
                    uriEncode(parameter.getValue().getBytes(StandardCharsets.UTF_8), false)));
        }
        encoded.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> parameter : encoded) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(parameter.getKey()).append('=').append(parameter.getValue());
        }
        return query.toString();
    }

    /** Query parameters in the order sent, decoded as a form is ('+' is a space), so they read as the handlers read them. */
    public static List<Map.Entry<String, String>> parseQuery(String rawQuery)
    {
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(Map.entry(decodeQueryComponent(name), decodeQueryComponent(value)));
        }
        return parameters;
    }

    private static String decodeQueryComponent(String component)
    {
        return new String(percentDecode(component, true), StandardCharsets.UTF_8);
    }

    /**
     * The canonical headers block: for each signed header, in the order signed, its lowercase name, a colon
     * and its values trimmed, inner runs of white space made one space, joined by commas; each line ends in a newline.
     */
    public static String canonicalHeaders(List<String> signedHeaders, RequestHeaders headers)
    {
        StringBuilder block = new StringBuilder();
        for (String name : signedHeaders) {
            block.append(name).append(':');
            List<String> values = headers.values(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    block.append(',');
                }
                appendTrimmed(block, values.get(i));
            }
            block.append('\n');
        }
        return block.toString();
    }

    private static void appendTrimmed(StringBuilder block, String value)
    {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace) {
                block.append(' ');
                pendingSpace = false;
            }
            block.append(c);
            started = true;
        }
    }

    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery, String canonicalHeaders,
            List<String> signedHeaders, String payloadHash)
    {
        return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n'
                + String.join(";", signedHeaders) + '\n' + payloadHash;
    }

    public static String stringToSign(String timestamp, CredentialScope scope, String canonicalRequest)
    {
        return ALGORITHM + '\n' + timestamp + '\n' + scope + '\n' + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    // ---- keys and digests

    public static byte[] signingKey(String secret, CredentialScope scope)
    {
        return SIGNING_KEYS.get(new KeyScope(secret, scope), SignatureV4::deriveKey).clone();
    }

    /** A cache key that never shows its secret. */
    private record KeyScope(String secret, CredentialScope scope)
    {
        @Override
        public String toString()
        {
            return scope.toString();
        }
    }

    private static byte[] deriveKey(KeyScope key)
    {
        String secret = key.secret();
        CredentialScope scope = key.scope();
        byte[] dateKey = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
        byte[] regionKey = hmac(dateKey, scope.region());
        byte[] serviceKey = hmac(regionKey, scope.service());
        return hmac(serviceKey, CredentialScope.TERMINATOR);
    }

    /** The lowercase hex HMAC-SHA256 of a string to sign. */
    public static String sign(byte[] signingKey, String stringToSign)
    {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    public static byte[] hmac(byte[] key, String data)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }

    public static MessageDigest sha256()
    {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    public static String sha256Hex(byte[] data)
    {
        return HEX.formatHex(sha256().digest(data));
    }

    public static String hex(byte[] bytes)
    {
        return HEX.formatHex(bytes);
    }

    /** Compares two hex signatures in time independent of where they differ, ignoring case. */
    public static boolean sameSignature(String expected, String actual)
    {
        if (actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    // ---- encoding

    /** AWS's UriEncode of bytes: A-Z a-z 0-9 - . _ ~ stay, '/' stays when asked, every other byte is %XX in upper case. */
    public static String uriEncode(byte[] bytes, boolean keepSlash)
    {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/')) {
                out.append((char) c);
            }
            else {
                out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** Decodes %XX escapes to bytes; a '%' that starts no escape stays as it is, other characters are taken as UTF-8. */
    static byte[] percentDecode(String value, boolean plusIsSpace)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                int high = Character.digit(value.charAt(i + 1), 16);
                int low = Character.digit(value.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    out.write((high << 4) | low);
                    i += 2;
                    continue;
                }
            }
            if (c == '+' && plusIsSpace) {
                out.write(' ');
            }
            else if (c < 0x80) {
                out.write(c);
            }
            else {
                int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
                byte[] encoded = value.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
        return out.toByteArray();
    }
}
