package io.xloud.objectstore.s3;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The policy of a browser POST upload: a base64 JSON document with an {@code expiration} and the
 * {@code conditions} every form field must meet ({@code {"field": "value"}}, {@code ["eq", "$field", "value"]},
 * {@code ["starts-with", "$field", "prefix"]}, {@code ["content-length-range", min, max]}).
 * Field names are compared without regard to case; every field of the form but a few must be named by a condition.
 */
public final class PostPolicy
{
    /** Form fields that need no condition (AWSAccessKeyId and signature: a form signed with Signature Version 2). */
    private static final Set<String> FREE_FIELDS = Set.of("x-amz-signature", "file", "policy", "awsaccesskeyid", "signature");

    private final Instant expiration;
    private final List<Condition> conditions;
    private final long minLength;
    private final long maxLength;

    /** One condition: {@code operator} is eq or starts-with, {@code field} without its $ and lowercase. */
    public record Condition(String operator, String field, String value, String text) {}

    private PostPolicy(Instant expiration, List<Condition> conditions, long minLength, long maxLength)
    {
        this.expiration = expiration;
        this.conditions = List.copyOf(conditions);
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /** @throws io.xloud.core.error.ApiException InvalidPolicyDocument when it is not base64 JSON of the right form */
    public static PostPolicy parse(String base64)
    {
        requireNonNull(base64, "base64 is null");
        JsonNode document;
        try {
            document = Json.mapper().readTree(Base64.getMimeDecoder().decode(base64.strip()));
        }
        catch (IllegalArgumentException | IOException e) {
            throw invalid("Invalid Policy: Invalid JSON.");
        }
        if (document == null || !document.isObject()) {
            throw invalid("Invalid Policy: Invalid JSON.");
        }
        Instant expiration;
        try {
            expiration = Instant.parse(document.path("expiration").asText(""));
        }
        catch (DateTimeParseException e) {
            throw invalid("Invalid Policy: Invalid 'expiration' value: '" + document.path("expiration").asText("") + "'");
        }
        JsonNode list = document.get("conditions");
        if (list == null || !list.isArray()) {
            throw invalid("Invalid Policy: Policy missing conditions.");
        }
        List<Condition> conditions = new ArrayList<>();
        long min = 0;
        long max = Long.MAX_VALUE;
        for (JsonNode condition : list) {
            String text = Json.string(condition);
            if (condition.isObject()) {
                if (condition.size() != 1) {
                    throw invalid("Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.");
                }
                Map.Entry<String, JsonNode> entry = condition.properties().iterator().next();
                if (!entry.getValue().isValueNode()) {
                    throw invalid("Invalid Policy: Invalid Simple-Condition: value must be a string.");
                }
                conditions.add(new Condition("eq", entry.getKey().toLowerCase(Locale.ROOT), entry.getValue().asText(), text));
                continue;
            }
            if (!condition.isArray() || condition.size() != 3) {
                throw invalid("Invalid Policy: Invalid Condition: " + text);
            }
            String operator = condition.get(0).asText("").toLowerCase(Locale.ROOT);
            if (operator.equals("content-length-range")) {
                min = number(condition.get(1), text);
                max = number(condition.get(2), text);
                if (min > max) {
                    throw invalid("Invalid Policy: Invalid content-length-range: " + text);
                }
                continue;
            }
            if (!operator.equals("eq") && !operator.equals("starts-with")) {
                throw invalid("Invalid Policy: Invalid Condition: unknown operation " + condition.get(0).asText(""));
            }
            String field = condition.get(1).asText("");
            if (!field.startsWith("$") || !condition.get(2).isValueNode()) {
                throw invalid("Invalid Policy: Invalid Condition: " + text);
            }
            conditions.add(new Condition(operator, field.substring(1).toLowerCase(Locale.ROOT), condition.get(2).asText(), text));
        }
        return new PostPolicy(expiration, conditions, min, max);
    }

    private static long number(JsonNode node, String text)
    {
        try {
            long value = node.isNumber() ? node.asLong() : Long.parseLong(node.asText().strip());
            if (value >= 0) {
                return value;
            }
        }
        catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw invalid("Invalid Policy: Invalid content-length-range: " + text);
    }

    public Instant expiration()
    {
        return expiration;
    }

    public List<Condition> conditions()
    {
        return conditions;
    }

    /** The smallest file the policy accepts; 0 when it sets no range. */
    public long minLength()
    {
        return minLength;
    }

    /** The largest file the policy accepts; Long.MAX_VALUE when it sets no range. */
    public long maxLength()
    {
        return maxLength;
    }

    /**
     * Checks the form against the policy.
     *
     * @param fields the form fields by lowercase name, the file excluded
     * @param bucket the bucket the form was posted to
     * @throws io.xloud.core.error.ApiException AccessDenied "Invalid according to Policy: ..." on the first failure
     */
    public void check(Map<String, String> fields, String bucket, Instant now)
    {
        if (!now.isBefore(expiration)) {
            throw denied("Policy expired.");
        }
        Set<String> covered = new HashSet<>();
        for (Condition condition : conditions) {
            covered.add(condition.field());
            String actual = condition.field().equals("bucket") ? bucket : fields.getOrDefault(condition.field(), "");
            boolean met = switch (condition.operator()) {
                case "eq" -> actual.equals(condition.value());
                case "starts-with" -> startsWith(condition.field(), actual, condition.value());
                default -> false;
            };
            if (!met) {
                throw denied("Policy Condition failed: " + condition.text());
            }
        }
        List<String> extra = new ArrayList<>();
        for (String field : fields.keySet()) {
            if (!covered.contains(field) && !FREE_FIELDS.contains(field) && !field.startsWith("x-ignore-")) {
                extra.add(field);
            }
        }
        if (!extra.isEmpty()) {
            extra.sort(null);
            throw denied("Extra input fields: " + String.join(", ", extra));
        }
    }

    /** Content-Type may list several types; each must start with the prefix. */
    private static boolean startsWith(String field, String actual, String prefix)
    {
        if (field.equals("content-type") && actual.contains(",")) {
            for (String type : actual.split(",")) {
                if (!type.strip().startsWith(prefix)) {
                    return false;
                }
            }
            return true;
        }
        return actual.startsWith(prefix);
    }

    /** The policy's signature: hex HMAC-SHA256 of the base64 document under the SigV4 signing key. */
    public static String signature(byte[] signingKey, String base64Policy)
    {
        return SignatureV4.hex(SignatureV4.hmac(signingKey, base64Policy));
    }

    /** Base64 of a JSON document, as a form carries it. */
    public static String encode(String json)
    {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static io.xloud.core.error.ApiException denied(String reason)
    {
        return S3ErrorCode.ACCESS_DENIED.exception("Invalid according to Policy: " + reason);
    }

    private static io.xloud.core.error.ApiException invalid(String message)
    {
        return S3ErrorCode.INVALID_POLICY_DOCUMENT.exception(message);
    }
}
