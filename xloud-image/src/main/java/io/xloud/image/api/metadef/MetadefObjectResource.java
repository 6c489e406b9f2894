package io.xloud.image.api.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.image.service.metadef.MetadefDocuments;
import io.xloud.image.service.metadef.MetadefListing;
import io.xloud.image.service.metadef.MetadefObject;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.xloud.image.api.metadef.MetadefApi.NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.PATH_NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.caller;

/**
 * /v2/metadefs/namespaces/{namespace}/objects: list (limit, marker, sort_key, sort_dir), create (201), show, replace
 * (PUT, 200; the name may change), delete (204; 403 while the namespace is protected).
 */
final class MetadefObjectResource
{
    private static final Set<String> READ_ONLY = Set.of("self", "schema", "created_at", "updated_at");
    private static final String OBJECT = NAMESPACE + "/objects/{object_name}";

    private final MetadefApi api;

    MetadefObjectResource(MetadefApi api)
    {
        this.api = api;
    }

    void routes(Router.Builder r)
    {
        r.route("GET", NAMESPACE + "/objects", MetadefPolicies.GET_OBJECTS, api::namespaceTarget, this::list);
        r.route("POST", NAMESPACE + "/objects", MetadefPolicies.ADD_OBJECT, api::namespaceTarget, this::create);
        r.route("GET", OBJECT, MetadefPolicies.GET_OBJECT, api::namespaceTarget, this::show);
        r.route("PUT", OBJECT, MetadefPolicies.MODIFY_OBJECT, api::namespaceTarget, this::update);
        r.route("DELETE", OBJECT, MetadefPolicies.DELETE_OBJECT, api::namespaceTarget, this::delete);
    }

    private void list(Exchange exchange)
    {
        // Glance checks the paging parameters and then lists every object of the namespace, oldest first
        MetadefApi.listing(exchange, Integer.MAX_VALUE - 1, 1, Optional.empty(), List.of());
        MetadefListing listing = new MetadefListing(Integer.MAX_VALUE - 1, Optional.empty(), "created_at", true, Optional.empty(), List.of());
        String namespace = exchange.path(PATH_NAMESPACE);
        MetadefListing.Page<MetadefObject> page = api.service().objects(caller(exchange), namespace, listing);
        ObjectNode body = Json.object();
        ArrayNode objects = body.putArray("objects");
        page.items().forEach(object -> objects.add(MetadefViews.object(namespace, object, Optional.empty())));
        body.put("schema", MetadefViews.OBJECTS_SCHEMA);
        exchange.json(200, body);
    }

    private void create(Exchange exchange)
    {
        MetadefObject.Draft draft = draft(exchange);
        String namespace = exchange.path(PATH_NAMESPACE);
        MetadefObject created = api.service().createObject(caller(exchange), namespace, draft);
        exchange.json(201, MetadefViews.object(namespace, created, Optional.empty()));
    }

    private void show(Exchange exchange)
    {
        String namespace = exchange.path(PATH_NAMESPACE);
        MetadefObject object = api.service().object(caller(exchange), namespace, exchange.path("object_name"));
        exchange.json(200, MetadefViews.object(namespace, object, Optional.empty()));
    }

    private void update(Exchange exchange)
    {
        MetadefObject.Draft draft = draft(exchange);
        String namespace = exchange.path(PATH_NAMESPACE);
        MetadefObject updated = api.service().updateObject(caller(exchange), namespace, exchange.path("object_name"), draft);
        exchange.json(200, MetadefViews.object(namespace, updated, Optional.empty()));
    }

    private void delete(Exchange exchange)
    {
        api.service().deleteObject(caller(exchange), exchange.path(PATH_NAMESPACE), exchange.path("object_name"));
        exchange.noContent();
    }

    /** The object schema, then each of its properties against the property schema, as Glance checks an object. */
    private static MetadefObject.Draft draft(Exchange exchange)
    {
        JsonNode body = MetadefApi.body(exchange, MetadefSchemas.OBJECT, READ_ONLY);
        body.path("properties").properties().forEach(entry -> {
            if (entry.getKey().length() > 80) {
                throw MetadefApi.badRequest("Invalid input for field 'properties': a property name is longer than 80 characters.");
            }
            JsonSchemas.validate(MetadefSchemas.PROPERTY_WITHOUT_NAME, entry.getValue());
        });
        return MetadefDocuments.object(body);
    }
}
