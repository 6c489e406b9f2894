package io.xloud.identity.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.macasaet.fernet.Key;
import com.macasaet.fernet.StringValidator;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.auth.TokenValidator;
import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.store.FederationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RevocationStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Issues and validates Fernet tokens. A validated token is cached until the identity revision moves
 * (any identity write, on any node), so the hot path is a decryption and a map lookup, no database read.
 */
public final class TokenService
        implements TokenValidator
{
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CACHED = 20_000;

    /** Our payload carries its own expiry; Fernet's own age check only has to admit it. */
    private static final StringValidator VALIDATOR = new StringValidator()
    {
        @Override
        public TemporalAmount getTimeToLive()
        {
            return Duration.ofDays(3650);
        }
    };

    private final IdentityStore store;
    private final FernetKeys keys;
    private final IdentitySettings settings;
    // maintenance on the calling thread: eviction needs no pool thread
    private final Cache<String, ValidatedToken> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED).executor(Runnable::run).build();
    private volatile List<RevocationEvent> revocations = List.of();
    private final AtomicLong lastRevocation = new AtomicLong();

    public TokenService(IdentityStore store, FernetKeys keys, IdentitySettings settings)
    {
        this.store = requireNonNull(store, "store is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.settings = requireNonNull(settings, "settings is null");
        store.onInvalidate(this::invalidate);
        invalidate();
    }

    /** Drops every cached validation and reloads the revocation events. */
    public void invalidate()
    {
        cache.invalidateAll();
        revocations = store.read(TokenService::loadRevocations);
        revocations.forEach(event -> lastRevocation.accumulateAndGet(event.issuedBefore(), Math::max));
    }

    public long now()
    {
        return System.currentTimeMillis();
    }

    /** Issue time for a new token: never at or before a revocation this node has seen, so a new token is never born revoked. */
    public long issueTime()
    {
        return Math.max(now(), lastRevocation.get() + 1);
    }

    public String issue(TokenPayload payload)
    {
        Token token = Token.generate(RANDOM, keys.primary(), payload.encode());
        return token.serialise();
    }

    public static String newAuditId()
    {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** For X-Auth-Token: any failure is a 401. */
    @Override
    public AuthContext validate(String token)
    {
        return validate(token, false)
                .orElseThrow(() -> ApiException.unauthorized("The request you have made requires authentication."))
                .toAuthContext();
    }

    /** Empty when the token is malformed, expired (beyond the allowed window), revoked or no longer stands for anything. */
    public Optional<ValidatedToken> validate(String token, boolean allowExpired)
    {
        if (token.length() > 1024) {
            return Optional.empty();
        }
        ValidatedToken cached = cache.getIfPresent(token);
        if (cached == null) {
            Optional<TokenPayload> payload = decrypt(token);
            if (payload.isEmpty()) {
                return Optional.empty();
            }
            Optional<ValidatedToken> loaded = store.read(h -> load(h, token, payload.get()));
            if (loaded.isEmpty()) {
                return Optional.empty();
            }
            cached = loaded.get();
            cache.put(token, cached);
        }
        long now = now();
        long expires = cached.payload().expiresAtMillis();
        if (now >= expires && !(allowExpired && now < expires + settings.allowExpiredWindowSeconds() * 1000)) {
            return Optional.empty();
        }
        for (RevocationEvent event : revocations) {
            if (event.matches(cached)) {
                return Optional.empty();
            }
        }
        return Optional.of(cached);
    }

    private Optional<TokenPayload> decrypt(String token)
    {
        try {
            Token fernet = Token.fromString(token);
            List<Key> all = keys.all();
            return TokenPayload.decode(fernet.validateAndDecrypt(all, VALIDATOR));
        }
        catch (TokenValidationException | IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Rebuilds what the token stands for from the current state of users, projects, roles and delegations. */
    private Optional<ValidatedToken> load(Handle h, String token, TokenPayload payload)
    {
        Optional<User> user = UserStore.user(h, payload.userId()).filter(User::enabled);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Optional<Domain> userDomain = ResourceStore.domain(h, user.get().domainId()).filter(Domain::enabled);
        if (userDomain.isEmpty()) {
            return Optional.empty();
        }
        List<String> tokenGroups = payload.federation().map(TokenPayload.Federation::groupIds).orElse(List.of());
        if (payload.federation().isPresent()
                && FederationStore.identityProvider(h, payload.federation().get().identityProviderId()).filter(IdentityProvider::enabled).isEmpty()) {
            // a federated token stands only while its identity provider does
            return Optional.empty();
        }
        Optional<ApplicationCredential> applicationCredential = Optional.empty();
        if (payload.applicationCredentialId().isPresent()) {
            applicationCredential = DelegationStore.applicationCredential(h, payload.applicationCredentialId().get())
                    .filter(credential -> !credential.expired(now()));
            if (applicationCredential.isEmpty()) {
                return Optional.empty();
            }
        }
        Optional<Trust> trust = Optional.empty();
        if (payload.trustId().isPresent()) {
            trust = DelegationStore.trust(h, payload.trustId().get()).filter(t -> !t.expired(now()));
            if (trust.isEmpty()) {
                return Optional.empty();
            }
        }
        Optional<Project> project = Optional.empty();
        Optional<Domain> projectDomain = Optional.empty();
        Optional<Domain> domain = Optional.empty();
        List<Role> roles = List.of();
        switch (payload.scope()) {
            case PROJECT, TRUST -> {
                project = ResourceStore.project(h, payload.scopeId()).filter(Project::enabled);
                if (project.isEmpty()) {
                    return Optional.empty();
                }
                projectDomain = ResourceStore.domain(h, project.get().domainId()).filter(Domain::enabled);
                if (projectDomain.isEmpty()) {
                    return Optional.empty();
                }
                if (trust.isPresent()) {
                    roles = trustRoles(h, trust.get());
                }
                else {
                    roles = RoleResolver.projectRoles(h, user.get().id(), tokenGroups, project.get().id());
                }
            }
            case DOMAIN -> {
                domain = ResourceStore.domain(h, payload.scopeId()).filter(Domain::enabled);
                if (domain.isEmpty()) {
                    return Optional.empty();
                }
                roles = RoleResolver.domainRoles(h, user.get().id(), tokenGroups, domain.get().id());
            }
            case SYSTEM -> roles = RoleResolver.systemRoles(h, user.get().id());
            case UNSCOPED -> {
            }
        }
        if (applicationCredential.isPresent()) {
            List<String> allowed = applicationCredential.get().roleIds();
            roles = roles.stream().filter(role -> allowed.contains(role.id())).toList();
        }
        if (payload.scope() != TokenPayload.Scope.UNSCOPED && roles.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ValidatedToken(token, payload, user.get(), userDomain.get(), project, projectDomain, domain, roles,
                applicationCredential, trust, new ValidatedToken.Memo()));
    }

    /** A trust's roles hold only while the trustor still has them on the project. */
    public static List<Role> trustRoles(Handle h, Trust trust)
    {
        if (trust.projectId().isEmpty()) {
            return List.of();
        }
        List<Role> trustorRoles = RoleResolver.projectRoles(h, trust.trustorUserId(), trust.projectId().get());
        List<String> trustorRoleIds = trustorRoles.stream().map(Role::id).toList();
        if (!trustorRoleIds.containsAll(trust.roleIds())) {
            return List.of();
        }
        return RoleResolver.expand(h, trust.roleIds());
    }

    public void revoke(Handle h, RevocationEvent event)
    {
        RevocationStore.insert(h, event);
        lastRevocation.accumulateAndGet(event.issuedBefore(), Math::max);
    }

    /** How long a revocation event must be kept: as long as any token it covers could still validate. */
    public long revocationWindowMillis()
    {
        return (settings.tokenExpirationSeconds() + settings.allowExpiredWindowSeconds()) * 1000;
    }

    private static List<RevocationEvent> loadRevocations(Handle h)
    {
        return RevocationStore.unexpired(h, System.currentTimeMillis());
    }

    /** Deletes the revocation events that no token can outlive any more; returns how many. */
    public int purgeExpiredRevocations()
    {
        // the events it deletes are loaded by no node any more: nothing cached changes, so the revision stays
        int[] deleted = {0};
        store.touch(h -> deleted[0] = RevocationStore.deleteExpired(h, now()));
        return deleted[0];
    }

    public IdentitySettings settings()
    {
        return settings;
    }

    public FernetKeys keys()
    {
        return keys;
    }

    /** Revokes one token (and those made from it under the same audit chain), as DELETE /v3/auth/tokens does. */
    public void revoke(ValidatedToken token)
    {
        long now = now();
        store.writeVoid(h -> revoke(h, RevocationEvent.forAuditId(token.payload().auditIds().getFirst(), now, revocationWindowMillis())));
    }
}
