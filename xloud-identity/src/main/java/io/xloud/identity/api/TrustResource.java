package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import io.xloud.identity.service.RevocationEvent;
import io.xloud.identity.service.RoleResolver;
import io.xloud.identity.service.ApplicationCredential;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.service.Ids;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.service.Role;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.service.Trust;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    /** Keystone's [trust] max_redelegation_count default. */
    private static final int MAX_REDELEGATION_COUNT = 3;
    private static final JsonSchema CREATE = JsonSchemas.compile("""
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
    private ObjectNode fullView(Handle h, Trust trust)
    {
        ObjectNode view = view(trust);
        view.set("roles", roleViews(h, trust));
        view.set("roles_links", rolesLinks(trust));
        return view;
    }

    private ArrayNode roleViews(Handle h, Trust trust)
    {
        ArrayNode roles = Json.array();
        trust.roleIds().forEach(id -> RoleStore.role(h, id).ifPresent(role -> roles.add(RoleResource.view(api, role))));
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

    /** Keystone deletes a trust with its trustor, trustee or project; rows left behind by those deletes count as gone here. */
    private static boolean present(Handle h, Trust trust)
    {
        return UserStore.user(h, trust.trustorUserId()).isPresent() && UserStore.user(h, trust.trusteeUserId()).isPresent()
                && trust.projectId().map(project -> ResourceStore.project(h, project).isPresent()).orElse(true);
    }

    /** A trust that can still be used: present, not expired, uses left. */
    private Optional<Trust> usable(Handle h, String id)
    {
        long now = api.tokens().now();
        return DelegationStore.trust(h, id)
                .filter(trust -> present(h, trust))
                .filter(trust -> !trust.expired(now))
                .filter(trust -> trust.remainingUses().map(uses -> uses > 0).orElse(true));
    }

    private Trust find(Handle h, String id)
    {
        return usable(h, id).orElseThrow(() -> IdentityApi.notFound("trust", id));
    }

    private Map<String, Object> target(Exchange exchange)
    {
        Trust trust = api.store().read(h -> find(h, exchange.path("trust_id")));
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
        boolean unrestricted = api.store().read(h -> DelegationStore.applicationCredential(h, credentialId.get()))
                .map(ApplicationCredential::unrestricted).orElse(false);
        if (!unrestricted) {
            throw forbidden("Using method 'application_credential' is not allowed for managing trusts.");
        }
    }

    private static ApiException forbidden(String action)
    {
        return new ApiException(IdentityErrorCode.FORBIDDEN, "You are not authorized to perform the requested action: " + action);
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
            throw forbidden("At least one role should be specified.");
        }
        String trustorId = entity.path("trustor_user_id").asText();
        if (!auth.userId().equals(trustorId)) {
            throw forbidden("The authenticated user should match the trustor.");
        }
        String trusteeId = entity.path("trustee_user_id").asText();
        Optional<Long> expiresAt = expiresAt(entity.path("expires_at"));
        Optional<Integer> remainingUses = entity.hasNonNull("remaining_uses") ? Optional.of(entity.path("remaining_uses").asInt()) : Optional.empty();
        boolean impersonation = entity.path("impersonation").asBoolean();
        Trust created = api.store().write(h -> {
            UserStore.user(h, trusteeId).orElseThrow(() -> IdentityApi.notFound("user", trusteeId));
            List<String> roleIds = roleIds(h, requestedRoles);
            Optional<Trust> parent = auth.trustId().map(id -> find(h, id));
            requireTrustorRoles(h, parent, trustorId, projectId, roleIds);
            Trust trust = redelegate(h, new Trust(Ids.newId(), trustorId, trusteeId, projectId, impersonation, expiresAt, remainingUses,
                    Optional.empty(), Optional.empty(), roleIds, extra(entity)), entity, parent);
            for (Trust other : DelegationStore.trusts(h)) {
                if (other.trustorUserId().equals(trustorId) && other.trusteeUserId().equals(trusteeId) && other.projectId().equals(projectId)
                        && other.impersonation() == impersonation && other.expiresAt().equals(trust.expiresAt()) && present(h, other)) {
                    throw ApiException.conflict("Conflict occurred attempting to store trust - Duplicate entry.");
                }
            }
            DelegationStore.insertTrust(h, trust);
            return trust;
        });
        exchange.json(201, Map.of("trust", api.store().read(h -> fullView(h, created))));
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

    /** Roles by id as given; by name, the one role of that name in any domain (several is ambiguous: 400). */
    private static List<String> roleIds(Handle h, JsonNode requested)
    {
        Set<String> ids = new LinkedHashSet<>();
        List<Role> all = null;
        for (JsonNode role : requested) {
            if (role.hasNonNull("id")) {
                ids.add(role.path("id").asText());
                continue;
            }
            String name = role.path("name").asText();
            if (all == null) {
                all = RoleStore.roles(h);
            }
            List<Role> named = all.stream().filter(candidate -> candidate.name().equals(name)).toList();
            if (named.isEmpty()) {
                throw IdentityApi.notFound("role", name);
            }
            if (named.size() > 1) {
                throw IdentityApi.validation("There are multiple role entities named '" + name + "'. Please use ID instead of names to "
                        + "resolve the ambiguity.");
            }
            ids.add(named.getFirst().id());
        }
        return List.copyOf(ids);
    }

    /** The trustor (the first one, along a chain of redelegated trusts) must hold every delegated role on the project. */
    private static void requireTrustorRoles(Handle h, Optional<Trust> parent, String trustorId, Optional<String> projectId, List<String> roleIds)
    {
        String originalTrustor = trustorId;
        Optional<Trust> current = parent;
        int depth = 0;
        while (current.isPresent() && depth++ <= MAX_REDELEGATION_COUNT + 1) {
            originalTrustor = current.get().trustorUserId();
            current = current.get().redelegatedTrustId().flatMap(id -> DelegationStore.trust(h, id));
        }
        Set<String> held = new LinkedHashSet<>();
        if (projectId.isPresent()) {
            ResourceStore.project(h, projectId.get()).orElseThrow(() -> IdentityApi.notFound("project", projectId.get()));
            RoleResolver.projectRoles(h, originalTrustor, projectId.get()).forEach(role -> held.add(role.id()));
        }
        for (String roleId : roleIds) {
            if (!held.contains(roleId)) {
                throw IdentityApi.notFound("role", roleId);
            }
        }
    }

    /**
     * Keystone's redelegation rules: a trust allowing redelegation gets a depth (at most the configured maximum, default it)
     * and may not limit its uses; one created with a trust-scoped token continues that trust's chain, one level shorter,
     * no longer lived, with no more roles and no impersonation the parent lacks.
     */
    private static Trust redelegate(Handle h, Trust trust, JsonNode entity, Optional<Trust> parent)
    {
        Optional<Integer> requested = entity.hasNonNull("redelegation_count") ? Optional.of(entity.path("redelegation_count").asInt()) : Optional.empty();
        boolean redelegatable = entity.path("allow_redelegation").asBoolean(false) && !requested.equals(Optional.of(0));
        Optional<Integer> count;
        if (!redelegatable) {
            count = Optional.of(0);
        }
        else {
            if (requested.isPresent() && requested.get() > MAX_REDELEGATION_COUNT) {
                throw forbidden("Requested redelegation depth of " + requested.get() + " is greater than allowed " + MAX_REDELEGATION_COUNT + ".");
            }
            if (trust.remainingUses().isPresent()) {
                throw IdentityApi.validation("remaining_uses must not be set if redelegation is allowed");
            }
            count = requested;
        }
        Optional<Long> expiresAt = trust.expiresAt();
        Optional<String> redelegatedFrom = Optional.empty();
        if (parent.isPresent()) {
            int remaining = parent.get().redelegationCount().orElse(0) - 1;
            if (redelegatable && requested.isPresent() && requested.get() != remaining) {
                throw forbidden("Modifying \"redelegation_count\" upon redelegation is forbidden. Omitting this parameter is advised.");
            }
            if (count.isEmpty()) {
                count = Optional.of(remaining);
            }
            redelegatedFrom = Optional.of(parent.get().id());
            Optional<Trust> link = parent;
            int depth = 0;
            while (link.isPresent() && depth++ <= MAX_REDELEGATION_COUNT + 1) {
                Trust ancestor = link.get();
                int ancestorDepth = ancestor.redelegationCount().orElse(0);
                if (ancestorDepth <= 0 || ancestorDepth > MAX_REDELEGATION_COUNT) {
                    throw forbidden("Remaining redelegation depth of " + ancestorDepth + " out of allowed range of [0.." + MAX_REDELEGATION_COUNT + "].");
                }
                if (trust.remainingUses().isPresent()) {
                    throw forbidden("Field \"remaining_uses\" is set to " + trust.remainingUses().get()
                            + " while it must not be set in order to redelegate a trust.");
                }
                if (expiresAt.isPresent() && ancestor.expiresAt().isPresent() && ancestor.expiresAt().get() < expiresAt.get()) {
                    throw forbidden("Requested expiration time is more than redelegated trust can provide.");
                }
                if (expiresAt.isEmpty()) {
                    expiresAt = ancestor.expiresAt();
                }
                if (!ancestor.roleIds().containsAll(trust.roleIds())) {
                    throw forbidden("Some of requested roles are not in redelegated trust.");
                }
                if (trust.impersonation() && !ancestor.impersonation()) {
                    throw forbidden("Impersonation is not allowed because redelegated trust does not specify impersonation.");
                }
                link = ancestor.redelegatedTrustId().flatMap(id -> DelegationStore.trust(h, id));
            }
        }
        return new Trust(trust.id(), trust.trustorUserId(), trust.trusteeUserId(), trust.projectId(), trust.impersonation(), expiresAt,
                trust.remainingUses(), redelegatedFrom, Optional.of(count.orElse(MAX_REDELEGATION_COUNT)), trust.roleIds(), trust.extra());
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
        List<ObjectNode> views = api.store().read(h -> {
            List<ObjectNode> result = new ArrayList<>();
            for (Trust trust : DelegationStore.trusts(h)) {
                boolean wanted = trustor.isPresent() ? trust.trustorUserId().equals(trustor.get())
                        : trustee.isPresent() ? trust.trusteeUserId().equals(trustee.get())
                        : unfiltered;
                if (wanted && present(h, trust)) {
                    result.add(view(trust));
                }
            }
            return result;
        });
        exchange.json(200, api.list(exchange, "trusts", views));
    }

    private void get(Exchange exchange)
    {
        String id = exchange.path("trust_id");
        exchange.json(200, Map.of("trust", api.store().read(h -> fullView(h, find(h, id)))));
    }

    private void delete(Exchange exchange)
    {
        checkUnrestricted(exchange.auth());
        String id = exchange.path("trust_id");
        api.store().writeVoid(h -> {
            find(h, id);
            deleteWithRedelegations(h, id, 0);
        });
        exchange.noContent();
    }

    /** Deleting a trust deletes the trusts redelegated from it, and revokes the tokens of each at once. */
    private void deleteWithRedelegations(Handle h, String id, int depth)
    {
        if (depth <= MAX_REDELEGATION_COUNT + 1) {
            for (Trust child : DelegationStore.trusts(h)) {
                if (child.redelegatedTrustId().equals(Optional.of(id))) {
                    deleteWithRedelegations(h, child.id(), depth + 1);
                }
            }
        }
        DelegationStore.deleteTrust(h, id);
        api.tokens().revoke(h, RevocationEvent.forTrust(id, api.tokens().now(), api.tokens().revocationWindowMillis()));
    }

    private void roles(Exchange exchange)
    {
        String id = exchange.path("trust_id");
        ObjectNode body = api.store().read(h -> {
            Trust trust = find(h, id);
            ObjectNode result = Json.object();
            result.set("roles", roleViews(h, trust));
            result.set("links", rolesLinks(trust));
            return result;
        });
        exchange.json(200, body);
    }

    private void role(Exchange exchange)
    {
        String id = exchange.path("trust_id");
        String roleId = exchange.path("role_id");
        Role role = api.store().read(h -> {
            Trust trust = find(h, id);
            if (!trust.roleIds().contains(roleId)) {
                throw IdentityApi.notFound("role", roleId);
            }
            return RoleStore.role(h, roleId).orElseThrow(() -> IdentityApi.notFound("role", roleId));
        });
        exchange.json(200, Map.of("role", RoleResource.view(api, role)));
    }
}
