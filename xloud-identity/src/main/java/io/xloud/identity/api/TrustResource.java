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
import io.xloud.identity.service.Role;
import io.xloud.identity.service.Trust;
import io.xloud.identity.service.TrustService.RoleReference;
import io.xloud.identity.service.TrustService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/OS-TRUST/trusts: a trustor delegates some of its roles on a project to a trustee, who may then get
 * trust-scoped tokens (as itself, or as the trustor with impersonation). A trust whose trustor, trustee or
 * project is gone counts as deleted, and an expired or used-up trust is not found, as in Keystone.
 */
public final class TrustResource
{
    private static final String TRUSTS = V3 + "/OS-TRUST/trusts";
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["trust"], "additionalProperties": false, "properties": {"trust": {"type": "object",
              "required": ["trustor_user_id", "trustee_user_id", "impersonation"],
              "properties": {
                "trustor_user_id": {"type": "string"},
                "trustee_user_id": {"type": "string"},
                "impersonation": {"type": "boolean"},
                "project_id": {"type": ["string", "null"]},
                "remaining_uses": {"type": ["integer", "null"], "minimum": 1},
                "expires_at": {"type": ["string", "null"]},
                "allow_redelegation": {"type": ["boolean", "null"]},
                "redelegation_count": {"type": ["integer", "null"], "minimum": 0},
                "redelegated_trust_id": {"type": ["string", "null"]},
                "roles": {"type": "array", "items": {"type": "object", "minProperties": 1, "maxProperties": 1,
                  "additionalProperties": false, "properties": {
                    "id": {"type": "string", "minLength": 1, "maxLength": 64},
                    "name": {"type": "string", "minLength": 1, "maxLength": 255}}}}}}}}
            """);
    private static final Set<String> KNOWN = Set.of("id", "trustor_user_id", "trustee_user_id", "impersonation", "project_id",
            "remaining_uses", "expires_at", "allow_redelegation", "redelegation_count", "redelegated_trust_id", "roles", "roles_links",
            "links", "deleted_at");

    private final IdentityApi api;

    public TrustResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        TargetResolver target = this::target;
        r.route("POST", TRUSTS, "identity:create_trust", this::createTarget, this::create);
        r.route("GET", TRUSTS, "identity:list_trusts", this::listTarget, this::list);
        r.route("GET", TRUSTS + "/{trust_id}", "identity:get_trust", target, this::get);
        r.route("DELETE", TRUSTS + "/{trust_id}", "identity:delete_trust", target, this::delete);
        r.route("GET", TRUSTS + "/{trust_id}/roles", "identity:list_roles_for_trust", target, this::roles);
        r.route("GET", TRUSTS + "/{trust_id}/roles/{role_id}", "identity:get_role_for_trust", target, this::role);
        r.route("HEAD", TRUSTS + "/{trust_id}/roles/{role_id}", "identity:get_role_for_trust", target, this::role);
    }

    // ---- views

    private ObjectNode view(Trust trust)
    {
        ObjectNode view = Json.object();
        view.put("id", trust.id());
        view.put("trustor_user_id", trust.trustorUserId());
        view.put("trustee_user_id", trust.trusteeUserId());
        view.put("project_id", trust.projectId().orElse(null));
        view.put("impersonation", trust.impersonation());
        view.put("expires_at", trust.expiresAt().map(IdentityApi::tokenTime).orElse(null));
        view.put("remaining_uses", trust.remainingUses().orElse(null));
        view.putNull("deleted_at");
        view.put("redelegated_trust_id", trust.redelegatedTrustId().orElse(null));
        view.put("redelegation_count", trust.redelegationCount().orElse(null));
        view.set("links", api.links("/OS-TRUST/trusts/" + trust.id()));
        IdentityApi.putExtra(view, trust.extra());
        return view;
    }

    /** Create and show add the delegated roles, as full role views, and their link. */
    private ObjectNode fullView(Trust trust)
    {
        ObjectNode view = view(trust);
        view.set("roles", roleViews(trust));
        view.set("roles_links", rolesLinks(trust));
        return view;
    }

    private ArrayNode roleViews(Trust trust)
    {
        ArrayNode roles = Json.array();
        trusts().roles(trust).forEach(role -> roles.add(IdentityViews.role(api, role)));
        return roles;
    }

    private ObjectNode rolesLinks(Trust trust)
    {
        ObjectNode links = api.links("/OS-TRUST/trusts/" + trust.id() + "/roles");
        links.putNull("previous");
        links.putNull("next");
        return links;
    }

    // ---- lookups and policy targets

    private Map<String, Object> target(Exchange exchange)
    {
        Trust trust = trusts().trust(exchange.path("trust_id"));
        Map<String, Object> target = new HashMap<>();
        target.put("target.trust.id", trust.id());
        target.put("target.trust.trustor_user_id", trust.trustorUserId());
        target.put("target.trust.trustee_user_id", trust.trusteeUserId());
        target.put("target.trust.project_id", trust.projectId().orElse(null));
        return target;
    }

    /** The body is checked before the rule, which compares the caller with the trustor the body names. */
    private Map<String, Object> createTarget(Exchange exchange)
    {
        JsonNode trust = exchange.readJson(CREATE).path("trust");
        Map<String, Object> target = new HashMap<>();
        target.put("target.trust.trustor_user_id", trust.path("trustor_user_id").asText());
        target.put("target.trust.trustee_user_id", trust.path("trustee_user_id").asText());
        target.put("trust.trustor_user_id", trust.path("trustor_user_id").asText());
        return target;
    }

    /** Keystone picks the rule by filter: list_trusts_for_trustor, list_trusts_for_trustee, or list_trusts for all. */
    private Map<String, Object> listTarget(Exchange exchange)
    {
        Optional<String> trustor = exchange.query("trustor_user_id").filter(value -> !value.isEmpty());
        Optional<String> trustee = exchange.query("trustee_user_id").filter(value -> !value.isEmpty());
        if (trustor.isPresent()) {
            exchange.narrowPolicy("identity:list_trusts_for_trustor");
            return Map.of("target.trust.trustor_user_id", trustor.get());
        }
        if (trustee.isPresent()) {
            exchange.narrowPolicy("identity:list_trusts_for_trustee");
            return Map.of("target.trust.trustee_user_id", trustee.get());
        }
        return Map.of();
    }

    /** A token from a restricted application credential may not manage trusts. */
    private void checkUnrestricted(AuthContext auth)
    {
        Optional<String> credentialId = auth.applicationCredentialId();
        if (credentialId.isEmpty()) {
            return;
        }
        boolean unrestricted = api.applicationCredentials().unrestricted(credentialId.get());
        if (!unrestricted) {
            throw TrustService.forbidden("Using method 'application_credential' is not allowed for managing trusts.");
        }
    }

    // ---- handlers

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("trust");
        AuthContext auth = exchange.auth();
        checkUnrestricted(auth);
        Optional<String> projectId = Optional.ofNullable(IdentityApi.text(entity, "project_id", null)).filter(id -> !id.isEmpty());
        JsonNode requestedRoles = entity.path("roles");
        if (projectId.isPresent() && requestedRoles.isEmpty()) {
            throw TrustService.forbidden("At least one role should be specified.");
        }
        String trustorId = entity.path("trustor_user_id").asText();
        if (!auth.userId().equals(trustorId)) {
            throw TrustService.forbidden("The authenticated user should match the trustor.");
        }
        String trusteeId = entity.path("trustee_user_id").asText();
        Optional<Long> expiresAt = expiresAt(entity.path("expires_at"));
        Optional<Integer> remainingUses = entity.hasNonNull("remaining_uses") ? Optional.of(entity.path("remaining_uses").asInt()) : Optional.empty();
        boolean impersonation = entity.path("impersonation").asBoolean();
        List<RoleReference> roles = new ArrayList<>();
        for (JsonNode role : requestedRoles) {
            roles.add(new RoleReference(role.hasNonNull("id") ? Optional.of(role.path("id").asText()) : Optional.empty(), role.path("name").asText()));
        }
        Optional<Integer> redelegationCount = entity.hasNonNull("redelegation_count")
                ? Optional.of(entity.path("redelegation_count").asInt()) : Optional.empty();
        Trust created = trusts().create(new TrustService.Request(trustorId, trusteeId, projectId, impersonation, expiresAt, remainingUses, roles,
                auth.trustId(), entity.path("allow_redelegation").asBoolean(false), redelegationCount, extra(entity)));
        exchange.json(201, Map.of("trust", fullView(created)));
    }

    private Optional<Long> expiresAt(JsonNode node)
    {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        long millis;
        try {
            millis = IdentityApi.parseTime(node.asText(), "expires_at");
        }
        catch (ApiException e) {
            throw IdentityApi.validation("Timestamp not in expected format. The server could not comply with the request since it is "
                    + "either malformed or otherwise incorrect. The client is assumed to be in error.");
        }
        if (millis < api.tokens().now()) {
            throw IdentityApi.validation("The 'expires_at' must not be before now. The server could not comply with the request since it is "
                    + "either malformed or otherwise incorrect. The client is assumed to be in error.");
        }
        return Optional.of(millis);
    }

    /** Attributes beyond Keystone's own are kept and returned, as Keystone's trust table keeps them in extra. */
    private static Map<String, Object> extra(JsonNode entity)
    {
        Map<String, Object> extra = new LinkedHashMap<>(IdentityApi.extra(entity, KNOWN, Map.of()));
        extra.values().removeIf(Objects::isNull);
        return extra;
    }

    private void list(Exchange exchange)
    {
        Optional<String> trustor = exchange.query("trustor_user_id").filter(value -> !value.isEmpty());
        Optional<String> trustee = exchange.query("trustee_user_id").filter(value -> !value.isEmpty());
        boolean unfiltered = exchange.queryParameters().isEmpty();
        List<ObjectNode> views = trusts().trusts(trustor, trustee, unfiltered).stream().map(this::view).toList();
        exchange.json(200, api.list(exchange, "trusts", views));
    }

    private void get(Exchange exchange)
    {
        String id = exchange.path("trust_id");
        exchange.json(200, Map.of("trust", fullView(trusts().trust(id))));
    }

    private void delete(Exchange exchange)
    {
        checkUnrestricted(exchange.auth());
        trusts().delete(exchange.path("trust_id"));
        exchange.noContent();
    }

    private void roles(Exchange exchange)
    {
        String id = exchange.path("trust_id");
        Trust trust = trusts().trust(id);
        ObjectNode body = Json.object();
        body.set("roles", roleViews(trust));
        body.set("links", rolesLinks(trust));
        exchange.json(200, body);
    }

    private void role(Exchange exchange)
    {
        String id = exchange.path("trust_id");
        String roleId = exchange.path("role_id");
        Role role = trusts().role(id, roleId);
        exchange.json(200, Map.of("role", IdentityViews.role(api, role)));
    }

    private TrustService trusts()
    {
        return api.trusts();
    }
}
