package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.ApplicationCredential;
import io.xloud.identity.service.ApplicationCredentialService.AccessRuleRequest;
import io.xloud.identity.service.ApplicationCredentialService.Details;
import io.xloud.identity.service.ApplicationCredentialService.RoleReference;
import io.xloud.identity.service.ApplicationCredentialService;
import io.xloud.identity.service.Ids;
import io.xloud.identity.service.Role;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/users/{user_id}/application_credentials: secrets that authenticate as their user, on the project of the token
 * that made them, with some of the roles that token had, and optionally only for some calls (access rules).
 */
public final class ApplicationCredentialResource
{
    private static final String ID = """
            {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-zA-Z0-9-]+$"}""";
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["application_credential"], "properties": {"application_credential": {
              "type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": {"type": ["string", "null"], "maxLength": 65535},
                "secret": {"type": ["string", "null"], "maxLength": 4096},
                "expires_at": {"type": ["string", "null"], "maxLength": 64},
                "unrestricted": {"type": "boolean"},
                "roles": {"type": "array", "items": {"type": "object", "minProperties": 1, "maxProperties": 1,
                  "additionalProperties": false, "properties": {
                    "id": %1$s,
                    "name": {"type": "string", "minLength": 1, "maxLength": 255}}}},
                "access_rules": {"type": "array", "items": {"type": "object", "additionalProperties": false, "properties": {
                  "id": %1$s,
                  "service": %1$s,
                  "path": {"type": "string", "maxLength": 225, "pattern": "^/"},
                  "method": {"type": "string", "enum": ["POST", "GET", "HEAD", "PATCH", "PUT", "DELETE"]}}}}}}}}
            """.formatted(ID));
    // Keystone shows an application credential's expiry as datetime.isoformat() of naive UTC with microseconds, without a zone
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final String RESTRICTED =
            "Using method 'application_credential' is not allowed for managing additional application credentials.";

    private final IdentityApi api;
    private final TargetResolver userTarget;

    public ApplicationCredentialResource(IdentityApi api)
    {
        this.api = api;
        this.userTarget = api.userTarget();
    }

    public void routes(Router.Builder r)
    {
        String collection = V3 + "/users/{user_id}/application_credentials";
        r.route("POST", collection, "identity:create_application_credential", userTarget, this::create);
        r.route("GET", collection, "identity:list_application_credentials", userTarget, this::list);
        r.route("GET", collection + "/{application_credential_id}", "identity:get_application_credential", this::target, this::get);
        r.route("DELETE", collection + "/{application_credential_id}", "identity:delete_application_credential", this::target, this::delete);
    }

    /** Keystone checks the rule against the credential's owner, never against a user the client puts in the path. */
    private Map<String, Object> target(Exchange exchange)
    {
        String id = exchange.path("application_credential_id");
        ApplicationCredential credential = credentials().credential(exchange.path("user_id"), id).credential();
        CredentialVisibility.requireVisible(exchange.auth(), credential.userId(), () -> ApplicationCredentialService.notFound(id));
        Map<String, Object> target = new HashMap<>();
        target.put("user_id", credential.userId());
        target.put("target.user.id", credential.userId());
        return target;
    }

    private ObjectNode view(Details details)
    {
        ApplicationCredential credential = details.credential();
        ObjectNode view = Json.object();
        view.put("id", credential.id());
        view.put("name", credential.name());
        view.put("description", credential.description().orElse(null));
        view.put("expires_at", details.expiresAtMicros().map(ApplicationCredentialResource::expiryText).orElse(null));
        view.put("project_id", credential.projectId().orElse(null));
        ArrayNode roles = view.putArray("roles");
        details.roles().forEach(role -> roles.add(roleView(role)));
        view.put("unrestricted", credential.unrestricted());
        if (!credential.accessRules().isEmpty()) {
            view.set("access_rules", Json.mapper().valueToTree(credential.accessRules()));
        }
        view.set("links", api.links("/users/" + credential.userId() + "/application_credentials/" + credential.id()));
        return view;
    }

    private static ObjectNode roleView(Role role)
    {
        ObjectNode view = Json.object();
        view.put("id", role.id());
        view.put("name", role.name());
        view.put("domain_id", role.domainId().orElse(null));
        view.put("description", role.description().orElse(null));
        view.set("options", Json.mapper().valueToTree(role.options()));
        return view;
    }

    private void create(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        String userId = exchange.path("user_id");
        JsonNode entity = exchange.readJson(CREATE).path("application_credential");
        requireUnrestricted(auth);
        if (!auth.userId().equals(userId)) {
            throw forbidden("Cannot create an application credential for another user.");
        }
        String projectId = auth.projectId()
                .orElseThrow(() -> forbidden("An application credential can only be created with a project-scoped token."));
        String name = entity.path("name").asText();
        if (name.isBlank()) {
            throw IdentityApi.validation("Invalid input for field 'name': it must not be blank.");
        }
        Optional<String> description = Optional.ofNullable(IdentityApi.text(entity, "description", null));
        Optional<Long> expiresMicros = expiry(IdentityApi.text(entity, "expires_at", null), api.tokens().now());
        boolean unrestricted = entity.path("unrestricted").asBoolean(false);
        String secret = IdentityApi.text(entity, "secret", "");
        if (secret.isEmpty()) {
            // Keystone's generated secret: 64 random bytes, URL-safe base64 without padding
            secret = Ids.randomUrlSafe(64);
        }
        String secretHash = api.hasher().hash(secret);
        List<AccessRuleRequest> ruleRequests = ruleRequests(entity.path("access_rules"));
        String shownSecret = secret;

        JsonNode requestedRoles = entity.path("roles");
        List<RoleReference> roleReferences = new ArrayList<>();
        if (requestedRoles.isArray()) {
            for (JsonNode role : requestedRoles) {
                roleReferences.add(role.has("id") ? new RoleReference(Optional.of(role.path("id").asText()), Optional.empty())
                        : new RoleReference(Optional.empty(), Optional.of(role.path("name").asText())));
            }
        }
        List<String> tokenRoles = auth.roles().stream().map(AuthContext.Role::id).distinct().toList();
        ObjectNode view = view(credentials().create(new ApplicationCredentialService.Request(userId, projectId, name, description, expiresMicros,
                unrestricted, secretHash, roleReferences, tokenRoles, ruleRequests)));
        // the secret is shown once, now; only its hash is kept
        view.put("secret", shownSecret);
        exchange.json(201, Map.of("application_credential", view));
    }

    private void list(Exchange exchange)
    {
        String userId = exchange.path("user_id");
        List<ObjectNode> views = credentials().credentialsOfUser(userId).stream().map(this::view).toList();
        exchange.json(200, api.list(exchange, "application_credentials", IdentityApi.filter(exchange, views, Set.of("name"))));
    }

    private void get(Exchange exchange)
    {
        String userId = exchange.path("user_id");
        String id = exchange.path("application_credential_id");
        ObjectNode view = view(credentials().credential(userId, id));
        exchange.json(200, Map.of("application_credential", view));
    }

    /** Deletes the credential and revokes at once every token made from it. */
    private void delete(Exchange exchange)
    {
        requireUnrestricted(exchange.auth());
        String userId = exchange.path("user_id");
        String id = exchange.path("application_credential_id");
        credentials().delete(userId, id);
        exchange.noContent();
    }

    /** A token made from a restricted application credential may not make or delete application credentials. */
    private void requireUnrestricted(AuthContext auth)
    {
        if (!auth.methods().contains("application_credential")) {
            return;
        }
        boolean unrestricted = auth.applicationCredentialId().map(credentials()::unrestricted).orElse(false);
        if (!unrestricted) {
            throw forbidden(RESTRICTED);
        }
    }

    private static List<AccessRuleRequest> ruleRequests(JsonNode rules)
    {
        List<AccessRuleRequest> requests = new ArrayList<>();
        for (JsonNode rule : rules) {
            AccessRuleRequest request = new AccessRuleRequest(Optional.ofNullable(IdentityApi.text(rule, "id", null)),
                    Optional.ofNullable(IdentityApi.text(rule, "service", null)), Optional.ofNullable(IdentityApi.text(rule, "path", null)),
                    Optional.ofNullable(IdentityApi.text(rule, "method", null)));
            if (request.id().isEmpty() && (request.service().isEmpty() || request.method().isEmpty())) {
                throw IdentityApi.validation(
                        "Invalid input for field 'access_rules': a rule needs a service and a method, or the id of a rule of the user.");
            }
            requests.add(request);
        }
        return requests;
    }

    /** Microseconds since the epoch of an ISO 8601 expiry (UTC when it names no zone); it may not be past. */
    private static Optional<Long> expiry(String text, long nowMillis)
    {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        long micros;
        try {
            Instant instant = value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")
                    ? OffsetDateTime.parse(value).toInstant()
                    : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            instant = instant.truncatedTo(ChronoUnit.MICROS);
            micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        }
        catch (DateTimeParseException | ArithmeticException e) {
            throw IdentityApi.validation("Timestamp not in expected format.");
        }
        if (micros <= nowMillis * 1000) {
            throw IdentityApi.validation("The 'expires_at' must not be before now.");
        }
        return Optional.of(micros);
    }

    private static String expiryText(long micros)
    {
        return EXPIRY.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }

    private static ApiException forbidden(String action)
    {
        return ApiException.forbidden("You are not authorized to perform the requested action: " + action);
    }

    private ApplicationCredentialService credentials()
    {
        return api.applicationCredentials();
    }
}
