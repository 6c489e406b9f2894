package io.xloud.image.api.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.metadef.MetadefDocuments;
import io.xloud.image.service.metadef.MetadefListing;
import io.xloud.image.service.metadef.MetadefNamespace;
import io.xloud.image.service.metadef.NamespaceDetail;
import io.xloud.image.service.metadef.NamespaceDraft;
import io.xloud.image.service.metadef.ResourceTypeAssociation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.xloud.image.api.metadef.MetadefApi.METADEFS;
import static io.xloud.image.api.metadef.MetadefApi.NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.PATH_NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.caller;

/**
 * /v2/metadefs/namespaces: list (limit, marker, sort_key, sort_dir, visibility, resource_types; 25 a page, at most
 * 1000), create (with content: 201), show (?resource_type= prefixes property names), replace (PUT, 200), delete (204;
 * 403 while protected), and DELETE of all objects or properties of a namespace.
 */
final class MetadefNamespaceResource
{
    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 1000;
    private static final Set<String> READ_ONLY = Set.of("self", "schema", "created_at", "updated_at");

    private final MetadefApi api;

    MetadefNamespaceResource(MetadefApi api)
    {
        this.api = api;
    }

    void routes(Router.Builder r)
    {
        r.route("GET", METADEFS + "/namespaces", MetadefPolicies.GET_NAMESPACES, MetadefApi::projectTarget, this::list);
        r.route("POST", METADEFS + "/namespaces", MetadefPolicies.ADD_NAMESPACE, MetadefApi::projectTarget, this::create);
        r.route("GET", NAMESPACE, MetadefPolicies.GET_NAMESPACE, api::ownNamespaceTarget, this::show);
        r.route("PUT", NAMESPACE, MetadefPolicies.MODIFY_NAMESPACE, api::namespaceTarget, this::update);
        r.route("DELETE", NAMESPACE, MetadefPolicies.DELETE_NAMESPACE, api::namespaceTarget, this::delete);
        r.route("DELETE", NAMESPACE + "/objects", MetadefPolicies.DELETE_NAMESPACE, api::namespaceTarget, this::deleteObjects);
        r.route("DELETE", NAMESPACE + "/properties", MetadefPolicies.DELETE_NAMESPACE, api::namespaceTarget, this::deleteProperties);
    }

    private void list(Exchange exchange)
    {
        Optional<String> visibility = MetadefApi.query(exchange, "visibility").filter(value -> !value.isEmpty());
        if (visibility.isPresent() && !visibility.get().equals(MetadefNamespace.PUBLIC) && !visibility.get().equals(MetadefNamespace.PRIVATE)) {
            throw MetadefApi.badRequest("Invalid visibility value: " + visibility.get());
        }
        List<String> resourceTypes = MetadefApi.query(exchange, "resource_types")
                .map(value -> Arrays.stream(value.split(",")).filter(type -> !type.isEmpty()).toList())
                .orElse(List.of());
        MetadefListing listing = MetadefApi.listing(exchange, DEFAULT_LIMIT, 0, visibility, resourceTypes);
        int limit = Math.min(MAX_LIMIT, listing.limit());
        if (exchange.query("limit").map(value -> new java.math.BigInteger(value.strip()).signum() == 0).orElse(false)) {
            limit = 0;
        }
        List<MetadefNamespace> namespaces = List.of();
        boolean more = false;
        if (limit > 0) {
            MetadefListing bounded = new MetadefListing(limit, listing.marker(), listing.sortKey(), listing.ascending(), listing.visibility(),
                    listing.resourceTypes());
            MetadefListing.Page<MetadefNamespace> page = api.service().namespaces(caller(exchange), bounded);
            namespaces = page.items();
            more = page.hasMore();
        }
        Map<String, List<ResourceTypeAssociation>> associations = api.service().associations(namespaces);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("namespaces");
        namespaces.forEach(namespace -> items.add(MetadefViews.namespace(namespace, associations.getOrDefault(namespace.id(), List.of()))));
        Map<String, List<String>> parameters = new java.util.LinkedHashMap<>(exchange.queryParameters());
        parameters.remove("marker");
        String query = encode(parameters);
        body.put("first", "/v2/metadefs/namespaces" + (query.isEmpty() ? "" : "?" + query));
        body.put("schema", MetadefViews.NAMESPACES_SCHEMA);
        // Glance offers a next page whenever a page comes back full
        if (!namespaces.isEmpty() && (more || namespaces.size() == limit)) {
            parameters.put("marker", List.of(namespaces.getLast().namespace()));
            body.put("next", "/v2/metadefs/namespaces?" + encode(parameters));
        }
        exchange.json(200, body);
    }

    private void create(Exchange exchange)
    {
        JsonNode body = MetadefApi.body(exchange, MetadefSchemas.NAMESPACE, READ_ONLY);
        checkNames(body);
        NamespaceDraft draft = MetadefDocuments.namespace(body);
        Map<String, Object> target = MetadefApi.projectTarget(exchange);
        requireAllowed(exchange, !draft.resourceTypeAssociations().isEmpty(), MetadefPolicies.ADD_RESOURCE_TYPE_ASSOCIATION, target);
        requireAllowed(exchange, !draft.objects().isEmpty(), MetadefPolicies.ADD_OBJECT, target);
        requireAllowed(exchange, !draft.properties().isEmpty(), MetadefPolicies.ADD_PROPERTY, target);
        requireAllowed(exchange, !draft.tags().isEmpty(), MetadefPolicies.ADD_TAG, target);
        NamespaceDetail created = api.service().create(caller(exchange), draft);
        exchange.header("Location", MetadefViews.namespaceHref(created.namespace().namespace()));
        exchange.json(201, MetadefViews.detail(created, Optional.empty()));
    }

    private void show(Exchange exchange)
    {
        NamespaceDetail detail = api.service().detail(caller(exchange), exchange.path(PATH_NAMESPACE));
        Optional<String> prefix = MetadefApi.query(exchange, "resource_type").filter(type -> !type.isEmpty())
                .flatMap(type -> detail.resourceTypeAssociations().stream().filter(association -> association.name().equals(type)).findFirst())
                .flatMap(ResourceTypeAssociation::prefix);
        exchange.json(200, MetadefViews.detail(detail, prefix));
    }

    private void update(Exchange exchange)
    {
        JsonNode body = MetadefApi.body(exchange, MetadefSchemas.NAMESPACE, READ_ONLY);
        checkNames(body);
        MetadefNamespace updated = api.service().update(caller(exchange), exchange.path(PATH_NAMESPACE), MetadefDocuments.namespace(body));
        exchange.json(200, MetadefViews.namespace(updated, List.of()));
    }

    private void delete(Exchange exchange)
    {
        api.service().delete(caller(exchange), exchange.path(PATH_NAMESPACE));
        exchange.noContent();
    }

    private void deleteObjects(Exchange exchange)
    {
        api.service().deleteObjects(caller(exchange), exchange.path(PATH_NAMESPACE));
        exchange.noContent();
    }

    private void deleteProperties(Exchange exchange)
    {
        api.service().deleteProperties(caller(exchange), exchange.path(PATH_NAMESPACE));
        exchange.noContent();
    }

    /**
     * What Glance's database would refuse and its schema lets through: names of the content a namespace carries
     * longer than the columns (80), a property inside an object that is not a property definition.
     */
    private static void checkNames(JsonNode body)
    {
        List<String> names = new ArrayList<>();
        body.path("properties").properties().forEach(entry -> names.add(entry.getKey()));
        body.path("objects").forEach(object -> {
            names.add(object.path("name").asText());
            object.path("properties").properties().forEach(entry -> {
                names.add(entry.getKey());
                JsonSchemas.validate(MetadefSchemas.PROPERTY_WITHOUT_NAME, entry.getValue());
            });
            if (!object.path("name").isTextual()) {
                throw MetadefApi.badRequest("Invalid input for field 'objects': an object needs a name.");
            }
        });
        body.path("tags").forEach(tag -> {
            if (!tag.path("name").isTextual()) {
                throw MetadefApi.badRequest("Invalid input for field 'tags': a tag needs a name.");
            }
            names.add(tag.path("name").asText());
        });
        body.path("resource_type_associations").forEach(association -> {
            if (!association.path("name").isTextual()) {
                throw MetadefApi.badRequest("Invalid input for field 'resource_type_associations': an association needs a name.");
            }
            names.add(association.path("name").asText());
            names.add(association.path("prefix").asText(""));
            names.add(association.path("properties_target").asText(""));
        });
        for (String name : names) {
            if (name.length() > 80) {
                throw MetadefApi.badRequest("Invalid input: '" + name.substring(0, 20) + "...' is longer than 80 characters.");
            }
        }
    }

    private static void requireAllowed(Exchange exchange, boolean needed, String rule, Map<String, Object> target)
    {
        if (needed && !exchange.allowed(rule, target)) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "You are not authorized to perform the requested action: " + rule + ".");
        }
    }

    private static String encode(Map<String, List<String>> parameters)
    {
        return parameters.entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(value -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }
}
