package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.service.RevocationEvent;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.service.Ids;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.service.User;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.HashMap;
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
    private static final JsonSchema CREATE = JsonSchemas.compile("""
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
    private static final JsonSchema UPDATE = JsonSchemas.compile("""
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
    private static final JsonSchema CHANGE_PASSWORD = JsonSchemas.compile("""
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
        TargetResolver target = targetOf(api);
        r.route("POST", V3 + "/users", "identity:create_user", this::createTarget, this::create);
        r.route("GET", V3 + "/users", "identity:list_users", this::listTarget, this::list);
        r.route("GET", V3 + "/users/{user_id}", "identity:get_user", target, this::get);
        r.route("PATCH", V3 + "/users/{user_id}", "identity:update_user", target, this::update);
        r.route("DELETE", V3 + "/users/{user_id}", "identity:delete_user", target, this::delete);
        // authorised by the original password, as in Keystone, so that a user whose password expired can still change it
        r.publicRoute("POST", V3 + "/users/{user_id}/password", this::changePassword);
    }

    /** Policy target of the user named in the path: {@code target.user.id} and {@code target.user.domain_id}. */
    public static TargetResolver targetOf(IdentityApi api)
    {
        return exchange -> {
            String id = exchange.path("user_id");
            User user = api.store().read(h -> find(h, id));
            Map<String, Object> target = new HashMap<>();
            target.put("target.user.id", user.id());
            target.put("target.user.domain_id", user.domainId());
            target.put("user_id", user.id());
            target.put("domain_id", user.domainId());
            return target;
        };
    }

    public static User find(Handle h, String id)
    {
        return UserStore.user(h, id).orElseThrow(() -> IdentityApi.notFound("user", id));
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

    public static ObjectNode view(IdentityApi api, User user)
    {
        ObjectNode view = Json.object();
        view.put("id", user.id());
        view.put("name", user.name());
        view.put("domain_id", user.domainId());
        view.put("enabled", user.enabled());
        user.defaultProjectId().ifPresent(project -> view.put("default_project_id", project));
        view.put("password_expires_at", user.passwordExpiresAt().map(IdentityApi::resourceTime).orElse(null));
        view.set("options", Json.mapper().valueToTree(user.options()));
        view.set("links", api.links("/users/" + user.id()));
        IdentityApi.putExtra(view, user.extra());
        return view;
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("user");
        String domainId = domainFor(exchange, entity);
        Optional<String> password = Optional.ofNullable(IdentityApi.text(entity, "password", null));
        password.ifPresent(this::checkPasswordRules);
        long now = api.tokens().now();
        Map<String, Object> options = options(entity.path("options"), Map.of());
        Optional<String> hash = password.map(api.hasher()::hash);
        Optional<Long> expires = password.flatMap(ignored -> passwordExpiry(now, options, true));
        User user = new User(Ids.newId(), entity.path("name").asText(), domainId, entity.path("enabled").asBoolean(true),
                Optional.ofNullable(IdentityApi.text(entity, "default_project_id", null)), hash, hash.map(ignored -> now), expires, 0,
                Optional.empty(), options, IdentityApi.extra(entity, KNOWN, Map.of()), now);
        api.store().writeVoid(h -> {
            if (ResourceStore.domain(h, domainId).isEmpty()) {
                throw IdentityApi.notFound("domain", domainId);
            }
            if (user.defaultProjectId().isPresent() && ResourceStore.project(h, user.defaultProjectId().get()).isEmpty()) {
                throw IdentityApi.notFound("project", user.defaultProjectId().get());
            }
            if (UserStore.userByName(h, domainId, user.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name " + user.name()
                        + " at domain ID " + domainId + ".");
            }
            UserStore.insertUser(h, user);
            hash.ifPresent(value -> UserStore.addPasswordHistory(h, user.id(), value, now));
        });
        exchange.json(201, Map.of("user", view(api, user)));
    }

    /** When a password set now expires: at once for an admin-set password with change_password_upon_first_use, else after the configured days. */
    private Optional<Long> passwordExpiry(long now, Map<String, Object> options, boolean setByAdmin)
    {
        if (setByAdmin && api.settings().changePasswordUponFirstUse() && !Boolean.TRUE.equals(options.get("ignore_change_password_upon_first_use"))) {
            return Optional.of(now);
        }
        if (api.settings().passwordExpiresDays() > 0 && !Boolean.TRUE.equals(options.get("ignore_password_expiry"))) {
            return Optional.of(now + api.settings().passwordExpiresDays() * 86_400_000L);
        }
        return Optional.empty();
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

    private void checkPasswordRules(String password)
    {
        Optional<String> regex = api.settings().passwordRegex();
        if (regex.isPresent() && !password.matches(regex.get())) {
            throw new ApiException(IdentityErrorCode.PASSWORD_VALIDATION_ERROR,
                    "Password validation error: The password does not meet the requirements: "
                            + api.settings().passwordRegexDescription().orElse(regex.get()) + ".");
        }
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = api.store().read(UserStore::users).stream().map(user -> view(api, user)).toList();
        views = IdentityApi.filter(exchange, views, Set.of("name", "enabled", "domain_id", "id", "default_project_id"));
        AuthContext auth = exchange.auth();
        if (!auth.systemScope() && !auth.isAdmin()) {
            String domain = auth.domainId().or(auth::projectDomainId).orElse("");
            views = views.stream().filter(view -> view.path("domain_id").asText().equals(domain)).toList();
        }
        exchange.json(200, api.list(exchange, "users", views));
    }

    private void get(Exchange exchange)
    {
        User user = api.store().read(h -> find(h, exchange.path("user_id")));
        exchange.json(200, Map.of("user", view(api, user)));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("user");
        String id = exchange.path("user_id");
        Optional<String> password = entity.has("password") ? Optional.ofNullable(IdentityApi.text(entity, "password", null)) : Optional.empty();
        password.ifPresent(this::checkPasswordRules);
        long now = api.tokens().now();
        Optional<String> newHash = password.map(api.hasher()::hash);
        User updated = api.store().write(h -> {
            User current = find(h, id);
            if (entity.hasNonNull("domain_id") && !entity.path("domain_id").asText().equals(current.domainId())) {
                throw IdentityApi.validation("Cannot change the domain of a user.");
            }
            Map<String, Object> options = options(entity.path("options"), current.options());
            Optional<String> defaultProject = entity.has("default_project_id")
                    ? Optional.ofNullable(IdentityApi.text(entity, "default_project_id", null)) : current.defaultProjectId();
            if (defaultProject.isPresent() && !defaultProject.equals(current.defaultProjectId())
                    && ResourceStore.project(h, defaultProject.get()).isEmpty()) {
                throw IdentityApi.notFound("project", defaultProject.get());
            }
            User next = new User(id, IdentityApi.text(entity, "name", current.name()), current.domainId(),
                    entity.has("enabled") ? entity.path("enabled").asBoolean() : current.enabled(), defaultProject,
                    newHash.isPresent() ? newHash : current.passwordHash(),
                    newHash.isPresent() ? Optional.of(now) : current.passwordCreatedAt(),
                    newHash.isPresent() ? passwordExpiry(now, options, true) : current.passwordExpiresAt(),
                    newHash.isPresent() ? 0 : current.failedAuthCount(), newHash.isPresent() ? Optional.empty() : current.failedAuthAt(),
                    options, IdentityApi.extra(entity, KNOWN, current.extra()), current.createdAt());
            if (!next.name().equals(current.name()) && UserStore.userByName(h, current.domainId(), next.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name " + next.name() + ".");
            }
            UserStore.updateUser(h, next);
            newHash.ifPresent(value -> UserStore.addPasswordHistory(h, id, value, now));
            if ((current.enabled() && !next.enabled()) || newHash.isPresent()) {
                api.tokens().revoke(h, RevocationEvent.forUser(id, now, api.tokens().revocationWindowMillis()));
            }
            return next;
        });
        exchange.json(200, Map.of("user", view(api, updated)));
    }

    private void delete(Exchange exchange)
    {
        String id = exchange.path("user_id");
        api.store().writeVoid(h -> {
            find(h, id);
            RoleStore.deleteAssignmentsOfActor(h, id);
            for (var credential : DelegationStore.applicationCredentialsOfUser(h, id)) {
                DelegationStore.deleteApplicationCredential(h, credential.id());
            }
            h.createUpdate("DELETE FROM credentials WHERE user_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM access_rules WHERE user_id = :id").bind("id", id).execute();
            // trusts given or received by the user go with it (their tokens stop through the user event below)
            h.createUpdate("DELETE FROM trusts WHERE trustor_user_id = :id OR trustee_user_id = :id").bind("id", id).execute();
            UserStore.deleteUser(h, id);
            api.tokens().revoke(h, RevocationEvent.forUser(id, api.tokens().now(), api.tokens().revocationWindowMillis()));
        });
        exchange.noContent();
    }

    private void changePassword(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CHANGE_PASSWORD).path("user");
        String id = exchange.path("user_id");
        String original = entity.path("original_password").asText();
        String password = entity.path("password").asText();
        User user = api.store().read(h -> find(h, id));
        if (!api.hasher().verify(original, user.passwordHash().orElse(null))) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        if (user.option("lock_password")) {
            throw ApiException.forbidden("You cannot change your password at this time due to password policy disallowing password changes.");
        }
        checkPasswordRules(password);
        long now = api.tokens().now();
        IdentitySettings settings = api.settings();
        if (settings.minimumPasswordAgeDays() > 0 && user.passwordCreatedAt().isPresent()
                && now - user.passwordCreatedAt().get() < settings.minimumPasswordAgeDays() * 86_400_000L
                && user.passwordExpiresAt().map(at -> at > now).orElse(true)) {
            throw new ApiException(IdentityErrorCode.PASSWORD_VALIDATION_ERROR,
                    "You cannot change your password at this time due to the minimum password age. Once you change your password, it must be "
                            + "used for " + settings.minimumPasswordAgeDays() + " day(s) before it can be changed.");
        }
        if (settings.uniqueLastPasswordCount() > 1) {
            // none of the last `count` passwords, the current one included, may be set again
            List<String> history = api.store().read(h -> UserStore.passwordHistory(h, id, settings.uniqueLastPasswordCount()));
            for (String previous : history) {
                if (api.hasher().verify(password, previous)) {
                    throw new ApiException(IdentityErrorCode.PASSWORD_VALIDATION_ERROR,
                            "Password validation error: The new password cannot be identical to a previous password. The total number which "
                                    + "includes the new password must be unique is " + settings.uniqueLastPasswordCount() + ".");
                }
            }
        }
        String hash = api.hasher().hash(password);
        api.store().writeVoid(h -> {
            User current = find(h, id);
            User next = new User(id, current.name(), current.domainId(), current.enabled(), current.defaultProjectId(), Optional.of(hash),
                    Optional.of(now), passwordExpiry(now, current.options(), false), 0, Optional.empty(), current.options(), current.extra(),
                    current.createdAt());
            UserStore.updateUser(h, next);
            UserStore.addPasswordHistory(h, id, hash, now);
            api.tokens().revoke(h, RevocationEvent.forUser(id, now, api.tokens().revocationWindowMillis()));
        });
        exchange.noContent();
    }
}
