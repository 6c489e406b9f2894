package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.service.ObjectErrorCode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Swift's TempURL: {@code ?temp_url_sig=&temp_url_expires=} signs one method on one object (or, with
 * {@code temp_url_prefix}, on every object under a prefix) with HMAC-SHA1, -SHA256 or -SHA512 of
 * {@code METHOD\nexpires\npath}, keyed by the account's or the container's {@code Temp-URL-Key} (or -2).
 * The path is accepted with or without this server's {@code /object-store} prefix.
 */
final class TempUrl
{
    static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "POST", "DELETE");
    static final List<String> DIGESTS = List.of("sha1", "sha256", "sha512");

    private TempUrl() {}

    static boolean present(Exchange exchange)
    {
        return exchange.hasQuery("temp_url_sig") || exchange.hasQuery("temp_url_expires");
    }

    /** Checks the signature of the request; 401 unless it is valid, unexpired and for this method and object. */
    static void authorize(Exchange exchange, SwiftPath path, List<String> keys, long nowSeconds)
    {
        String signature = exchange.query("temp_url_sig").orElseThrow(TempUrl::invalid);
        long expires = expires(exchange.query("temp_url_expires").orElseThrow(TempUrl::invalid));
        if (expires < nowSeconds || keys.isEmpty() || !path.isObject()) {
            throw invalid();
        }
        Optional<String> prefix = exchange.query("temp_url_prefix");
        String object = path.object().orElseThrow();
        if (prefix.isPresent() && !object.startsWith(prefix.get())) {
            throw invalid();
        }
        String method = exchange.method();
        // a HEAD may use a URL signed for GET, HEAD or PUT
        List<String> methods = method.equals("HEAD") ? List.of("HEAD", "GET", "PUT") : List.of(method);
        if (!METHODS.contains(method)) {
            throw invalid();
        }
        List<String> paths = new ArrayList<>();
        String v1 = "/v1/" + path.account() + "/" + path.containerName() + "/" + (prefix.isPresent() ? prefix.get() : object);
        paths.add(v1);
        paths.add("/object-store" + v1);
        for (String m : methods) {
            for (String p : paths) {
                String body = m + "\n" + exchange.query("temp_url_expires").orElseThrow() + "\n" + (prefix.isPresent() ? "prefix:" + p : p);
                for (String key : keys) {
                    if (signatureMatches(signature, key, body)) {
                        return;
                    }
                }
            }
        }
        throw invalid();
    }

    /** Checks a signature in any of Swift's forms: hex (the digest known by its length) or {@code <digest>:<base64>}. */
    static boolean signatureMatches(String signature, String key, String body)
    {
        String digest;
        byte[] given;
        int colon = signature.indexOf(':');
        try {
            if (colon > 0) {
                digest = signature.substring(0, colon).toLowerCase(Locale.ROOT);
                String encoded = signature.substring(colon + 1).replace('-', '+').replace('_', '/');
                given = Base64.getMimeDecoder().decode(encoded);
            }
            else {
                digest = switch (signature.length()) {
                    case 40 -> "sha1";
                    case 64 -> "sha256";
                    case 128 -> "sha512";
                    default -> "";
                };
                given = HexFormat.of().parseHex(signature.toLowerCase(Locale.ROOT));
            }
        }
        catch (IllegalArgumentException e) {
            return false;
        }
        if (!DIGESTS.contains(digest)) {
            return false;
        }
        return MessageDigest.isEqual(hmac(digest, key, body), given);
    }

    static byte[] hmac(String digest, String key, String body)
    {
        String algorithm = switch (digest) {
            case "sha1" -> "HmacSHA1";
            case "sha256" -> "HmacSHA256";
            case "sha512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException(digest);
        };
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long expires(String value)
    {
        try {
            return Long.parseLong(value.strip());
        }
        catch (NumberFormatException e) {
            try {
                return Instant.parse(value.strip()).getEpochSecond();
            }
            catch (DateTimeParseException ignored) {
                throw invalid();
            }
        }
    }

    private static ApiException invalid()
    {
        return new ApiException(ObjectErrorCode.UNAUTHORIZED, "401 Unauthorized: Temp URL invalid\n");
    }

    /** The Content-Disposition of a TempURL download: inline with ?inline, else an attachment named for the object. */
    static String disposition(Exchange exchange, String objectName)
    {
        Optional<String> filename = exchange.query("filename").filter(name -> !name.isEmpty());
        if (exchange.hasQuery("inline")) {
            return filename.map(name -> "inline; filename=\"" + name.replace("\"", "\\\"") + "\"").orElse("inline");
        }
        String name = filename.orElseGet(() -> {
            String base = objectName.endsWith("/") ? objectName.substring(0, objectName.length() - 1) : objectName;
            return base.substring(base.lastIndexOf('/') + 1);
        });
        return "attachment; filename=\"" + name.replace("\"", "\\\"") + "\"; filename*=UTF-8''" + SwiftPath.quote(name).replace("/", "%2F");
    }

    /** Headers a TempURL response leaves out: the object's metadata, but for X-Object-Meta-Public-*. */
    static final Set<String> KEPT_META_PREFIXES = Set.of("public-");
}
