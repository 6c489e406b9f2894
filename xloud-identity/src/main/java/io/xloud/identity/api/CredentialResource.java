package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Credential;
import io.xloud.identity.service.CredentialService;
import io.xloud.identity.service.Ec2Credentials;
import io.xloud.identity.service.Ids;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/credentials: blobs kept for a user, EC2 key pairs among them. An EC2 credential's id is the SHA-256 of its
 * access key and its blob must be a JSON object with {@code access}, as in Keystone.
 */
public final class CredentialResource
{
    private static final String PROPERTIES = """
            "user_id": {"type": "string", "minLength": 1, "maxLength": 64},
            "project_id": {"type": "string", "minLength": 1, "maxLength": 64},
            "type": {"type": "string", "minLength": 1, "maxLength": 255},
            "blob": {"type": "string", "maxLength": 60000}""";
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["credential"], "properties": {"credential": {"type": "object",
              "required": ["blob", "type", "user_id"], "properties": {%s}}}}
            """.formatted(PROPERTIES));
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["credential"], "properties": {"credential": {"type": "object", "minProperties": 1,
              "properties": {%s, "id": {"type": "string"}}}}}
            """.formatted(PROPERTIES));
    private static final Set<String> KNOWN = Set.of("id", "user_id", "project_id", "type", "blob", "links");
    private static final int MAX_EXTRA = 65535;

    private final IdentityApi api;

    public CredentialResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("POST", V3 + "/credentials", "identity:create_credential", this::createTarget, this::create);
        r.route("GET", V3 + "/credentials", "identity:list_credentials", this::listTarget, this::list);
        r.route("GET", V3 + "/credentials/{credential_id}", "identity:get_credential", this::target, this::get);
        r.route("PATCH", V3 + "/credentials/{credential_id}", "identity:update_credential", this::updateTarget, this::update);
        r.route("DELETE", V3 + "/credentials/{credential_id}", "identity:delete_credential", this::target, this::delete);
    }

    public static ObjectNode view(IdentityApi api, Credential credential)
    {
        ObjectNode view = Json.object();
        view.put("id", credential.id());
        view.put("user_id", credential.userId());
        view.put("project_id", credential.projectId().orElse(null));
        view.put("type", credential.type());
        view.put("blob", credential.blob());
        view.set("links", api.links("/credentials/" + credential.id()));
        IdentityApi.putExtra(view, credential.extra());
        return view;
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return Map.of("target.credential.user_id", exchange.readJson(CREATE).path("credential").path("user_id").asText());
    }

    /** Keystone lets anyone list, then shows each caller only the credentials it may get. */
    private Map<String, Object> listTarget(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        return auth.systemScope() ? Map.of() : Map.of("target.credential.user_id", auth.userId());
    }

    private Map<String, Object> target(Exchange exchange)
    {
        String id = exchange.path("credential_id");
        Credential credential = credentials().credential(id);
        CredentialVisibility.requireVisible(exchange.auth(), credential.userId(), () -> CredentialService.notFound(id));
        Map<String, Object> target = new HashMap<>();
        target.put("target.credential.user_id", credential.userId());
        return target;
    }

    /**
     * Keystone checks the rule against the credential as it is and as the update would leave it. With one target, when
     * the owner changes, the owner the caller is not stands for both: no one is owner of both, so only the rule's other
     * branches (admin) can pass.
     */
    private Map<String, Object> updateTarget(Exchange exchange)
    {
        Map<String, Object> target = target(exchange);
        JsonNode entity = exchange.readJson(UPDATE).path("credential");
        String current = (String) target.get("target.credential.user_id");
        String next = entity.path("user_id").asText(current);
        if (!next.equals(current)) {
            target.put("target.credential.user_id", exchange.auth().userId().equals(current) ? next : current);
        }
        return target;
    }

    private void create(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        JsonNode entity = exchange.readJson(CREATE).path("credential");
        String type = entity.path("type").asText();
        String blob = entity.path("blob").asText();
        Optional<String> projectId = Optional.ofNullable(IdentityApi.text(entity, "project_id", null));
        String id = Ids.newId();
        if (type.equalsIgnoreCase(Credential.EC2)) {
            ObjectNode parsed = CredentialService.ec2Blob(blob);
            CredentialService.requireProject(projectId);
            id = Ec2Credentials.credentialId(parsed.path("access").asText());
            // as Keystone does, so that tokens made from this key pair (ec2tokens, S3) stay bound to the same delegation
            if (auth.trustId().isPresent() || auth.applicationCredentialId().isPresent()) {
                auth.trustId().ifPresent(trust -> parsed.put("trust_id", trust));
                auth.applicationCredentialId().ifPresent(credential -> parsed.put("app_cred_id", credential));
                blob = Json.string(parsed);
            }
        }
        Credential credential = new Credential(id, entity.path("user_id").asText(), projectId, type, blob, extra(entity, Map.of()));
        credentials().create(credential);
        exchange.json(201, Map.of("credential", view(api, credential)));
    }

    private void list(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        List<ObjectNode> views = credentials().credentials().stream()
                .filter(credential -> CredentialVisibility.seesOthers(auth) || credential.userId().equals(auth.userId()))
                .map(credential -> view(api, credential))
                .toList();
        exchange.json(200, api.list(exchange, "credentials", IdentityApi.filter(exchange, views, Set.of("user_id", "type"))));
    }

    private void get(Exchange exchange)
    {
        String id = exchange.path("credential_id");
        exchange.json(200, Map.of("credential", view(api, credentials().credential(id))));
    }

    private void update(Exchange exchange)
    {
        String id = exchange.path("credential_id");
        JsonNode entity = exchange.readJson(UPDATE).path("credential");
        if (entity.has("id") && !id.equals(entity.path("id").asText())) {
            throw IdentityApi.validation("Cannot change ID");
        }
        Credential updated = credentials().update(id, current -> {
            String blob = IdentityApi.text(entity, "blob", current.blob());
            if (current.isEc2() && entity.has("blob")) {
                CredentialService.requireSameScope(current.blob(), CredentialService.ec2Blob(blob));
            }
            return new Credential(id, IdentityApi.text(entity, "user_id", current.userId()),
                    entity.has("project_id") ? Optional.of(entity.path("project_id").asText()) : current.projectId(),
                    IdentityApi.text(entity, "type", current.type()), blob, extra(entity, current.extra()));
        });
        exchange.json(200, Map.of("credential", view(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        credentials().delete(exchange.path("credential_id"));
        exchange.noContent();
    }

    private static Map<String, Object> extra(JsonNode entity, Map<String, Object> previous)
    {
        Map<String, Object> extra = IdentityApi.extra(entity, KNOWN, previous);
        if (Json.string(extra).length() > MAX_EXTRA) {
            throw IdentityApi.validation("Invalid input for field 'credential': the additional attributes are too large.");
        }
        return extra;
    }

    private CredentialService credentials()
    {
        return api.credentials();
    }
}
