package io.xloud.image.api.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.image.service.metadef.MetadefDocuments;
import io.xloud.image.service.metadef.ResourceTypeAssociation;

import java.util.Set;

import static io.xloud.image.api.metadef.MetadefApi.METADEFS;
import static io.xloud.image.api.metadef.MetadefApi.NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.PATH_NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.caller;

/**
 * /v2/metadefs/resource_types (every resource type) and /v2/metadefs/namespaces/{namespace}/resource_types: list,
 * associate (201; a new resource type is created), dissociate (204; 403 while the namespace is protected).
 */
final class MetadefResourceTypeResource
{
    private static final Set<String> READ_ONLY = Set.of("created_at", "updated_at");

    private final MetadefApi api;

    MetadefResourceTypeResource(MetadefApi api)
    {
        this.api = api;
    }

    void routes(Router.Builder r)
    {
        r.route("GET", METADEFS + "/resource_types", MetadefPolicies.LIST_RESOURCE_TYPES, MetadefApi::projectTarget, this::listTypes);
        r.route("GET", NAMESPACE + "/resource_types", MetadefPolicies.GET_RESOURCE_TYPE, api::namespaceTarget, this::list);
        r.route("POST", NAMESPACE + "/resource_types", MetadefPolicies.ADD_RESOURCE_TYPE_ASSOCIATION, api::namespaceTarget, this::associate);
        r.route("DELETE", NAMESPACE + "/resource_types/{resource_type_name}", MetadefPolicies.REMOVE_RESOURCE_TYPE_ASSOCIATION,
                api::namespaceTarget, this::dissociate);
    }

    private void listTypes(Exchange exchange)
    {
        ObjectNode body = Json.object();
        ArrayNode types = body.putArray("resource_types");
        api.service().resourceTypes().forEach(type -> types.add(MetadefViews.resourceType(type)));
        exchange.json(200, body);
    }

    private void list(Exchange exchange)
    {
        ObjectNode body = Json.object();
        ArrayNode associations = body.putArray("resource_type_associations");
        api.service().associations(caller(exchange), exchange.path(PATH_NAMESPACE)).forEach(association -> associations.add(MetadefViews.association(association)));
        exchange.json(200, body);
    }

    private void associate(Exchange exchange)
    {
        JsonNode body = MetadefApi.body(exchange, MetadefSchemas.RESOURCE_TYPE_ASSOCIATION, READ_ONLY);
        ResourceTypeAssociation created = api.service().associate(caller(exchange), exchange.path(PATH_NAMESPACE), MetadefDocuments.association(body));
        exchange.json(201, MetadefViews.association(created));
    }

    private void dissociate(Exchange exchange)
    {
        api.service().dissociate(caller(exchange), exchange.path(PATH_NAMESPACE), exchange.path("resource_type_name"));
        exchange.noContent();
    }
}
