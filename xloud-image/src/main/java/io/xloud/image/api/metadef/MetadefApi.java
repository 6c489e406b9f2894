package io.xloud.image.api.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.image.api.ImageModule;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.metadef.MetadefCaller;
import io.xloud.image.service.metadef.MetadefListing;
import io.xloud.image.service.metadef.MetadefNamespace;
import io.xloud.image.service.metadef.MetadefService;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Glance's metadata definitions API (/v2/metadefs/...) and its schemas (/v2/schemas/metadefs/...): the routes of
 * each resource class, and what they share: the caller, the policy targets, request reading and list parameters.
 */
public final class MetadefApi
{
    static final String METADEFS = ImageModule.V2 + "/metadefs";
    static final String NAMESPACE = METADEFS + "/namespaces/{namespace_name}";
    static final String PATH_NAMESPACE = "namespace_name";
    static final int MAX_TEXT = 65535;
    static final int MAX_DOCUMENT = 1_000_000;

    private final MetadefService service;

    public MetadefApi(MetadefService service)
    {
        this.service = requireNonNull(service, "service is null");
    }

    public MetadefService service()
    {
        return service;
    }

    public void routes(Router.Builder routes)
    {
        new MetadefNamespaceResource(this).routes(routes);
        new MetadefObjectResource(this).routes(routes);
        new MetadefPropertyResource(this).routes(routes);
        new MetadefTagResource(this).routes(routes);
        new MetadefResourceTypeResource(this).routes(routes);
        new MetadefSchemaResource().routes(routes);
    }

    /** Who calls, as Glance's context sees it: {@code is_admin} from the admin role, the owner from the project scope. */
    static MetadefCaller caller(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        return new MetadefCaller(auth.isAdmin(), auth.projectId());
    }

    /** The policy target of routes on no namespace (list, create): the caller's own project. */
    static Map<String, Object> projectTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", exchange.auth().projectId().orElse(null));
        return target;
    }

    /**
     * The policy target of routes within a namespace: its owner and visibility, as Glance's MetadefAPIPolicy builds
     * it. A namespace the caller does not see is 404 before any rule, as Glance answers "Namespace ... not found".
     */
    Map<String, Object> namespaceTarget(Exchange exchange)
    {
        String name = exchange.path(PATH_NAMESPACE);
        MetadefNamespace namespace;
        try {
            namespace = service.namespace(caller(exchange), name);
        }
        catch (ApiException e) {
            if (e.status() == 404) {
                throw new ApiException(ImageErrorCode.NOT_FOUND, "Namespace " + name + " not found");
            }
            throw e;
        }
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", namespace.owner().orElse(null));
        target.put("visibility", namespace.visibility());
        return target;
    }

    /** The namespace's own target for routes that show or change the namespace itself (its 404 names it as Glance's does). */
    Map<String, Object> ownNamespaceTarget(Exchange exchange)
    {
        MetadefNamespace namespace = service.namespace(caller(exchange), exchange.path(PATH_NAMESPACE));
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", namespace.owner().orElse(null));
        target.put("visibility", namespace.visibility());
        return target;
    }

    /**
     * A JSON object body checked as Glance's deserializers do: read-only attributes first (403), then the schema
     * (400). Bodies that are not objects fail the schema.
     */
    static JsonNode body(Exchange exchange, RequestSchema schema, Set<String> readOnly)
    {
        JsonNode body = exchange.readJson();
        // Glance's schemas do not say "type": "object"; its models take nothing else
        if (!body.isObject()) {
            throw badRequest("The request body must be a JSON object.");
        }
        for (String attribute : readOnly) {
            if (body.has(attribute)) {
                throw new ApiException(ImageErrorCode.FORBIDDEN, "Attribute '" + attribute + "' is read-only.");
            }
        }
        JsonSchemas.validate(schema, body);
        refuseNul(body);
        // the columns' bounds, reachable only when an operator raises the body size limit: what no column takes is refused
        if (Json.string(body).length() > MAX_DOCUMENT) {
            throw badRequest("The request body is too large for a metadata definition.");
        }
        // a name is the last segment of a path: an empty one could never be reached again
        if (body.path("name").isTextual() && body.path("name").asText().isEmpty()
                || body.path("namespace").isTextual() && body.path("namespace").asText().isEmpty()) {
            throw badRequest("A name must not be empty.");
        }
        return body;
    }

    /**
     * PostgreSQL stores no NUL character: text holding one, as a key or a value anywhere in a body, is refused; so is
     * a text longer than Glance's TEXT columns hold (64 KiB on MySQL).
     */
    static void refuseNul(JsonNode node)
    {
        if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
            throw badRequest("Text values may not contain a NUL character.");
        }
        if (node.isTextual() && node.asText().length() > MAX_TEXT) {
            throw badRequest("Text values may not be longer than " + MAX_TEXT + " characters.");
        }
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().indexOf('\0') >= 0) {
                    throw badRequest("Text values may not contain a NUL character.");
                }
                refuseNul(entry.getValue());
            });
        }
        else if (node.isArray()) {
            node.forEach(MetadefApi::refuseNul);
        }
    }

    /** A query value, refused when it holds a NUL character. */
    static Optional<String> query(Exchange exchange, String name)
    {
        Optional<String> value = exchange.query(name);
        if (value.isPresent() && value.get().indexOf('\0') >= 0) {
            throw badRequest("Text values may not contain a NUL character.");
        }
        return value;
    }

    /**
     * The list parameters of Glance's metadef lists: {@code limit} (an integer, at least {@code minimumLimit}),
     * {@code marker}, {@code sort_key} (default created_at), {@code sort_dir} (asc or desc, default desc).
     */
    static MetadefListing listing(Exchange exchange, int defaultLimit, int minimumLimit, Optional<String> visibility, List<String> resourceTypes)
    {
        int limit = defaultLimit;
        Optional<String> given = exchange.query("limit");
        if (given.isPresent()) {
            java.math.BigInteger parsed;
            try {
                parsed = new java.math.BigInteger(given.get().strip());
            }
            catch (NumberFormatException e) {
                throw badRequest("limit param must be an integer");
            }
            if (parsed.compareTo(java.math.BigInteger.valueOf(minimumLimit)) < 0) {
                throw badRequest("limit param must be positive");
            }
            // Python's int has no bound: a huge limit is simply "all of them"
            limit = parsed.min(java.math.BigInteger.valueOf(Integer.MAX_VALUE - 1)).intValueExact();
        }
        String sortDir = exchange.query("sort_dir").orElse("desc");
        if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw badRequest("Invalid sort direction: " + sortDir);
        }
        return new MetadefListing(Math.max(limit, 1), query(exchange, "marker"), query(exchange, "sort_key").orElse("created_at"),
                sortDir.equals("asc"), visibility, resourceTypes);
    }

    /** oslo's bool_from_string, as Glance reads X-Openstack-Append. */
    static boolean flag(Optional<String> value)
    {
        return value.map(text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "1", "t", "true", "on", "y", "yes" -> true;
            default -> false;
        }).orElse(false);
    }

    static ApiException badRequest(String message)
    {
        return new ApiException(ImageErrorCode.BAD_REQUEST, message);
    }
}
