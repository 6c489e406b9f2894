package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.Caller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading the request bodies of security groups, address groups and QoS as Neutron does: one named entity, attributes
 * the resource does not take are a 400 ({@code Unrecognized attribute(s)}), and each value must have its type.
 */
final class SecurityRequests
{
    private static final int MAX_TEXT = 255;

    private SecurityRequests() {}

    /** The object under {@code name} in the body, with only the allowed attributes. */
    static JsonNode entity(Exchange exchange, String name, Set<String> allowed)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject() || body.size() != 1 || !body.path(name).isObject()) {
            throw badRequest("Resource body required: the request body must be {\"" + name + "\": {...}}.");
        }
        JsonNode entity = body.path(name);
        List<String> unknown = new ArrayList<>();
        entity.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                unknown.add(field.length() > 64 ? field.substring(0, 64) + "..." : field);
            }
        });
        if (!unknown.isEmpty()) {
            throw badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        return entity;
    }

    /** A string attribute when present; null, a number or an object is a 400. */
    static Optional<String> text(JsonNode entity, String field)
    {
        if (!entity.has(field)) {
            return Optional.empty();
        }
        JsonNode value = entity.get(field);
        if (!value.isTextual()) {
            throw badRequest("Invalid input for " + field + ". Reason: '" + shorten(value.toString()) + "' is not a valid string.");
        }
        if (value.asText().length() > MAX_TEXT) {
            throw badRequest("Invalid input for " + field + ". Reason: '" + shorten(value.asText()) + "' exceeds maximum length of " + MAX_TEXT + ".");
        }
        return Optional.of(noNul(field, value.asText()));
    }

    /** A string or null (as none) attribute. */
    static Optional<String> textOrNull(JsonNode entity, String field)
    {
        if (!entity.has(field) || entity.get(field).isNull()) {
            return Optional.empty();
        }
        return text(entity, field);
    }

    /** A scalar attribute (string or number) in its text form, null as none; a boolean, object or array is a 400. */
    static Optional<String> scalar(JsonNode entity, String field)
    {
        if (!entity.has(field) || entity.get(field).isNull()) {
            return Optional.empty();
        }
        JsonNode value = entity.get(field);
        if (value.isTextual()) {
            return Optional.of(shorten(noNul(field, value.asText())));
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Optional.of(String.valueOf(value.asLong()));
        }
        if (value.isNumber()) {
            return Optional.of(shorten(value.asText()));
        }
        throw badRequest("Invalid input for " + field + ". Reason: '" + shorten(value.toString()) + "' is not a valid value.");
    }

    /** A boolean attribute; Neutron also takes "true"/"false" and 0/1. */
    static Optional<Boolean> bool(JsonNode entity, String field)
    {
        if (!entity.has(field)) {
            return Optional.empty();
        }
        JsonNode value = entity.get(field);
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(value.asText().toLowerCase(java.util.Locale.ROOT)));
        }
        if (value.isIntegralNumber() && (value.asLong() == 0 || value.asLong() == 1)) {
            return Optional.of(value.asLong() == 1);
        }
        throw badRequest("Invalid input for " + field + ". Reason: '" + shorten(value.toString()) + "' is not a valid boolean value.");
    }

    /** A list of strings, e.g. addresses. */
    static List<String> strings(JsonNode entity, String field)
    {
        JsonNode value = entity.get(field);
        if (value == null || !value.isArray()) {
            throw badRequest("Invalid input for " + field + ". Reason: a list of strings is required.");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw badRequest("Invalid input for " + field + ". Reason: '" + shorten(item.toString()) + "' is not a valid string.");
            }
            values.add(noNul(field, item.asText()));
        }
        return values;
    }

    /** A NUL character, which no PostgreSQL text column holds, is a 400 here rather than a database error. */
    private static String noNul(String field, String text)
    {
        if (text.indexOf('\u0000') >= 0) {
            throw badRequest("Invalid input for " + field + ". Reason: a NUL character is not allowed.");
        }
        return text;
    }

    /**
     * The project a new resource belongs to: the caller's, or the {@code project_id} (or {@code tenant_id}) of the body,
     * which must agree when both are given.
     */
    static String owner(Exchange exchange, JsonNode entity)
    {
        Optional<String> project = textOrNull(entity, "project_id");
        Optional<String> tenant = textOrNull(entity, "tenant_id");
        if (project.isPresent() && tenant.isPresent() && !project.equals(tenant)) {
            throw badRequest("'project_id' and 'tenant_id' do not match");
        }
        return project.or(() -> tenant).orElseGet(() -> callerProject(exchange.auth()));
    }

    static String callerProject(AuthContext auth)
    {
        return auth.projectId().orElse("");
    }

    static Caller scope(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        return new Caller(callerProject(auth), auth.isAdmin());
    }

    /** The policy target of a resource of {@code projectId}. */
    static Map<String, Object> target(String projectId)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", projectId);
        target.put("tenant_id", projectId);
        return target;
    }

    static ApiException badRequest(String message)
    {
        return new ApiException(NetworkErrorCode.BAD_REQUEST, message);
    }

    static String shorten(String text)
    {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
