package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.CatalogService;
import io.xloud.identity.service.Endpoint;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.Region;
import io.xloud.identity.service.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/regions, /v3/services and /v3/endpoints. */
public final class CatalogResource
{
    private static final RequestSchema REGION = JsonSchemas.of("""
            {"type": "object", "required": ["region"], "properties": {"region": {"type": "object", "properties": {
                "id": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": {"type": ["string", "null"]},
                "parent_region_id": {"type": ["string", "null"]}}}}}
            """);
    private static final RequestSchema SERVICE = JsonSchemas.of("""
            {"type": "object", "required": ["service"], "properties": {"service": {"type": "object", "properties": {
                "type": {"type": "string", "minLength": 1, "maxLength": 255},
                "name": {"type": ["string", "null"], "maxLength": 255},
                "description": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"}}}}}
            """);
    private static final RequestSchema ENDPOINT = JsonSchemas.of("""
            {"type": "object", "required": ["endpoint"], "properties": {"endpoint": {"type": "object", "properties": {
                "service_id": {"type": "string"},
                "interface": {"type": "string", "enum": ["public", "internal", "admin"]},
                "url": {"type": "string", "minLength": 1, "maxLength": 2048},
                "region_id": {"type": ["string", "null"]},
                "region": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"}}}}}
            """);
    private static final Set<String> REGION_KNOWN = Set.of("id", "description", "parent_region_id", "links");
    private static final Set<String> SERVICE_KNOWN = Set.of("id", "type", "enabled", "links");
    private static final Set<String> ENDPOINT_KNOWN = Set.of("id", "service_id", "interface", "url", "region_id", "region", "enabled", "links");

    private final IdentityApi api;

    public CatalogResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("POST", V3 + "/regions", "identity:create_region", this::createRegion);
        r.route("GET", V3 + "/regions", "identity:list_regions", this::listRegions);
        r.route("GET", V3 + "/regions/{region_id}", "identity:get_region", this::getRegion);
        r.route("PUT", V3 + "/regions/{region_id}", "identity:create_region", this::createRegion);
        r.route("PATCH", V3 + "/regions/{region_id}", "identity:update_region", this::updateRegion);
        r.route("DELETE", V3 + "/regions/{region_id}", "identity:delete_region", this::deleteRegion);
        r.route("POST", V3 + "/services", "identity:create_service", this::createService);
        r.route("GET", V3 + "/services", "identity:list_services", this::listServices);
        r.route("GET", V3 + "/services/{service_id}", "identity:get_service", this::getService);
        r.route("PATCH", V3 + "/services/{service_id}", "identity:update_service", this::updateService);
        r.route("DELETE", V3 + "/services/{service_id}", "identity:delete_service", this::deleteService);
        r.route("POST", V3 + "/endpoints", "identity:create_endpoint", this::createEndpoint);
        r.route("GET", V3 + "/endpoints", "identity:list_endpoints", this::listEndpoints);
        r.route("GET", V3 + "/endpoints/{endpoint_id}", "identity:get_endpoint", this::getEndpoint);
        r.route("PATCH", V3 + "/endpoints/{endpoint_id}", "identity:update_endpoint", this::updateEndpoint);
        r.route("DELETE", V3 + "/endpoints/{endpoint_id}", "identity:delete_endpoint", this::deleteEndpoint);
    }

    // ---- regions

    private ObjectNode regionView(Region region)
    {
        ObjectNode view = Json.object();
        view.put("id", region.id());
        view.put("description", region.description().orElse(""));
        view.put("parent_region_id", region.parentRegionId().orElse(null));
        view.set("links", api.links("/regions/" + region.id()));
        IdentityApi.putExtra(view, region.extra());
        return view;
    }

    private void createRegion(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(REGION).path("region");
        String id = exchange.pathParameters().containsKey("region_id") ? exchange.path("region_id")
                : IdentityApi.text(entity, "id", Ids.newId());
        if (exchange.pathParameters().containsKey("region_id") && entity.hasNonNull("id") && !entity.path("id").asText().equals(id)) {
            throw IdentityApi.validation("The region id in the body does not match the URL.");
        }
        Region region = new Region(id, Optional.ofNullable(IdentityApi.text(entity, "description", null)),
                Optional.ofNullable(IdentityApi.text(entity, "parent_region_id", null)), IdentityApi.extra(entity, REGION_KNOWN, Map.of()));
        catalog().createRegion(region);
        exchange.json(201, Map.of("region", regionView(region)));
    }

    private void listRegions(Exchange exchange)
    {
        List<ObjectNode> views = catalog().regions().stream().map(this::regionView).toList();
        exchange.json(200, api.list(exchange, "regions", IdentityApi.filter(exchange, views, Set.of("parent_region_id", "id"))));
    }

    private void getRegion(Exchange exchange)
    {
        exchange.json(200, Map.of("region", regionView(catalog().region(exchange.path("region_id")))));
    }

    private void updateRegion(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(REGION).path("region");
        String id = exchange.path("region_id");
        Region updated = catalog().updateRegion(id, current -> new Region(id,
                entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                entity.has("parent_region_id") ? Optional.ofNullable(IdentityApi.text(entity, "parent_region_id", null)) : current.parentRegionId(),
                IdentityApi.extra(entity, REGION_KNOWN, current.extra())));
        exchange.json(200, Map.of("region", regionView(updated)));
    }

    private void deleteRegion(Exchange exchange)
    {
        catalog().deleteRegion(exchange.path("region_id"));
        exchange.noContent();
    }

    // ---- services

    private ObjectNode serviceView(Service service)
    {
        ObjectNode view = Json.object();
        view.put("id", service.id());
        view.put("type", service.type());
        view.put("enabled", service.enabled());
        view.set("links", api.links("/services/" + service.id()));
        IdentityApi.putExtra(view, service.extra());
        return view;
    }

    private void createService(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(SERVICE).path("service");
        if (!entity.hasNonNull("type")) {
            throw IdentityApi.validation("Invalid input for field 'type': it is required.");
        }
        Service service = new Service(Ids.newId(), entity.path("type").asText(), entity.path("enabled").asBoolean(true),
                IdentityApi.extra(entity, SERVICE_KNOWN, Map.of()));
        catalog().createService(service);
        exchange.json(201, Map.of("service", serviceView(service)));
    }

    private void listServices(Exchange exchange)
    {
        List<ObjectNode> views = catalog().services().stream().map(this::serviceView).toList();
        exchange.json(200, api.list(exchange, "services", IdentityApi.filter(exchange, views, Set.of("type", "name", "enabled", "id"))));
    }

    private void getService(Exchange exchange)
    {
        exchange.json(200, Map.of("service", serviceView(catalog().service(exchange.path("service_id")))));
    }

    private void updateService(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(SERVICE).path("service");
        String id = exchange.path("service_id");
        Service updated = catalog().updateService(id, current -> new Service(id, IdentityApi.text(entity, "type", current.type()),
                entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(),
                IdentityApi.extra(entity, SERVICE_KNOWN, current.extra())));
        exchange.json(200, Map.of("service", serviceView(updated)));
    }

    private void deleteService(Exchange exchange)
    {
        catalog().deleteService(exchange.path("service_id"));
        exchange.noContent();
    }

    // ---- endpoints

    private static Optional<String> regionOf(JsonNode entity, Optional<String> current)
    {
        if (entity.has("region_id")) {
            return Optional.ofNullable(IdentityApi.text(entity, "region_id", null));
        }
        if (entity.has("region")) {
            return Optional.ofNullable(IdentityApi.text(entity, "region", null));
        }
        return current;
    }

    private void createEndpoint(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(ENDPOINT).path("endpoint");
        for (String field : List.of("service_id", "interface", "url")) {
            if (!entity.hasNonNull(field)) {
                throw IdentityApi.validation("Invalid input for field '" + field + "': it is required.");
            }
        }
        Optional<String> region = regionOf(entity, Optional.empty());
        Endpoint endpoint = new Endpoint(Ids.newId(), entity.path("service_id").asText(), entity.path("interface").asText(),
                entity.path("url").asText(), region, entity.path("enabled").asBoolean(true), IdentityApi.extra(entity, ENDPOINT_KNOWN, Map.of()));
        // the legacy `region` attribute creates its region when missing; `region_id` must name one that exists
        catalog().createEndpoint(endpoint, entity.has("region_id"));
        exchange.json(201, Map.of("endpoint", IdentityViews.endpoint(api, endpoint)));
    }

    private void listEndpoints(Exchange exchange)
    {
        List<ObjectNode> views = catalog().endpoints().stream().map(endpoint -> IdentityViews.endpoint(api, endpoint)).toList();
        exchange.json(200, api.list(exchange, "endpoints",
                IdentityApi.filter(exchange, views, Set.of("service_id", "interface", "region_id", "enabled", "id"))));
    }

    private void getEndpoint(Exchange exchange)
    {
        exchange.json(200, Map.of("endpoint", IdentityViews.endpoint(api, catalog().endpoint(exchange.path("endpoint_id")))));
    }

    private void updateEndpoint(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(ENDPOINT).path("endpoint");
        String id = exchange.path("endpoint_id");
        Endpoint updated = catalog().updateEndpoint(id, entity.has("region_id"), current -> new Endpoint(id,
                IdentityApi.text(entity, "service_id", current.serviceId()), IdentityApi.text(entity, "interface", current.interfaceName()),
                IdentityApi.text(entity, "url", current.url()), regionOf(entity, current.regionId()),
                entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(),
                IdentityApi.extra(entity, ENDPOINT_KNOWN, current.extra())));
        exchange.json(200, Map.of("endpoint", IdentityViews.endpoint(api, updated)));
    }

    private void deleteEndpoint(Exchange exchange)
    {
        catalog().deleteEndpoint(exchange.path("endpoint_id"));
        exchange.noContent();
    }

    private CatalogService catalog()
    {
        return api.catalogs();
    }
}
