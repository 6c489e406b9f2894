package io.xloud.image.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.image.service.ImageStores;
import io.xloud.image.service.ImportService;

import static java.util.Objects.requireNonNull;

/**
 * Glance's discovery of import: {@code GET /v2/info/import} (the import methods), {@code GET /v2/info/stores} (the
 * stores, the default one marked) and {@code GET /v2/info/stores/detail} (with their type and properties; an admin's).
 */
final class StoreInfoResource
{
    private static final String INFO = ImageModule.V2 + "/info";

    private final ImportService imports;

    StoreInfoResource(ImportService imports)
    {
        this.imports = requireNonNull(imports, "imports is null");
    }

    void routes(Router.Builder r)
    {
        r.route("GET", INFO + "/import", ImportPolicies.DEFAULT, ImportApi::projectTarget, this::importInfo);
        r.route("GET", INFO + "/stores", ImportPolicies.DEFAULT, ImportApi::projectTarget, exchange -> exchange.json(200, stores(false)));
        r.route("GET", INFO + "/stores/detail", ImportPolicies.STORES_INFO_DETAIL, ImportApi::projectTarget,
                exchange -> exchange.json(200, stores(true)));
    }

    private void importInfo(Exchange exchange)
    {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode methods = body.putObject("import-methods");
        methods.put("description", "Import methods available.");
        methods.put("type", "array");
        ArrayNode value = methods.putArray("value");
        imports.settings().importMethods().forEach(value::add);
        exchange.json(200, body);
    }

    private ObjectNode stores(boolean detail)
    {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode list = body.putArray("stores");
        for (ImageStores.Store store : imports.stores().all()) {
            ObjectNode item = list.addObject();
            item.put("id", store.id());
            item.put("description", store.description());
            if (store.isDefault()) {
                item.put("default", "true");
            }
            if (detail) {
                item.put("type", "file");
                ObjectNode properties = item.putObject("properties");
                properties.put("data_dir", "object engine, keys " + imports.stores().objectKey(store.id(), "<image>"));
                properties.put("chunk_size", 65536);
                properties.put("thin_provisioning", false);
                item.put("weight", 0);
            }
        }
        return body;
    }
}
