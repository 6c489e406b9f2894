package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.User;
import io.xloud.identity.service.UserService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/** /v3/users and the self-service password change. */
public final class UserResource
{
    private static final String OPTIONS = """
            {"type": "object", "additionalProperties": false, "properties": {
              "ignore_change_password_upon_first_use": {"type": ["boolean", "null"]},
              "ignore_password_expiry": {"type": ["boolean", "null"]},
              "ignore_lockout_failure_attempts": {"type": ["boolean", "null"]},
              "ignore_user_inactivity": {"type": ["boolean", "null"]},
              "lock_password": {"type": ["boolean", "null"]},
              "multi_factor_auth_enabled": {"type": ["boolean", "null"]},
              "multi_factor_auth_rules": {"type": ["array", "null"]}}}""";
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["user"], "properties": {"user": {"type": "object", "required": ["name"],
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "domain_id": {"type": ["string", "null"]},
                "default_project_id": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"},
                "password": {"type": ["string", "null"], "maxLength": 4096},
                "options": %s}}}}
            """.formatted(OPTIONS));
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["user"], "properties": {"user": {"type": "object",
              "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "domain_id": {"type": ["string", "null"]},
                "default_project_id": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"]},
                "enabled": {"type": "boolean"},
                "password": {"type": ["string", "null"], "maxLength": 4096},
                "options": %s}}}}
            """.formatted(OPTIONS));
    private static final RequestSchema CHANGE_PASSWORD = JsonSchemas.of("""
            {"type": "object", "required": ["user"], "properties": {"user": {"type": "object",
              "required": ["password", "original_password"], "additionalProperties": false, "properties": {
                "password": {"type": "string", "maxLength": 4096},
                "original_password": {"type": "string", "maxLength": 4096}}}}}
            """);
    private static final Set<String> KNOWN = Set.of("id", "name", "domain_id", "default_project_id", "enabled", "password", "options",
            "links", "password_expires_at");

    private final IdentityApi api;

    public UserResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        TargetResolver target = api.userTarget();
        r.route("POST", V3 + "/users", "identity:create_user", this::createTarget, this::create);
        r.route("GET", V3 + "/users", "identity:list_users", this::listTarget, this::list);
        r.route("GET", V3 + "/users/{user_id}", "identity:get_user", target, this::get);
        r.route("PATCH", V3 + "/users/{user_id}", "identity:update_user", target, this::update);
        r.route("DELETE", V3 + "/users/{user_id}", "identity:delete_user", target, this::delete);
        // authorised by the original password, as in Keystone, so that a user whose password expired can still change it
        r.publicRoute("POST", V3 + "/users/{user_id}/password", this::changePassword);
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        return Map.of("target.user.domain_id", domainFor(exchange, exchange.readJson(CREATE).path("user")));
    }

    private Map<String, Object> listTarget(Exchange exchange)
    {
        return exchange.query("domain_id").<Map<String, Object>>map(domain -> Map.of("domain_id", domain, "target.domain_id", domain))
                .orElse(Map.of());
    }

    private static String domainFor(Exchange exchange, JsonNode entity)
    {
        if (entity.hasNonNull("domain_id")) {
            return entity.path("domain_id").asText();
        }
        AuthContext auth = exchange.auth();
        return auth.domainId().or(auth::projectDomainId).orElse("default");
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("user");
        User user = users().create(entity.path("name").asText(), domainFor(exchange, entity), entity.path("enabled").asBoolean(true),
                Optional.ofNullable(IdentityApi.text(entity, "default_project_id", null)),
                Optional.ofNullable(IdentityApi.text(entity, "password", null)), options(entity.path("options"), Map.of()),
                IdentityApi.extra(entity, KNOWN, Map.of()));
        exchange.json(201, Map.of("user", IdentityViews.user(api, user)));
    }

    private static Map<String, Object> options(JsonNode node, Map<String, Object> current)
    {
        Map<String, Object> options = new LinkedHashMap<>(current);
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                options.remove(field.getKey());
            }
            else {
                options.put(field.getKey(), Json.mapper().convertValue(field.getValue(), Object.class));
            }
        });
        return options;
    }

    private void list(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        Optional<String> domain = auth.systemScope() || auth.isAdmin() ? Optional.empty() : Optional.of(auth.domainId().or(auth::projectDomainId).orElse(""));
        ListRequest request = users().listRequest(exchange.queryParameters(), api.settings().listLimit());
        Page<User> page = users().page(request, domain);
        exchange.json(200, api.page(exchange, "users", request, page.map(user -> IdentityViews.user(api, user))));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("user", IdentityViews.user(api, users().user(exchange.path("user_id")))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("user");
        String id = exchange.path("user_id");
        Optional<String> password = entity.has("password") ? Optional.ofNullable(IdentityApi.text(entity, "password", null)) : Optional.empty();
        IdentityApi.requireMatchingId(entity, id);
        User updated = users().update(id, password, current -> {
            IdentityApi.requireUnchanged(entity, "domain_id", Optional.of(current.domainId()), "Cannot change Domain ID");
            Optional<String> defaultProject = entity.has("default_project_id")
                    ? Optional.ofNullable(IdentityApi.text(entity, "default_project_id", null)) : current.defaultProjectId();
            return new User(id, IdentityApi.text(entity, "name", current.name()), current.domainId(),
                    entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(), defaultProject,
                    current.passwordHash(), current.passwordCreatedAt(), current.passwordExpiresAt(), current.failedAuthCount(),
                    current.failedAuthAt(), options(entity.path("options"), current.options()), IdentityApi.extra(entity, KNOWN, current.extra()),
                    current.createdAt());
        });
        exchange.json(200, Map.of("user", IdentityViews.user(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        users().delete(exchange.path("user_id"));
        exchange.noContent();
    }

    private void changePassword(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CHANGE_PASSWORD).path("user");
        String id = exchange.path("user_id");
        users().changePassword(id, entity.path("original_password").asText(), entity.path("password").asText());
        exchange.noContent();
    }

    private UserService users()
    {
        return api.users();
    }
}
