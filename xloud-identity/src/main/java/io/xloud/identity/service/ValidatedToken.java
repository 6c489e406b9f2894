package io.xloud.identity.service;

import io.xloud.core.auth.AuthContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A token that decrypted, has not expired and was not revoked, with what it stands for now. */
public record ValidatedToken(
        String token,
        TokenPayload payload,
        User user,
        Domain userDomain,
        Optional<Project> project,
        Optional<Domain> projectDomain,
        Optional<Domain> domain,
        List<Role> roles,
        Optional<ApplicationCredential> applicationCredential,
        Optional<Trust> trust,
        Memo memo)
{
    public ValidatedToken
    {
        requireNonNull(token, "token is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(user, "user is null");
        requireNonNull(userDomain, "userDomain is null");
        roles = List.copyOf(roles);
    }

    public boolean systemScoped()
    {
        return payload.scope() == TokenPayload.Scope.SYSTEM;
    }

    /** Built once per cached token: the hot path of every authenticated request. */
    public AuthContext toAuthContext()
    {
        AuthContext context = memo.context;
        if (context == null) {
            context = buildAuthContext();
            memo.context = context;
        }
        return context;
    }

    /** Views derived from a validated token, computed once while it stays cached. */
    public static final class Memo
    {
        private volatile AuthContext context;
        private volatile byte[] body;
        private volatile byte[] bodyWithoutCatalog;

        /** The rendered token body (with or without the catalog), or empty when not rendered yet. */
        public Optional<byte[]> body(boolean withCatalog)
        {
            return Optional.ofNullable(withCatalog ? body : bodyWithoutCatalog);
        }

        public void body(boolean withCatalog, byte[] rendered)
        {
            if (withCatalog) {
                body = rendered;
            }
            else {
                bodyWithoutCatalog = rendered;
            }
        }
    }

    private AuthContext buildAuthContext()
    {
        return new AuthContext(
                user.id(), user.name(), userDomain.id(), userDomain.name(),
                project.map(Project::id), project.map(Project::name), projectDomain.map(Domain::id), projectDomain.map(Domain::name),
                domain.map(Domain::id), domain.map(Domain::name),
                systemScoped(),
                roles.stream().map(role -> new AuthContext.Role(role.id(), role.name())).toList(),
                payload.methods(),
                Instant.ofEpochMilli(payload.issuedAtMillis()),
                Instant.ofEpochMilli(payload.expiresAtMillis()),
                payload.auditIds(),
                applicationCredential.map(ApplicationCredential::id),
                trust.map(Trust::id),
                token,
                applicationCredential.map(ValidatedToken::accessRules).orElse(List.of()));
    }

    /** The credential's rules as the kernel checks them (the service's own AccessRule is the stored record). */
    private static List<io.xloud.core.auth.AccessRule> accessRules(ApplicationCredential credential)
    {
        return credential.accessRules().stream()
                .map(rule -> new io.xloud.core.auth.AccessRule(String.valueOf(rule.get("service")), String.valueOf(rule.get("method")),
                        Optional.ofNullable(rule.get("path")).map(String::valueOf)))
                .toList();
    }
}
