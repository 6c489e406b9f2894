package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.network.service.PoolErrorCode;
import io.xloud.network.service.Requester;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading Neutron request bodies for subnet pools, address scopes, RBAC policies and metering: {@code {"<resource>": {...}}}
 * with only known attributes, typed as Neutron validates them, each failure a 400 in Neutron's words.
 */
final class PoolBodies
{
    static final int MAX_NAME = 255;

    private final JsonNode item;
    private final String resource;

    /** The resource object of the body, as sent. */
    JsonNode item()
    {
        return item;
    }

    private PoolBodies(String resource, JsonNode item)
    {
        this.resource = resource;
        this.item = item;
    }

    /** The object under {@code resource}; attributes outside {@code allowed} are a 400, as Neutron's are. */
    static PoolBodies read(Exchange exchange, String resource, Set<String> allowed)
    {
        JsonNode body = exchange.readJson();
        JsonNode item = body.get(resource);
        if (!body.isObject() || item == null || !item.isObject()) {
            throw badRequest("Resource body required: the body must be a JSON object with '" + resource + "'.");
        }
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(name.length() > 64 ? name.substring(0, 64) + "..." : name);
            }
        }
        if (!unknown.isEmpty()) {
            throw badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        return new PoolBodies(resource, item);
    }

    static ApiException badRequest(String message)
    {
        return new ApiException(PoolErrorCode.HTTPBadRequest, message);
    }

    private ApiException invalid(String name, String reason)
    {
        return badRequest("Invalid input for " + name + ". Reason: " + reason + ".");
    }

    boolean has(String name)
    {
        return item.has(name);
    }

    /** Present and not JSON null. */
    boolean given(String name)
    {
        return item.has(name) && !item.get(name).isNull();
    }

    /** A string of at most {@code max} characters; JSON null reads as empty when {@code nullAsEmpty}. */
    Optional<String> string(String name, int max, boolean nullAsEmpty)
    {
        JsonNode value = item.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            if (nullAsEmpty) {
                return Optional.of("");
            }
            throw invalid(name, "'None' is not a valid string");
        }
        if (!value.isTextual()) {
            throw invalid(name, "'" + shorten(value.toString()) + "' is not a valid string");
        }
        String text = value.asText();
        if (text.length() > max) {
            throw invalid(name, "'" + shorten(text) + "' exceeds maximum length of " + max);
        }
        return Optional.of(text);
    }

    String requiredString(String name, int max)
    {
        if (!item.has(name)) {
            throw badRequest("Failed to parse request. Required attribute '" + name + "' not specified");
        }
        return string(name, max, false).orElseThrow();
    }

    /** Neutron's convert_to_boolean: true/false, or their string and 0/1 forms. */
    Optional<Boolean> bool(String name)
    {
        JsonNode value = item.get(name);
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

    /** An integer (or its decimal string) within bounds; JSON null reads as absent when {@code nullable}. */
    OptionalLong integer(String name, long min, long max, boolean nullable)
    {
        JsonNode value = item.get(name);
        if (value == null || value.isNull() && nullable) {
            return OptionalLong.empty();
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.asLong();
        }
        else if (value.isTextual() && value.asText().matches("-?[0-9]{1,18}")) {
            number = Long.parseLong(value.asText());
        }
        else {
            throw invalid(name, "'" + shorten(value.toString()) + "' is not an integer");
        }
        if (number < min || number > max) {
            throw invalid(name, "'" + number + "' is not in the range " + min + " to " + max);
        }
        return OptionalLong.of(number);
    }

    OptionalInt smallInteger(String name, int min, int max)
    {
        OptionalLong value = integer(name, min, max, false);
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    /** A list of strings (a single string counts as a list of one, as Neutron's clients sometimes send). */
    Optional<List<String>> strings(String name, int maxItems)
    {
        JsonNode value = item.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            return Optional.of(List.of(value.asText()));
        }
        if (!value.isArray()) {
            throw invalid(name, "'" + shorten(value.toString()) + "' is not a list");
        }
        if (value.size() > maxItems) {
            throw invalid(name, "more than " + maxItems + " items");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw invalid(name, "'" + shorten(element.toString()) + "' is not a valid IP subnet");
            }
            out.add(element.asText());
        }
        return Optional.of(out);
    }

    /** A UUID or JSON null (present, empty); absent when not given. */
    Optional<Optional<String>> nullableUuid(String name)
    {
        JsonNode value = item.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.isTextual() || !isUuid(value.asText())) {
            throw invalid(name, "'" + shorten(value.asText()) + "' is not a valid UUID");
        }
        return Optional.of(Optional.of(value.asText()));
    }

    String requiredUuid(String name)
    {
        String value = requiredString(name, 36);
        if (!isUuid(value)) {
            throw invalid(name, "'" + shorten(value) + "' is not a valid UUID");
        }
        return value;
    }

    /** The project a new resource belongs to: the caller's, or another one an admin names (project_id or tenant_id). */
    String ownerProject(Exchange exchange, Requester requester)
    {
        Optional<String> project = string("project_id", MAX_NAME, false);
        Optional<String> tenant = string("tenant_id", MAX_NAME, false);
        if (project.isPresent() && tenant.isPresent() && !project.equals(tenant)) {
            throw badRequest("'project_id' and 'tenant_id' do not match");
        }
        Optional<String> named = project.or(() -> tenant).filter(name -> !name.isEmpty());
        if (named.isPresent() && !named.get().equals(requester.projectId()) && !requester.admin()) {
            throw new ApiException(PoolErrorCode.PolicyNotAuthorized, "Specifying 'project_id' or 'tenant_id' other than the authenticated project "
                    + "in request requires admin privileges");
        }
        return named.orElse(requester.projectId());
    }

    static boolean isUuid(String text)
    {
        return text.matches("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    }

    static String shorten(String text)
    {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    String resource()
    {
        return resource;
    }

    /** The caller: its project and whether the policy takes it for an admin. */
    static Requester requester(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        return new Requester(auth.projectId().orElse(""), exchange.allowed("context_is_admin", Map.of()));
    }
}
