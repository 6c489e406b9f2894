package io.xloud.image.api.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.image.service.metadef.MetadefDocuments;
import io.xloud.image.service.metadef.MetadefProperty;

import java.util.Set;

import static io.xloud.image.api.metadef.MetadefApi.NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.PATH_NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.caller;

/**
 * /v2/metadefs/namespaces/{namespace}/properties: list, create (201), show (?resource_type= takes the prefixed name),
 * replace (PUT, 200; the name may change), delete (204; 403 while the namespace is protected).
 */
final class MetadefPropertyResource
{
    private static final Set<String> READ_ONLY = Set.of("created_at", "updated_at");
    private static final String PROPERTY = NAMESPACE + "/properties/{property_name}";

    private final MetadefApi api;

    MetadefPropertyResource(MetadefApi api)
    {
        this.api = api;
    }

    void routes(Router.Builder r)
    {
        r.route("GET", NAMESPACE + "/properties", MetadefPolicies.GET_PROPERTIES, api::namespaceTarget, this::list);
        r.route("POST", NAMESPACE + "/properties", MetadefPolicies.ADD_PROPERTY, api::namespaceTarget, this::create);
        r.route("GET", PROPERTY, MetadefPolicies.GET_PROPERTY, api::namespaceTarget, this::show);
        r.route("PUT", PROPERTY, MetadefPolicies.MODIFY_PROPERTY, api::namespaceTarget, this::update);
        r.route("DELETE", PROPERTY, MetadefPolicies.REMOVE_PROPERTY, api::namespaceTarget, this::delete);
    }

    private void list(Exchange exchange)
    {
        exchange.json(200, MetadefViews.properties(api.service().properties(caller(exchange), exchange.path(PATH_NAMESPACE))));
    }

    private void create(Exchange exchange)
    {
        JsonNode body = MetadefApi.body(exchange, MetadefSchemas.PROPERTY, READ_ONLY);
        MetadefProperty created = api.service().createProperty(caller(exchange), exchange.path(PATH_NAMESPACE), body.path("name").asText(),
                MetadefDocuments.propertySchema(body));
        exchange.json(201, MetadefViews.property(created));
    }

    private void show(Exchange exchange)
    {
        MetadefProperty property = api.service().property(caller(exchange), exchange.path(PATH_NAMESPACE), exchange.path("property_name"),
                MetadefApi.query(exchange, "resource_type").filter(type -> !type.isEmpty()));
        exchange.json(200, MetadefViews.property(property));
    }

    private void update(Exchange exchange)
    {
        JsonNode body = MetadefApi.body(exchange, MetadefSchemas.PROPERTY, READ_ONLY);
        MetadefProperty updated = api.service().updateProperty(caller(exchange), exchange.path(PATH_NAMESPACE), exchange.path("property_name"),
                body.path("name").asText(), MetadefDocuments.propertySchema(body));
        exchange.json(200, MetadefViews.property(updated));
    }

    private void delete(Exchange exchange)
    {
        api.service().deleteProperty(caller(exchange), exchange.path(PATH_NAMESPACE), exchange.path("property_name"));
        exchange.noContent();
    }
}
