package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** POST /v3/auth/tokens: checks each method, settles the scope, and issues the token. */
public final class AuthService
{
    private static final String AUTH_FAILED = "The request you have made requires authentication.";

    private final IdentityStore store;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final IdentitySettings settings;

    public AuthService(IdentityStore store, TokenService tokens, PasswordHasher hasher, IdentitySettings settings)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    private record Identified(String userId, List<String> methods, Optional<ValidatedToken> fromToken,
            Optional<ApplicationCredential> applicationCredential, List<String> auditIds, Optional<Long> expiresAt) {}

    /** Authenticates an {@code auth} object (already schema-checked) and returns the new token, validated. */
    public ValidatedToken authenticate(JsonNode auth, boolean unscopedRequested)
    {
        JsonNode identity = auth.path("identity");
        List<String> methods = new ArrayList<>();
        identity.path("methods").forEach(method -> methods.add(method.asText()));
        if (methods.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'identity.methods': at least one method is required.");
        }
        Identified identified = identify(identity, methods);
        JsonNode scope = auth.path("scope");
        return issue(identified, scope, unscopedRequested);
    }

    private Identified identify(JsonNode identity, List<String> methods)
    {
        String userId = null;
        Optional<ValidatedToken> fromToken = Optional.empty();
        Optional<ApplicationCredential> applicationCredential = Optional.empty();
        for (String method : methods) {
            String methodUser;
            switch (method) {
                case "password" -> methodUser = password(identity.path("password"));
                case "token" -> {
                    fromToken = Optional.of(token(identity.path("token")));
                    methodUser = fromToken.get().payload().userId();
                }
                case "application_credential" -> {
                    applicationCredential = Optional.of(applicationCredential(identity.path("application_credential")));
                    methodUser = applicationCredential.get().userId();
                }
                default -> throw ApiException.unauthorized("Attempted to authenticate with an unsupported method.");
            }
            if (userId != null && !userId.equals(methodUser)) {
                throw ApiException.unauthorized("Methods authenticated different users.");
            }
            userId = methodUser;
        }
        List<String> audits = new ArrayList<>();
        audits.add(TokenService.newAuditId());
        Optional<Long> expiresAt = Optional.empty();
        List<String> allMethods = new ArrayList<>(methods);
        if (fromToken.isPresent()) {
            // a token made from a token keeps the original's expiry and belongs to its audit chain
            TokenPayload original = fromToken.get().payload();
            audits.add(original.auditChainId());
            expiresAt = Optional.of(original.expiresAtMillis());
            for (String method : original.methods()) {
                if (!allMethods.contains(method)) {
                    allMethods.add(method);
                }
            }
            if (original.applicationCredentialId().isPresent()) {
                throw ApiException.forbidden("A token created with an application credential cannot be used to create another token.");
            }
            if (original.methods().contains(Ec2TokenService.METHOD)) {
                throw ApiException.forbidden("A token created from an EC2 credential cannot be used to create another token.");
            }
            if (original.trustId().isPresent()) {
                throw ApiException.forbidden("A trust-scoped token cannot be used to create another token.");
            }
        }
        return new Identified(userId, allMethods, fromToken, applicationCredential, audits, expiresAt);
    }

    private String password(JsonNode password)
    {
        JsonNode userNode = password.path("user");
        String secret = userNode.path("password").asText(null);
        if (secret == null) {
            throw ApiException.badRequest("Invalid input for field 'identity.password.user.password': it is required.");
        }
        User user = store.read(h -> findUser(h, userNode)).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
        long now = tokens.now();
        if (settings.lockoutFailureAttempts() > 0 && !user.option("ignore_lockout_failure_attempts")
                && user.failedAuthCount() >= settings.lockoutFailureAttempts()
                && user.failedAuthAt().map(at -> now - at < settings.lockoutDurationSeconds() * 1000).orElse(false)) {
            throw new ApiException(IdentityErrorCode.ACCOUNT_LOCKED, "The account is locked for user: " + user.id() + ".");
        }
        if (!hasher.verify(secret, user.passwordHash().orElse(null))) {
            if (settings.lockoutFailureAttempts() > 0) {
                boolean windowOver = user.failedAuthAt().map(at -> now - at >= settings.lockoutDurationSeconds() * 1000).orElse(true);
                int count = windowOver ? 1 : user.failedAuthCount() + 1;
                store.writeVoid(h -> UserStore.recordFailedAuth(h, user.id(), count, now));
            }
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        if (!user.enabled()) {
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        if (user.passwordExpiresAt().map(at -> at <= now).orElse(false) && !user.option("ignore_password_expiry")) {
            throw new ApiException(IdentityErrorCode.PASSWORD_EXPIRED,
                    "The password is expired and needs to be changed for user: " + user.id() + ".");
        }
        if (user.failedAuthCount() > 0) {
            store.writeVoid(h -> UserStore.recordFailedAuth(h, user.id(), 0, now));
        }
        return user.id();
    }

    private Optional<User> findUser(Handle h, JsonNode userNode)
    {
        Optional<User> user;
        if (userNode.hasNonNull("id")) {
            user = UserStore.user(h, userNode.path("id").asText());
        }
        else if (userNode.hasNonNull("name")) {
            Optional<Domain> domain = findDomain(h, userNode.path("domain"));
            if (domain.isEmpty()) {
                return Optional.empty();
            }
            user = UserStore.userByName(h, domain.get().id(), userNode.path("name").asText());
        }
        else {
            throw ApiException.badRequest("Invalid input for field 'user': an id, or a name and a domain, is required.");
        }
        return user.filter(u -> ResourceStore.domain(h, u.domainId()).map(Domain::enabled).orElse(false));
    }

    private static Optional<Domain> findDomain(Handle h, JsonNode domainNode)
    {
        if (domainNode.hasNonNull("id")) {
            return ResourceStore.domain(h, domainNode.path("id").asText());
        }
        if (domainNode.hasNonNull("name")) {
            return ResourceStore.domainByName(h, domainNode.path("name").asText());
        }
        throw ApiException.badRequest("Invalid input for field 'domain': an id or a name is required.");
    }

    private ValidatedToken token(JsonNode token)
    {
        String id = token.path("id").asText(null);
        if (id == null) {
            throw ApiException.badRequest("Invalid input for field 'identity.token.id': it is required.");
        }
        // Keystone answers an invalid token given as an auth method with 404, not 401
        return tokens.validate(id, false).orElseThrow(() -> new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find token."));
    }

    private ApplicationCredential applicationCredential(JsonNode node)
    {
        String secret = node.path("secret").asText(null);
        if (secret == null) {
            throw ApiException.badRequest("Invalid input for field 'application_credential.secret': it is required.");
        }
        ApplicationCredential credential = store.read(h -> {
            if (node.hasNonNull("id")) {
                return DelegationStore.applicationCredential(h, node.path("id").asText());
            }
            if (node.hasNonNull("name")) {
                Optional<User> user = findUser(h, node.path("user"));
                return user.flatMap(u -> DelegationStore.applicationCredentialByName(h, u.id(), node.path("name").asText()));
            }
            throw ApiException.badRequest("Invalid input for field 'application_credential': an id, or a name and a user, is required.");
        }).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
        if (credential.expired(tokens.now()) || !hasher.verify(secret, credential.secretHash())) {
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        boolean userEnabled = store.read(h -> UserStore.user(h, credential.userId()).map(User::enabled).orElse(false));
        if (!userEnabled) {
            throw ApiException.unauthorized(AUTH_FAILED);
        }
        return credential;
    }

    private ValidatedToken issue(Identified identified, JsonNode scope, boolean unscopedRequested)
    {
        TokenPayload.Scope scopeType;
        String scopeId;
        Optional<String> trustId = Optional.empty();
        String userId = identified.userId();
        if (identified.applicationCredential().isPresent()) {
            ApplicationCredential credential = identified.applicationCredential().get();
            if (!scope.isMissingNode() && !scope.isNull()) {
                throw ApiException.unauthorized("An application credential is already scoped; it cannot take another scope.");
            }
            scopeType = TokenPayload.Scope.PROJECT;
            scopeId = credential.projectId().orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
        }
        else if (scope.isTextual() && scope.asText().equals("unscoped") || unscopedRequested) {
            scopeType = TokenPayload.Scope.UNSCOPED;
            scopeId = "";
        }
        else if (scope.has("project")) {
            JsonNode project = scope.path("project");
            Project found = store.read(h -> findProject(h, project)).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
            scopeType = TokenPayload.Scope.PROJECT;
            scopeId = found.id();
        }
        else if (scope.has("domain")) {
            Domain found = store.read(h -> findDomain(h, scope.path("domain"))).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
            scopeType = TokenPayload.Scope.DOMAIN;
            scopeId = found.id();
        }
        else if (scope.has("system")) {
            if (!scope.path("system").path("all").asBoolean(false)) {
                throw ApiException.badRequest("Invalid input for field 'scope.system': only {\"all\": true} is a system scope.");
            }
            scopeType = TokenPayload.Scope.SYSTEM;
            scopeId = "all";
        }
        else if (scope.has("OS-TRUST:trust")) {
            String id = scope.path("OS-TRUST:trust").path("id").asText("");
            Trust trust = store.read(h -> DelegationStore.trust(h, id)).filter(t -> !t.expired(tokens.now()))
                    .orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
            if (!trust.trusteeUserId().equals(userId)) {
                throw ApiException.forbidden("The user is not the trustee of this trust.");
            }
            if (trust.remainingUses().map(uses -> uses <= 0).orElse(false)) {
                throw ApiException.unauthorized(AUTH_FAILED);
            }
            trustId = Optional.of(trust.id());
            scopeType = TokenPayload.Scope.TRUST;
            scopeId = trust.projectId().orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
            if (trust.impersonation()) {
                userId = trust.trustorUserId();
            }
            store.writeVoid(h -> DelegationStore.consumeTrustUse(h, trust.id()));
        }
        else if (identified.fromToken().isPresent() && identified.fromToken().get().payload().scope() != TokenPayload.Scope.UNSCOPED) {
            // re-authenticating with a scoped token and no scope keeps its scope
            TokenPayload original = identified.fromToken().get().payload();
            scopeType = original.scope();
            scopeId = original.scopeId();
        }
        else {
            String uid = userId;
            Optional<String> defaultProject = store.read(h -> UserStore.user(h, uid).flatMap(User::defaultProjectId)
                    .filter(projectId -> ResourceStore.project(h, projectId).map(Project::enabled).orElse(false))
                    .filter(projectId -> !RoleResolver.projectRoles(h, uid, projectId).isEmpty()));
            scopeType = defaultProject.isPresent() ? TokenPayload.Scope.PROJECT : TokenPayload.Scope.UNSCOPED;
            scopeId = defaultProject.orElse("");
        }

        long issuedAt = tokens.issueTime();
        long expiresAt = identified.expiresAt().orElse(issuedAt + settings.tokenExpirationSeconds() * 1000);
        if (identified.applicationCredential().isPresent() && identified.applicationCredential().get().expiresAt().isPresent()) {
            expiresAt = Math.min(expiresAt, identified.applicationCredential().get().expiresAt().get());
        }
        Optional<Long> trustExpiry = trustId.flatMap(id -> store.read(h -> DelegationStore.trust(h, id)).flatMap(Trust::expiresAt));
        if (trustExpiry.isPresent()) {
            expiresAt = Math.min(expiresAt, trustExpiry.get());
        }
        Optional<TokenPayload.Federation> federation = identified.fromToken().flatMap(original -> original.payload().federation());
        TokenPayload payload = new TokenPayload(userId, identified.methods(), scopeType, scopeId, issuedAt, expiresAt, identified.auditIds(),
                trustId, identified.applicationCredential().map(ApplicationCredential::id), federation);
        String token = tokens.issue(payload);
        ValidatedToken validated = tokens.validate(token, false).orElse(null);
        if (validated == null) {
            throw ApiException.unauthorized(scopeType == TokenPayload.Scope.UNSCOPED ? AUTH_FAILED
                    : "User " + identified.userId() + " has no access to the requested scope.");
        }
        return validated;
    }

    private static Optional<Project> findProject(Handle h, JsonNode project)
    {
        if (project.hasNonNull("id")) {
            return ResourceStore.project(h, project.path("id").asText());
        }
        if (project.hasNonNull("name")) {
            return findDomain(h, project.path("domain")).flatMap(domain -> ResourceStore.projectByName(h, domain.id(), project.path("name").asText()));
        }
        throw ApiException.badRequest("Invalid input for field 'scope.project': an id, or a name and a domain, is required.");
    }

    public List<Role> rolesOf(ValidatedToken token)
    {
        return token.roles();
    }
}
