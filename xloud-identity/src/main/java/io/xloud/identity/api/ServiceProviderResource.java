package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.FederationService;
import io.xloud.identity.service.ServiceProvider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/OS-FEDERATION/service_providers: the clouds a token may be taken to (Keystone to Keystone). */
public final class ServiceProviderResource
{
    private static final String SERVICE_PROVIDERS = V3 + "/OS-FEDERATION/service_providers";
    /** keystone.conf [saml] relay_state_prefix. */
    static final String DEFAULT_RELAY_STATE_PREFIX = "ss:mem:";
    private static final String PROPERTIES = """
            "auth_url": {"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*://[^\\\\s]+$", "maxLength": 256},
            "sp_url": {"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*://[^\\\\s]+$", "maxLength": 256},
            "description": {"type": ["string", "null"], "maxLength": 65535},
            "enabled": {"type": "boolean"},
            "relay_state_prefix": {"type": ["string", "null"], "maxLength": 256}""";
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["service_provider"], "properties": {"service_provider": {"type": "object",
              "required": ["auth_url", "sp_url"], "additionalProperties": false, "properties": {
            """ + PROPERTIES + "}}}}");
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["service_provider"], "properties": {"service_provider": {"type": "object",
              "minProperties": 1, "additionalProperties": false, "properties": {
            """ + PROPERTIES + "}}}}");

    private final IdentityApi api;

    public ServiceProviderResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("GET", SERVICE_PROVIDERS, "identity:list_service_providers", this::list);
        r.route("PUT", SERVICE_PROVIDERS + "/{sp_id}", "identity:create_service_provider", this::create);
        r.route("GET", SERVICE_PROVIDERS + "/{sp_id}", "identity:get_service_provider", this::get);
        r.route("PATCH", SERVICE_PROVIDERS + "/{sp_id}", "identity:update_service_provider", this::update);
        r.route("DELETE", SERVICE_PROVIDERS + "/{sp_id}", "identity:delete_service_provider", this::delete);
    }

    private ObjectNode view(ServiceProvider sp)
    {
        ObjectNode view = Json.object();
        view.put("id", sp.id());
        view.put("auth_url", sp.authUrl());
        view.put("sp_url", sp.spUrl());
        view.put("description", sp.description().orElse(null));
        view.put("enabled", sp.enabled());
        view.put("relay_state_prefix", sp.relayStatePrefix());
        view.set("links", api.links("/OS-FEDERATION/service_providers/" + sp.id()));
        return view;
    }

    private void create(Exchange exchange)
    {
        String id = IdentityProviderResource.pathId(exchange, "sp_id");
        JsonNode entity = exchange.readJson(CREATE).path("service_provider");
        ServiceProvider sp = federation().createServiceProvider(new ServiceProvider(id, entity.path("auth_url").asText(),
                entity.path("sp_url").asText(), Optional.ofNullable(IdentityApi.text(entity, "description", null)),
                entity.path("enabled").asBoolean(false),
                IdentityApi.text(entity, "relay_state_prefix", DEFAULT_RELAY_STATE_PREFIX)));
        exchange.json(201, Map.of("service_provider", view(sp)));
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = federation().serviceProviders().stream().map(this::view).toList();
        exchange.json(200, api.list(exchange, "service_providers", IdentityApi.filter(exchange, views, Set.of("id", "enabled"))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("service_provider", view(federation().serviceProvider(IdentityProviderResource.pathId(exchange, "sp_id")))));
    }

    private void update(Exchange exchange)
    {
        String id = IdentityProviderResource.pathId(exchange, "sp_id");
        JsonNode entity = exchange.readJson(UPDATE).path("service_provider");
        ServiceProvider updated = federation().updateServiceProvider(id, current -> new ServiceProvider(id,
                entity.has("auth_url") ? entity.path("auth_url").asText() : current.authUrl(),
                entity.has("sp_url") ? entity.path("sp_url").asText() : current.spUrl(),
                entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(),
                entity.has("relay_state_prefix") ? IdentityApi.text(entity, "relay_state_prefix", DEFAULT_RELAY_STATE_PREFIX)
                        : current.relayStatePrefix()));
        exchange.json(200, Map.of("service_provider", view(updated)));
    }

    private void delete(Exchange exchange)
    {
        federation().deleteServiceProvider(IdentityProviderResource.pathId(exchange, "sp_id"));
        exchange.noContent();
    }

    private FederationService federation()
    {
        return api.federation();
    }
}
