package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.FederationProtocol;
import io.xloud.identity.service.FederationService;
import io.xloud.identity.service.IdentityProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/OS-FEDERATION/identity_providers and their protocols, as keystone/api/os_federation.py serves them. Beyond
 * Keystone's attributes a provider may carry {@code oidc} (issuer, jwks_uri, audience, claim_prefix): how this server
 * checks the provider's OpenID Connect tokens itself, where Keystone leaves that to Apache's mod_auth_openidc.
 */
public final class IdentityProviderResource
{
    static final String PROVIDERS = V3 + "/OS-FEDERATION/identity_providers";
    private static final String OIDC = """
            "oidc": {"type": ["object", "null"], "additionalProperties": false, "properties": {
              "issuer": {"type": "string", "minLength": 1, "maxLength": 1024},
              "jwks_uri": {"type": "string", "pattern": "^[hH][tT][tT][pP][sS]?://.+", "maxLength": 2048},
              "audience": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
              "claim_prefix": {"type": "string", "maxLength": 64}}}""";
    private static final String PROPERTIES = """
            "enabled": {"type": "boolean"},
            "description": {"type": ["string", "null"], "maxLength": 65535},
            "authorization_ttl": {"type": ["integer", "null"], "minimum": 0, "maximum": 2147483647},
            "remote_ids": {"type": ["array", "null"], "uniqueItems": true, "items": {"type": "string", "minLength": 1, "maxLength": 255}},
            """ + OIDC;
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["identity_provider"], "properties": {"identity_provider": {"type": "object",
              "additionalProperties": false, "properties": {
                "domain_id": {"type": ["string", "null"], "minLength": 1, "maxLength": 64},
            """ + PROPERTIES + "}}}}");
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["identity_provider"], "properties": {"identity_provider": {"type": "object",
              "additionalProperties": false, "minProperties": 1, "properties": {
            """ + PROPERTIES + "}}}}");
    private static final RequestSchema PROTOCOL_CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["protocol"], "properties": {"protocol": {"type": "object", "required": ["mapping_id"],
              "additionalProperties": false, "properties": {
                "mapping_id": {"type": "string", "pattern": "^[a-zA-Z0-9-]{1,64}$"},
                "remote_id_attribute": {"type": ["string", "null"], "maxLength": 64}}}}}
            """);
    private static final RequestSchema PROTOCOL_UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["protocol"], "properties": {"protocol": {"type": "object", "minProperties": 1,
              "additionalProperties": false, "properties": {
                "mapping_id": {"type": "string", "pattern": "^[a-zA-Z0-9-]{1,64}$"},
                "remote_id_attribute": {"type": ["string", "null"], "maxLength": 64}}}}}
            """);

    private final IdentityApi api;

    public IdentityProviderResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        String one = PROVIDERS + "/{idp_id}";
        r.route("GET", PROVIDERS, "identity:list_identity_providers", this::list);
        r.route("PUT", one, "identity:create_identity_provider", this::create);
        r.route("GET", one, "identity:get_identity_provider", this::get);
        r.route("PATCH", one, "identity:update_identity_provider", this::update);
        r.route("DELETE", one, "identity:delete_identity_provider", this::delete);
        r.route("GET", one + "/protocols", "identity:list_protocols", this::listProtocols);
        r.route("PUT", one + "/protocols/{protocol_id}", "identity:create_protocol", this::createProtocol);
        r.route("GET", one + "/protocols/{protocol_id}", "identity:get_protocol", this::getProtocol);
        r.route("PATCH", one + "/protocols/{protocol_id}", "identity:update_protocol", this::updateProtocol);
        r.route("DELETE", one + "/protocols/{protocol_id}", "identity:delete_protocol", this::deleteProtocol);
    }

    /** Path ids are stored in 64 characters: a longer one can name nothing. */
    static String pathId(Exchange exchange, String name)
    {
        String id = exchange.path(name);
        if (id.isEmpty() || id.length() > 64) {
            throw IdentityApi.validation("Invalid input for field '" + name + "': the id must be 1 to 64 characters long.");
        }
        return id;
    }

    private ObjectNode view(IdentityProvider idp)
    {
        ObjectNode view = Json.object();
        view.put("id", idp.id());
        view.put("domain_id", idp.domainId());
        view.put("description", idp.description().orElse(null));
        view.put("enabled", idp.enabled());
        view.set("remote_ids", Json.mapper().valueToTree(idp.remoteIds()));
        if (idp.authorizationTtl().isPresent()) {
            view.put("authorization_ttl", idp.authorizationTtl().get());
        }
        else {
            view.putNull("authorization_ttl");
        }
        if (!idp.oidc().isEmpty()) {
            view.set("oidc", Json.mapper().valueToTree(idp.oidc()));
        }
        ObjectNode links = api.links("/OS-FEDERATION/identity_providers/" + idp.id());
        links.put("protocols", api.url("/OS-FEDERATION/identity_providers/" + idp.id() + "/protocols"));
        view.set("links", links);
        return view;
    }

    private static List<String> remoteIds(JsonNode entity)
    {
        List<String> ids = new ArrayList<>();
        entity.path("remote_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static Optional<Integer> ttl(JsonNode entity)
    {
        JsonNode ttl = entity.path("authorization_ttl");
        return ttl.isIntegralNumber() ? Optional.of(ttl.asInt()) : Optional.empty();
    }

    private static Map<String, Object> oidc(JsonNode entity)
    {
        JsonNode oidc = entity.path("oidc");
        if (!oidc.isObject()) {
            return Map.of();
        }
        if (oidc.has("jwks_uri") && !oidc.has("issuer")) {
            throw IdentityApi.validation("Invalid input for field 'oidc': an issuer is required.");
        }
        return Json.mapper().convertValue(oidc, Map.class);
    }

    private void create(Exchange exchange)
    {
        String id = pathId(exchange, "idp_id");
        JsonNode entity = exchange.readJson(CREATE).path("identity_provider");
        IdentityProvider idp = federation().createIdentityProvider(id,
                Optional.ofNullable(IdentityApi.text(entity, "domain_id", null)),
                // Keystone's PUT sets enabled to false unless asked
                entity.path("enabled").asBoolean(false),
                Optional.ofNullable(IdentityApi.text(entity, "description", null)),
                remoteIds(entity), ttl(entity), oidc(entity));
        exchange.json(201, Map.of("identity_provider", view(idp)));
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = federation().identityProviders().stream().map(this::view).toList();
        exchange.json(200, api.list(exchange, "identity_providers", IdentityApi.filter(exchange, views, Set.of("id", "enabled"))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("identity_provider", view(federation().identityProvider(pathId(exchange, "idp_id")))));
    }

    private void update(Exchange exchange)
    {
        String id = pathId(exchange, "idp_id");
        JsonNode entity = exchange.readJson(UPDATE).path("identity_provider");
        IdentityProvider updated = federation().updateIdentityProvider(id, current -> new IdentityProvider(id, current.domainId(),
                entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(),
                entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                entity.has("remote_ids") ? remoteIds(entity) : current.remoteIds(),
                entity.has("authorization_ttl") ? ttl(entity) : current.authorizationTtl(),
                entity.has("oidc") ? oidc(entity) : current.oidc()));
        exchange.json(200, Map.of("identity_provider", view(updated)));
    }

    private void delete(Exchange exchange)
    {
        federation().deleteIdentityProvider(pathId(exchange, "idp_id"));
        exchange.noContent();
    }

    // ---- protocols

    private ObjectNode protocolView(FederationProtocol protocol)
    {
        ObjectNode view = Json.object();
        view.put("id", protocol.id());
        view.put("mapping_id", protocol.mappingId());
        view.put("remote_id_attribute", protocol.remoteIdAttribute().orElse(null));
        String idpPath = "/OS-FEDERATION/identity_providers/" + protocol.idpId();
        ObjectNode links = api.links(idpPath + "/protocols/" + protocol.id());
        links.put("identity_provider", api.url(idpPath));
        view.set("links", links);
        return view;
    }

    private void createProtocol(Exchange exchange)
    {
        String idpId = pathId(exchange, "idp_id");
        String id = pathId(exchange, "protocol_id");
        JsonNode entity = exchange.readJson(PROTOCOL_CREATE).path("protocol");
        FederationProtocol protocol = federation().createProtocol(new FederationProtocol(id, idpId, entity.path("mapping_id").asText(),
                Optional.ofNullable(IdentityApi.text(entity, "remote_id_attribute", null))));
        exchange.json(201, Map.of("protocol", protocolView(protocol)));
    }

    private void listProtocols(Exchange exchange)
    {
        List<ObjectNode> views = federation().protocols(pathId(exchange, "idp_id")).stream().map(this::protocolView).toList();
        exchange.json(200, api.list(exchange, "protocols", views));
    }

    private void getProtocol(Exchange exchange)
    {
        FederationProtocol protocol = federation().protocol(pathId(exchange, "idp_id"), pathId(exchange, "protocol_id"));
        exchange.json(200, Map.of("protocol", protocolView(protocol)));
    }

    private void updateProtocol(Exchange exchange)
    {
        String idpId = pathId(exchange, "idp_id");
        String id = pathId(exchange, "protocol_id");
        JsonNode entity = exchange.readJson(PROTOCOL_UPDATE).path("protocol");
        FederationProtocol updated = federation().updateProtocol(idpId, id, current -> new FederationProtocol(id, idpId,
                entity.has("mapping_id") ? entity.path("mapping_id").asText() : current.mappingId(),
                entity.has("remote_id_attribute") ? Optional.ofNullable(IdentityApi.text(entity, "remote_id_attribute", null))
                        : current.remoteIdAttribute()));
        exchange.json(200, Map.of("protocol", protocolView(updated)));
    }

    private void deleteProtocol(Exchange exchange)
    {
        federation().deleteProtocol(pathId(exchange, "idp_id"), pathId(exchange, "protocol_id"));
        exchange.noContent();
    }

    private FederationService federation()
    {
        return api.federation();
    }
}
