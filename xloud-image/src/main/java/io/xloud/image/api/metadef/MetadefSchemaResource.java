package io.xloud.image.api.metadef;

import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.image.api.ImageModule;
import io.xloud.image.api.ImagePolicies;

/** GET /v2/schemas/metadefs/{name}: the JSON schemas of the metadef resources, as Glance serves them to any caller. */
final class MetadefSchemaResource
{
    void routes(Router.Builder r)
    {
        for (String name : MetadefSchemas.SERVED) {
            r.route("GET", ImageModule.V2 + "/schemas/metadefs/" + name, ImagePolicies.GET_SCHEMAS, exchange -> show(exchange, name));
        }
    }

    private static void show(Exchange exchange, String name)
    {
        exchange.json(200, MetadefSchemas.document(name));
    }
}
