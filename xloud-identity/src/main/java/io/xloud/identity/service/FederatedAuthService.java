package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.store.FederationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Keystone's mapped authentication (keystone/auth/plugins/mapped.py) behind
 * /v3/OS-FEDERATION/identity_providers/{idp}/protocols/{protocol}/auth: the assertion (here the claims of an OpenID
 * Connect bearer token this server checks itself) goes through the protocol's mapping; an ephemeral user is shadowed
 * in the provider's domain (a local one must exist), mapped projects are created and granted, and the unscoped token
 * carries the provider, the protocol and the mapped groups.
 */
public final class FederatedAuthService
{
    private static final String AUTH_FAILED = "The request you have made requires authentication.";

    private final IdentityStore store;
    private final TokenService tokens;
    private final IdentitySettings settings;
    private final OidcTokenVerifier oidc;

    public FederatedAuthService(IdentityStore store, TokenService tokens, IdentitySettings settings, OidcTokenVerifier oidc)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.oidc = requireNonNull(oidc, "oidc is null");
    }

    private record Context(IdentityProvider idp, FederationProtocol protocol, FederationMapping mapping) {}

    public ValidatedToken authenticate(String idpId, String protocolId, Optional<String> bearerToken)
    {
        Context context = store.read(h -> {
            IdentityProvider idp = FederationService.identityProvider(h, idpId);
            FederationProtocol protocol = FederationService.protocol(h, idpId, protocolId);
            return new Context(idp, protocol, FederationService.mapping(h, protocol.mappingId()));
        });
        if (!context.idp().enabled()) {
            throw ApiException.forbidden("Identity Provider " + idpId + " is disabled");
        }
        OidcTokenVerifier.Settings oidcSettings = OidcTokenVerifier.Settings.of(context.idp(), protocolId)
                .orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED + " This identity provider has no OpenID Connect settings "
                        + "to check a bearer token with."));
        String token = bearerToken.orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED + " Send the identity provider's token as "
                + "'Authorization: Bearer <token>'."));
        Map<String, String> assertion = oidc.verify(token, oidcSettings);
        return authenticate(context, assertion);
    }

    /** Maps an assertion already trusted, and issues the unscoped federated token. */
    private ValidatedToken authenticate(Context context, Map<String, String> assertion)
    {
        validateRemoteId(context, assertion);
        MappingEngine.Mapped mapped = new MappingEngine(context.mapping().id(), context.mapping().rules()).process(assertion);
        record Outcome(String userId, List<String> groupIds) {}
        org.jdbi.v3.core.HandleCallback<Outcome, RuntimeException> map = h -> {
            List<String> groupIds = groupIds(h, context, mapped);
            String userId = mapped.userType().equals("local") ? localUser(h, mapped.user()) : shadowUser(h, context, mapped.user());
            grantProjects(h, context.idp(), userId, mapped.projects());
            return new Outcome(userId, groupIds);
        };
        // a returning user whose shadow, projects and grants are all in place changes nothing: no write, so no node
        // drops its caches for a login
        Optional<Outcome> unchanged = store.read(h -> {
            List<String> groupIds = groupIds(h, context, mapped);
            Optional<String> userId = mapped.userType().equals("local") ? Optional.of(localUser(h, mapped.user()))
                    : existingShadowUser(h, context, mapped.user());
            return userId.filter(id -> projectsGranted(h, context.idp(), id, mapped.projects())).map(id -> new Outcome(id, groupIds));
        });
        Outcome outcome;
        try {
            outcome = unchanged.isPresent() ? unchanged.get() : store.write(map);
        }
        catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            // a first login of the same user (or a first use of the same project) on another request won the insert
            outcome = store.write(map);
        }
        recordMemberships(context.idp(), outcome.userId(), outcome.groupIds());
        long issuedAt = tokens.issueTime();
        long expiresAt = issuedAt + settings.tokenExpirationSeconds() * 1000;
        String protocolId = context.protocol().id();
        TokenPayload payload = new TokenPayload(outcome.userId(), List.of(protocolId), TokenPayload.Scope.UNSCOPED, "", issuedAt, expiresAt,
                List.of(TokenService.newAuditId()), Optional.empty(), Optional.empty(),
                Optional.of(new TokenPayload.Federation(context.idp().id(), protocolId, outcome.groupIds())));
        return tokens.validate(tokens.issue(payload), false).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
    }

    /**
     * Keystone's expiring group memberships: with an authorization_ttl, the mapped groups count beyond the token (an
     * application credential, a trust) for that many minutes after each login. A changed set of groups moves the
     * identity revision, since roles follow; the same set again only moves its timestamp.
     */
    private void recordMemberships(IdentityProvider idp, String userId, List<String> groupIds)
    {
        if (idp.authorizationTtl().orElse(0) <= 0) {
            return;
        }
        long now = tokens.now();
        List<String> wanted = groupIds.stream().sorted().toList();
        List<String> current = store.read(h -> FederationStore.expiringGroupIds(h, userId, idp.id()));
        if (current.equals(wanted)) {
            store.touch(h -> FederationStore.confirmExpiringGroups(h, userId, idp.id(), now));
        }
        else {
            try {
                store.writeVoid(h -> FederationStore.replaceExpiringGroups(h, userId, idp.id(), wanted, now));
            }
            catch (ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
                // a concurrent login of the same user recorded them
            }
        }
    }

    /** Keystone's validate_idp: with a remote id attribute and remote ids, the assertion must name one of them. */
    private static void validateRemoteId(Context context, Map<String, String> assertion)
    {
        Optional<String> attribute = context.protocol().remoteIdAttribute();
        if (attribute.isEmpty() || context.idp().remoteIds().isEmpty()) {
            return;
        }
        String remoteId = assertion.get(attribute.get());
        if (remoteId == null) {
            throw IdentityErrors.validation("Could not find Identity Provider identifier in environment");
        }
        if (!context.idp().remoteIds().contains(remoteId)) {
            throw ApiException.forbidden("Incoming identity provider identifier not included among the accepted identifiers.");
        }
    }

    private static List<String> groupIds(Handle h, Context context, MappingEngine.Mapped mapped)
    {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : mapped.groupIds()) {
            if (UserStore.group(h, id).isEmpty()) {
                throw ApiException.unauthorized("Group " + id + " returned by mapping " + context.mapping().id() + " was not found in the backend.");
            }
            ids.add(id);
        }
        for (MappingEngine.GroupName name : mapped.groupNames()) {
            // Keystone skips a named group that does not exist
            Optional<String> domainId = name.domainId().or(() -> name.domainName().flatMap(domain -> ResourceStore.domainByName(h, domain).map(Domain::id)));
            domainId.flatMap(domain -> UserStore.groupByName(h, domain, name.name())).ifPresent(group -> ids.add(group.id()));
        }
        return new ArrayList<>(ids);
    }

    private static Optional<Domain> domain(Handle h, JsonNode domain)
    {
        if (domain.hasNonNull("id")) {
            return ResourceStore.domain(h, domain.path("id").asText());
        }
        if (domain.hasNonNull("name")) {
            return ResourceStore.domainByName(h, domain.path("name").asText());
        }
        return Optional.empty();
    }

    private static String localUser(Handle h, JsonNode user)
    {
        Optional<User> found;
        if (user.hasNonNull("id")) {
            found = UserStore.user(h, user.path("id").asText());
        }
        else if (user.hasNonNull("name")) {
            found = domain(h, user.path("domain")).flatMap(domain -> UserStore.userByName(h, domain.id(), user.path("name").asText()));
        }
        else {
            found = Optional.empty();
        }
        return found.filter(User::enabled).map(User::id)
                .orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED + " The mapped local user does not exist."));
    }

    /** Who a mapped ephemeral user is: its unique id (Keystone url-quotes it), its display name, its domain. */
    private record FederatedIdentity(String uniqueId, String displayName, String domainId) {}

    private static FederatedIdentity identity(Handle h, Context context, JsonNode user)
    {
        String id = user.path("id").asText("");
        String name = user.path("name").asText("");
        if (id.isEmpty() && name.isEmpty()) {
            throw ApiException.unauthorized("Could not map user while setting ephemeral user identity. "
                    + "Either mapping rules must specify user id/name or REMOTE_USER environment variable must be set.");
        }
        String displayName = name.isEmpty() ? id : name;
        String uniqueId = URLEncoder.encode(id.isEmpty() ? name : id, StandardCharsets.UTF_8);
        if (uniqueId.length() > 255 || displayName.length() > 255) {
            throw IdentityErrors.validation("The mapped user id or name is longer than 255 characters.");
        }
        String domainId = user.has("domain")
                ? domain(h, user.path("domain")).map(Domain::id).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED
                        + " The mapped user's domain does not exist."))
                : context.idp().domainId();
        return new FederatedIdentity(uniqueId, displayName, domainId);
    }

    /** The shadow user when it exists and needs no change. */
    private static Optional<String> existingShadowUser(Handle h, Context context, JsonNode user)
    {
        FederatedIdentity identity = identity(h, context, user);
        return FederationStore.federatedUserId(h, context.idp().id(), context.protocol().id(), identity.uniqueId())
                .flatMap(id -> UserStore.user(h, id))
                .filter(current -> current.name().equals(identity.displayName())
                        || UserStore.userByName(h, current.domainId(), identity.displayName()).isPresent())
                .map(User::id);
    }

    /** Keystone's shadow_federated_user: one user per (provider, protocol, unique id), named by the mapping. */
    private String shadowUser(Handle h, Context context, JsonNode user)
    {
        FederatedIdentity identity = identity(h, context, user);
        String displayName = identity.displayName();
        String uniqueId = identity.uniqueId();
        String domainId = identity.domainId();
        String idpId = context.idp().id();
        String protocolId = context.protocol().id();
        Optional<String> existing = FederationStore.federatedUserId(h, idpId, protocolId, uniqueId);
        if (existing.isPresent()) {
            Optional<User> shadow = UserStore.user(h, existing.get());
            if (shadow.isPresent()) {
                User current = shadow.get();
                if (!current.name().equals(displayName) && UserStore.userByName(h, current.domainId(), displayName).isEmpty()) {
                    UserStore.updateUser(h, rename(current, displayName));
                }
                return current.id();
            }
            FederationStore.deleteFederatedUser(h, existing.get());
        }
        // a user name is unique in its domain: a display name already taken falls back to the unique id
        String userName = UserStore.userByName(h, domainId, displayName).isEmpty() ? displayName : uniqueId;
        if (UserStore.userByName(h, domainId, userName).isPresent()) {
            throw ApiException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name " + userName + ".");
        }
        Map<String, Object> extra = user.hasNonNull("email") ? Map.of("email", user.path("email").asText()) : Map.of();
        User shadow = new User(Ids.newId(), userName, domainId, true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                0, Optional.empty(), Map.of(), extra, tokens.now());
        UserStore.insertUser(h, shadow);
        FederationStore.insertFederatedUser(h, shadow.id(), idpId, protocolId, uniqueId, displayName);
        return shadow.id();
    }

    private static User rename(User user, String name)
    {
        return new User(user.id(), name, user.domainId(), user.enabled(), user.defaultProjectId(), user.passwordHash(), user.passwordCreatedAt(),
                user.passwordExpiresAt(), user.failedAuthCount(), user.failedAuthAt(), user.options(), user.extra(), user.createdAt());
    }

    private static boolean projectsGranted(Handle h, IdentityProvider idp, String userId, List<MappingEngine.MappedProject> projects)
    {
        for (MappingEngine.MappedProject mapped : projects) {
            Optional<String> domainId = mapped.domainId()
                    .or(() -> mapped.domainName().flatMap(name -> ResourceStore.domainByName(h, name).map(Domain::id)))
                    .or(() -> Optional.of(idp.domainId()));
            Optional<Project> project = domainId.flatMap(domain -> ResourceStore.projectByName(h, domain, mapped.name()));
            if (project.isEmpty()) {
                return false;
            }
            for (String roleName : mapped.roles()) {
                Optional<Role> role = RoleStore.roleByName(h, Optional.empty(), roleName);
                if (role.isEmpty() || !RoleStore.exists(h, new Assignment(Assignment.Type.UserProject, userId, project.get().id(), role.get().id(), false))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Keystone's handle_projects_from_mapping: each project found or created (in the provider's domain), its roles granted. */
    private static void grantProjects(Handle h, IdentityProvider idp, String userId, List<MappingEngine.MappedProject> projects)
    {
        for (MappingEngine.MappedProject mapped : projects) {
            String domainId = mapped.domainId()
                    .or(() -> mapped.domainName().flatMap(name -> ResourceStore.domainByName(h, name).map(Domain::id)))
                    .orElse(idp.domainId());
            if (ResourceStore.domain(h, domainId).isEmpty()) {
                throw IdentityErrors.validation("The domain of mapped project " + mapped.name() + " does not exist.");
            }
            if (mapped.name().isEmpty() || mapped.name().length() > 64) {
                throw IdentityErrors.validation("The mapped project name must be 1 to 64 characters long.");
            }
            Project project = ResourceStore.projectByName(h, domainId, mapped.name()).orElseGet(() -> {
                Project created = new Project(Ids.newId(), mapped.name(), domainId, Optional.empty(), Optional.empty(), true, List.of(), Map.of());
                ResourceStore.insertProject(h, created);
                return created;
            });
            for (String roleName : mapped.roles()) {
                Role role = RoleStore.roleByName(h, Optional.empty(), roleName)
                        .orElseThrow(() -> IdentityErrors.validation("Role " + roleName + " of mapped project " + mapped.name() + " does not exist."));
                Assignment grant = new Assignment(Assignment.Type.UserProject, userId, project.id(), role.id(), false);
                if (!RoleStore.exists(h, grant)) {
                    RoleStore.grant(h, grant);
                }
            }
        }
    }
}
