package io.xloud.objectstore.s3;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AWS Signature Version 2 (S3's "REST authentication"): the base64 HMAC-SHA1 of a string to sign made of the
 * verb, Content-MD5, Content-Type, the date (or a presigned URL's Expires), the canonical {@code x-amz-*}
 * headers and the canonical resource, which keeps only S3's sub-resources of the query.
 */
public final class SignatureV2
{
    /** The query parameters that are part of the resource: AWS's list, with the ones botocore and MinIO add. */
    public static final Set<String> SUB_RESOURCES = Set.of("accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete",
            "encryption", "inventory", "legal-hold", "lifecycle", "location", "logging", "metrics", "notification", "object-lock",
            "partNumber", "policy", "replication", "requestPayment", "response-cache-control", "response-content-disposition",
            "response-content-encoding", "response-content-language", "response-content-type", "response-expires", "restore",
            "retention", "select", "select-type", "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
            "versions", "website");

    private SignatureV2() {}

    /**
     * The string to sign.
     *
     * @param date the Date header, empty when x-amz-date stands for it, or a presigned URL's Expires
     * @param amzHeaders the {@code x-amz-*} headers by lowercase name, each with its values in the order sent
     */
    public static String stringToSign(String method, String contentMd5, String contentType, String date, Map<String, List<String>> amzHeaders,
            String canonicalResource)
    {
        StringBuilder text = new StringBuilder();
        text.append(method).append('\n')
                .append(contentMd5.strip()).append('\n')
                .append(contentType.strip()).append('\n')
                .append(date.strip()).append('\n');
        new TreeMap<>(amzHeaders).forEach((name, values) -> {
            List<String> trimmed = new ArrayList<>();
            for (String value : values) {
                trimmed.add(value.strip().replaceAll("\\s*\\r?\\n\\s*", " "));
            }
            text.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        });
        return text.append(canonicalResource).toString();
    }

    /** The {@code x-amz-*} headers of a request by lowercase name, from its header names. */
    public static Map<String, List<String>> amzHeaders(Collection<String> names, RequestHeaders headers)
    {
        Map<String, List<String>> amz = new TreeMap<>();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-") && !amz.containsKey(lower)) {
                amz.put(lower, headers.values(lower));
            }
        }
        return amz;
    }

    /**
     * The canonical resource: the path as sent (still percent-encoded), then the sub-resources of the query
     * sorted by name, their values decoded, signature parameters and everything else left out.
     */
    public static String canonicalResource(String rawPath, String rawQuery)
    {
        List<String[]> kept = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (SUB_RESOURCES.contains(name)) {
                    kept.add(new String[] {name, equals < 0 ? null : new String(SignatureV4.percentDecode(pair.substring(equals + 1), false),
                            StandardCharsets.UTF_8)});
                }
            }
        }
        kept.sort((left, right) -> left[0].compareTo(right[0]));
        StringBuilder resource = new StringBuilder(rawPath.isEmpty() ? "/" : rawPath);
        for (int i = 0; i < kept.size(); i++) {
            resource.append(i == 0 ? '?' : '&').append(kept.get(i)[0]);
            if (kept.get(i)[1] != null) {
                resource.append('=').append(kept.get(i)[1]);
            }
        }
        return resource.toString();
    }

    /** The base64 HMAC-SHA1 of the string to sign under the secret. */
    public static String sign(String secret, String stringToSign)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** Compares two base64 signatures, exactly (base64 is case-sensitive), in time independent of where they differ. */
    public static boolean sameSignature(String expected, String actual)
    {
        return actual != null && java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    /** The string to sign as AWS shows it in SignatureDoesNotMatch: its bytes in hex, space-separated. */
    public static String bytes(String stringToSign)
    {
        StringBuilder hex = new StringBuilder();
        for (byte b : stringToSign.getBytes(StandardCharsets.UTF_8)) {
            if (!hex.isEmpty()) {
                hex.append(' ');
            }
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}
