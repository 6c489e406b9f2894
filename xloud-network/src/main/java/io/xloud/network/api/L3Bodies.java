package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.network.service.Ip;
import io.xloud.network.service.NetworkErrorCode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reading the bodies of routers, floating IPs and port forwardings as Neutron's attribute validators do: the one
 * resource key, no attribute Neutron would not recognise, every value of its type, 400 ({@code HTTPBadRequest}) otherwise.
 */
final class L3Bodies
{
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    static final int MAX_NAME = 255;

    private L3Bodies() {}

    static ApiException invalid(String message)
    {
        return new ApiException(NetworkErrorCode.BAD_REQUEST, message);
    }

    static ApiException invalid(String attribute, String reason)
    {
        return invalid("Invalid input for " + attribute + ". Reason: " + reason);
    }

    /** The object under {@code resource}, with only the attributes allowed for this operation. */
    static JsonNode resource(Exchange exchange, String resource, Set<String> allowed, String operation)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject()) {
            throw invalid("Body contains invalid data");
        }
        JsonNode node = body.get(resource);
        if (node == null) {
            throw invalid("Unable to find '" + resource + "' in request body");
        }
        if (!node.isObject()) {
            throw invalid("Invalid input for " + resource + ". Reason: the resource must be an object.");
        }
        List<String> unknown = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid("Unrecognized attribute(s) '" + shorten(String.join(", ", unknown)) + "'");
        }
        return node;
    }

    /** Attributes a client may not set in this operation: Neutron's "Attribute 'x' not allowed in POST". */
    static void refuse(JsonNode node, Set<String> readOnly, String method)
    {
        for (String name : readOnly) {
            if (node.has(name)) {
                throw invalid("Attribute '" + name + "' not allowed in " + method);
            }
        }
    }

    static String shorten(String text)
    {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    static Optional<String> string(JsonNode node, String name, int maxLength)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(name, "'" + shorten(value.toString()) + "' is not a valid string");
        }
        if (value.asText().length() > maxLength) {
            throw invalid(name, "'" + shorten(value.asText()) + "' exceeds maximum length of " + maxLength);
        }
        return Optional.of(value.asText());
    }

    /** Neutron's convert_to_boolean: true/false, their strings, 1/0. */
    static Optional<Boolean> bool(JsonNode node, String name)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        if (value.isTextual() || value.isInt()) {
            switch (value.asText().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> {
                    return Optional.of(true);
                }
                case "false", "0" -> {
                    return Optional.of(false);
                }
                default -> {
                }
            }
        }
        throw invalid(name, "'" + shorten(value.toString()) + "' cannot be converted to boolean");
    }

    static boolean isUuid(String text)
    {
        return UUID.matcher(text).matches();
    }

    static String uuid(JsonNode value, String name)
    {
        if (value == null || !value.isTextual() || !isUuid(value.asText())) {
            throw invalid(name, "'" + (value == null ? "None" : shorten(value.asText(value.toString()))) + "' is not a valid UUID");
        }
        return value.asText();
    }

    /** A UUID attribute that may be absent or null (both empty). */
    static Optional<String> uuidOrNone(JsonNode node, String name)
    {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(uuid(value, name));
    }

    /** An IP address attribute that may be absent or null, in its canonical spelling. */
    static Optional<String> ipOrNone(JsonNode node, String name)
    {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(name, "'" + shorten(value.toString()) + "' is not a valid IP address");
        }
        return Optional.of(Ip.parse(value.asText()).map(Ip::format)
                .orElseThrow(() -> invalid(name, "'" + shorten(value.asText()) + "' is not a valid IP address")));
    }

    /**
     * The project a create is for: {@code project_id} or {@code tenant_id} (equal when both are given), else the
     * caller's. Whether the caller may create for it is the policy's question.
     */
    static String project(Exchange exchange, JsonNode node)
    {
        Optional<String> project = string(node, "project_id", MAX_NAME);
        Optional<String> tenant = string(node, "tenant_id", MAX_NAME);
        if (project.isPresent() && tenant.isPresent() && !project.get().equals(tenant.get())) {
            throw invalid("'project_id' and 'tenant_id' do not match");
        }
        return project.or(() -> tenant).filter(value -> !value.isEmpty())
                .or(() -> exchange.auth().projectId())
                .orElseThrow(() -> invalid("'project_id' is required: the token is not scoped to a project"));
    }
}
