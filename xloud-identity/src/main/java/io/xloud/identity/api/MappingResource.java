package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.FederationMapping;
import io.xloud.identity.service.FederationService;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/OS-FEDERATION/mappings: rules checked against Keystone's mapping schema (1.0, or 2.0 with project domains). */
public final class MappingResource
{
    private static final String MAPPINGS = V3 + "/OS-FEDERATION/mappings";
    private static final Set<String> SCHEMA_VERSIONS = Set.of("1.0", "2.0");
    private static final String DEFAULT_SCHEMA_VERSION = "1.0";
    /** What the rules column holds, whatever max_request_body_size allows. */
    private static final int MAX_RULES_LENGTH = 1_000_000;
    private static final RequestSchema BODY = JsonSchemas.of("""
            {"type": "object", "required": ["mapping"], "properties": {"mapping": {"type": "object", "required": ["rules"],
              "properties": {"schema_version": {"type": ["string", "null"]}}}}}
            """);
    private static final RequestSchema RULES_1 = JsonSchemas.of(rulesSchema(false));
    private static final RequestSchema RULES_2 = JsonSchemas.of(rulesSchema(true));

    private final IdentityApi api;

    public MappingResource(IdentityApi api)
    {
        this.api = api;
    }

    /** Keystone's MAPPING_SCHEMA (keystone/federation/utils.py); version 2.0 lets a project name its domain. */
    private static String rulesSchema(boolean projectDomain)
    {
        return """
                {"type": "object", "required": ["rules"], "properties": {"rules": {"minItems": 1, "type": "array", "items": {
                  "type": "object", "required": ["local", "remote"], "additionalProperties": false, "properties": {
                    "local": {"type": "array", "items": {"type": "object", "additionalProperties": false, "properties": {
                      "user": {"type": "object", "additionalProperties": false, "properties": {
                        "id": {"type": "string"}, "name": {"type": "string"}, "email": {"type": "string"},
                        "domain": {"$ref": "#/definitions/domain"}, "type": {"type": "string", "enum": ["ephemeral", "local"]}}},
                      "projects": {"type": "array", "items": {"type": "object", "required": ["name", "roles"], "additionalProperties": false,
                        "properties": {"name": {"type": "string"}, PROJECT_DOMAIN
                          "roles": {"type": "array", "items": {"type": "object", "required": ["name"], "additionalProperties": false,
                            "properties": {"name": {"type": "string"}}}}}}},
                      "group": {"type": "object", "oneOf": [{"$ref": "#/definitions/group_by_id"}, {"$ref": "#/definitions/group_by_name"}]},
                      "groups": {"type": "string"},
                      "group_ids": {"type": "string"},
                      "domain": {"$ref": "#/definitions/domain"}}}},
                    "remote": {"minItems": 1, "type": "array", "items": {"type": "object", "oneOf": [
                      {"$ref": "#/definitions/empty"}, {"$ref": "#/definitions/any_one_of"}, {"$ref": "#/definitions/not_any_of"},
                      {"$ref": "#/definitions/blacklist"}, {"$ref": "#/definitions/whitelist"}]}}}}}},
                 "definitions": {
                  "empty": {"type": "object", "required": ["type"], "additionalProperties": false, "properties": {"type": {"type": "string"}}},
                  "any_one_of": {"type": "object", "required": ["type", "any_one_of"], "additionalProperties": false, "properties": {
                    "type": {"type": "string"}, "any_one_of": {"type": "array"}, "regex": {"type": "boolean"}}},
                  "not_any_of": {"type": "object", "required": ["type", "not_any_of"], "additionalProperties": false, "properties": {
                    "type": {"type": "string"}, "not_any_of": {"type": "array"}, "regex": {"type": "boolean"}}},
                  "blacklist": {"type": "object", "required": ["type", "blacklist"], "additionalProperties": false, "properties": {
                    "type": {"type": "string"}, "blacklist": {"type": "array"}, "regex": {"type": "boolean"}}},
                  "whitelist": {"type": "object", "required": ["type", "whitelist"], "additionalProperties": false, "properties": {
                    "type": {"type": "string"}, "whitelist": {"type": "array"}, "regex": {"type": "boolean"}}},
                  "domain": {"type": "object", "additionalProperties": false, "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
                  "group_by_id": {"type": "object", "required": ["id"], "additionalProperties": false, "properties": {"id": {"type": "string"}}},
                  "group_by_name": {"type": "object", "required": ["name", "domain"], "additionalProperties": false, "properties": {
                    "name": {"type": "string"}, "domain": {"$ref": "#/definitions/domain"}}}}}
                """.replace("PROJECT_DOMAIN", projectDomain ? "\"domain\": {\"$ref\": \"#/definitions/domain\"}," : "");
    }

    public void routes(Router.Builder r)
    {
        r.route("GET", MAPPINGS, "identity:list_mappings", this::list);
        r.route("PUT", MAPPINGS + "/{mapping_id}", "identity:create_mapping", this::create);
        r.route("GET", MAPPINGS + "/{mapping_id}", "identity:get_mapping", this::get);
        r.route("PATCH", MAPPINGS + "/{mapping_id}", "identity:update_mapping", this::update);
        r.route("DELETE", MAPPINGS + "/{mapping_id}", "identity:delete_mapping", this::delete);
    }

    private ObjectNode view(FederationMapping mapping)
    {
        ObjectNode view = Json.object();
        view.put("id", mapping.id());
        view.set("rules", mapping.rules());
        view.put("schema_version", mapping.schemaVersion());
        view.set("links", api.links("/OS-FEDERATION/mappings/" + mapping.id()));
        return view;
    }

    /** The mapping of a request, its rules checked as Keystone checks them: every schema error is listed, 400. */
    private static FederationMapping read(Exchange exchange, String id)
    {
        JsonNode entity = exchange.readJson(BODY).path("mapping");
        String version = IdentityApi.text(entity, "schema_version", DEFAULT_SCHEMA_VERSION);
        if (!SCHEMA_VERSIONS.contains(version)) {
            throw IdentityApi.validation("Invalid input for field 'schema_version': " + version + " is not one of " + List.of("1.0", "2.0") + ".");
        }
        ObjectNode rulesOnly = Json.object();
        rulesOnly.set("rules", entity.path("rules"));
        Set<ValidationMessage> errors = (version.equals("2.0") ? RULES_2 : RULES_1).validate(rulesOnly);
        if (!errors.isEmpty()) {
            StringBuilder message = new StringBuilder();
            errors.stream().sorted(Comparator.comparing(ValidationMessage::getMessage))
                    .forEach(error -> message.append(error.getInstanceLocation()).append(": ").append(error.getMessage()).append('\n'));
            throw IdentityApi.validation(message.toString().strip());
        }
        if (entity.path("rules").toString().length() > MAX_RULES_LENGTH) {
            throw IdentityApi.validation("Invalid input for field 'rules': the rules are longer than " + MAX_RULES_LENGTH + " characters.");
        }
        return new FederationMapping(id, entity.path("rules"), version);
    }

    private void create(Exchange exchange)
    {
        String id = IdentityProviderResource.pathId(exchange, "mapping_id");
        FederationMapping mapping = federation().createMapping(read(exchange, id));
        exchange.json(201, Map.of("mapping", view(mapping)));
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = federation().mappings().stream().map(this::view).toList();
        exchange.json(200, api.list(exchange, "mappings", views));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("mapping", view(federation().mapping(IdentityProviderResource.pathId(exchange, "mapping_id")))));
    }

    private void update(Exchange exchange)
    {
        String id = IdentityProviderResource.pathId(exchange, "mapping_id");
        exchange.json(200, Map.of("mapping", view(federation().updateMapping(read(exchange, id)))));
    }

    private void delete(Exchange exchange)
    {
        federation().deleteMapping(IdentityProviderResource.pathId(exchange, "mapping_id"));
        exchange.noContent();
    }

    private FederationService federation()
    {
        return api.federation();
    }
}
