package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.network.service.Caller;
import io.xloud.network.service.NetworkErrorCode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Neutron's request bodies: {@code {"network": {...}}} (or {@code {"networks": [...]}} for a bulk create), with every
 * attribute checked for its type and length and unknown attributes refused, all as 400s in Neutron's format.
 */
public final class Bodies
{
    public static final int MAX_BULK = 1000;

    private Bodies() {}

    public static Caller caller(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        return new Caller(auth.projectId().orElse(""), auth.isAdmin());
    }

    public static ApiException invalid(String message)
    {
        return new ApiException(NetworkErrorCode.BAD_REQUEST, message);
    }

    /** The resources of a create: one ({@code singular}) or many ({@code plural}, a bulk create). */
    public static List<ObjectNode> creates(Exchange exchange, String singular, String plural)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject()) {
            throw invalid("Resource body required");
        }
        if (body.has(plural)) {
            JsonNode items = body.get(plural);
            if (!items.isArray() || items.isEmpty()) {
                throw invalid("Resources required");
            }
            if (items.size() > MAX_BULK) {
                throw invalid("At most " + MAX_BULK + " resources may be created at once.");
            }
            List<ObjectNode> all = new ArrayList<>();
            for (JsonNode item : items) {
                if (!item.isObject()) {
                    throw invalid("Invalid format: every item of '" + plural + "' must be an object.");
                }
                all.add((ObjectNode) item);
            }
            return all;
        }
        return List.of(one(body, singular));
    }

    public static boolean bulk(Exchange exchange, String plural)
    {
        return exchange.readJson().has(plural);
    }

    /** The object of an update (or single create). */
    public static ObjectNode one(Exchange exchange, String singular)
    {
        JsonNode body = exchange.readJson();
        if (!body.isObject()) {
            throw invalid("Resource body required");
        }
        return one(body, singular);
    }

    private static ObjectNode one(JsonNode body, String singular)
    {
        JsonNode item = body.get(singular);
        if (item == null) {
            throw invalid("Unable to find '" + singular + "' in request body");
        }
        if (!item.isObject()) {
            throw invalid("Invalid format: '" + singular + "' must be an object.");
        }
        return (ObjectNode) item;
    }

    /** Refuses attributes the resource does not have (400 {@code Unrecognized attribute(s)}), and those it has but the operation does not take. */
    public static void only(ObjectNode node, Set<String> known, Set<String> forbidden, String operation)
    {
        Set<String> unknown = new TreeSet<>();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (forbidden.contains(name)) {
                throw invalid(operation.equals("POST") ? "Attribute '" + name + "' not allowed in POST"
                        : "Cannot update read-only attribute " + name);
            }
            if (!known.contains(name)) {
                unknown.add(name.length() > 64 ? name.substring(0, 64) + "..." : name);
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
    }

    public static boolean has(ObjectNode node, String name)
    {
        return node.has(name);
    }

    /** A string attribute of at most {@code max} characters; JSON null is absent when {@code nullIsEmpty}, else a 400. */
    public static Optional<String> string(ObjectNode node, String name, int max)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            throw invalid("Invalid input for " + name + ". Reason: 'None' is not a valid string.");
        }
        if (!value.isTextual()) {
            throw invalid("Invalid input for " + name + ". Reason: '" + shorten(value.toString()) + "' is not a valid string.");
        }
        String text = value.asText();
        if (text.indexOf('\u0000') >= 0) {
            throw invalid("Invalid input for " + name + ". Reason: a NUL character is not allowed.");
        }
        if (text.length() > max) {
            throw invalid("Invalid input for " + name + ". Reason: '" + shorten(text) + "' exceeds maximum length of " + max + ".");
        }
        return Optional.of(text);
    }

    /** A string attribute that may be JSON null (which clears it). Outer empty: absent. */
    public static Optional<Optional<String>> nullableString(ObjectNode node, String name, int max)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        return Optional.of(string(node, name, max));
    }

    /** A boolean as neutron-lib converts one: true/false, "true"/"false" in any case, 0/1 and "0"/"1". */
    public static Optional<Boolean> bool(ObjectNode node, String name)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        if (value.isInt() && (value.asInt() == 0 || value.asInt() == 1)) {
            return Optional.of(value.asInt() == 1);
        }
        if (value.isTextual()) {
            switch (value.asText().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> {
                    return Optional.of(true);
                }
                case "false", "0" -> {
                    return Optional.of(false);
                }
                default -> { }
            }
        }
        throw invalid("Invalid input for " + name + ". Reason: '" + shorten(value.toString()) + "' cannot be converted to boolean.");
    }

    /** An integer (or a string of digits) within bounds. */
    public static Optional<Integer> integer(ObjectNode node, String name, long min, long max)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.asLong();
        }
        else if (value.isTextual() && value.asText().matches("-?\\d{1,10}")) {
            number = Long.parseLong(value.asText());
        }
        else {
            throw invalid("Invalid input for " + name + ". Reason: '" + shorten(value.toString()) + "' is not an integer.");
        }
        if (number < min || number > max) {
            throw invalid("Invalid input for " + name + ". Reason: '" + number + "' is not in range " + min + " through " + max + ".");
        }
        return Optional.of((int) number);
    }

    /** A list of strings. */
    public static Optional<List<String>> strings(ObjectNode node, String name, int maxItems, int maxLength)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw invalid("Invalid input for " + name + ". Reason: '" + shorten(value.toString()) + "' is not a list.");
        }
        if (value.size() > maxItems) {
            throw invalid("Invalid input for " + name + ". Reason: more than " + maxItems + " items.");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().length() > maxLength || item.asText().indexOf('\u0000') >= 0) {
                throw invalid("Invalid input for " + name + ". Reason: '" + shorten(item.toString()) + "' is not a valid string.");
            }
            items.add(item.asText());
        }
        return Optional.of(items);
    }

    /** A list of objects, or absent; JSON null counts as an empty list when {@code nullIsEmpty}. */
    public static Optional<List<ObjectNode>> objects(ObjectNode node, String name, int maxItems, boolean nullIsEmpty)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull() && nullIsEmpty) {
            return Optional.of(List.of());
        }
        if (!value.isArray()) {
            throw invalid("Invalid input for " + name + ". Reason: '" + shorten(value.toString()) + "' is not a list.");
        }
        if (value.size() > maxItems) {
            throw invalid("Invalid input for " + name + ". Reason: more than " + maxItems + " items.");
        }
        List<ObjectNode> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw invalid("Invalid input for " + name + ". Reason: '" + shorten(item.toString()) + "' is not a dictionary.");
            }
            items.add((ObjectNode) item);
        }
        return Optional.of(items);
    }

    /** A JSON object attribute as a map of plain values (binding:profile). */
    public static Optional<Map<String, Object>> map(ObjectNode node, String name)
    {
        JsonNode value = node.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of(Map.of());
        }
        if (!value.isObject()) {
            throw invalid("Invalid input for " + name + ". Reason: '" + shorten(value.toString()) + "' is not a dictionary.");
        }
        if (value.toString().length() > 4000) {
            throw invalid("Invalid input for " + name + ". Reason: too large.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = io.xloud.core.json.Json.mapper().convertValue(value, LinkedHashMap.class);
        return Optional.of(map);
    }

    /** The project a create is for: the body's project_id or tenant_id (which must agree), else the caller's. */
    public static String project(ObjectNode node, Caller caller)
    {
        Optional<String> project = string(node, "project_id", 255);
        Optional<String> tenant = string(node, "tenant_id", 255);
        if (project.isPresent() && tenant.isPresent() && !project.get().equals(tenant.get())) {
            throw invalid("'project_id' and 'tenant_id' do not match");
        }
        String chosen = project.or(() -> tenant).orElse(caller.projectId());
        if (chosen.isEmpty()) {
            throw invalid("Invalid input: a project is required (the token has no project).");
        }
        return chosen;
    }

    static String shorten(String text)
    {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
