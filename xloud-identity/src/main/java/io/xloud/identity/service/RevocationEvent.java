package io.xloud.identity.service;

import java.util.Optional;

/**
 * Tokens issued at or before {@code issuedBefore} that match every field set here are revoked.
 * Kept until {@code expiresAt}, when no token it could match is still valid.
 */
public record RevocationEvent(
        Optional<String> userId,
        Optional<String> projectId,
        Optional<String> domainId,
        Optional<String> auditId,
        Optional<String> auditChainId,
        Optional<String> trustId,
        Optional<String> applicationCredentialId,
        long issuedBefore,
        long expiresAt)
{
    public boolean matches(ValidatedToken token)
    {
        TokenPayload payload = token.payload();
        if (payload.issuedAtMillis() > issuedBefore) {
            return false;
        }
        if (userId.isPresent() && !userId.get().equals(payload.userId())
                && !token.trust().map(trust -> trust.trustorUserId().equals(userId.get()) || trust.trusteeUserId().equals(userId.get())).orElse(false)) {
            return false;
        }
        if (projectId.isPresent() && !token.project().map(project -> project.id().equals(projectId.get())).orElse(false)) {
            return false;
        }
        if (domainId.isPresent()
                && !token.domain().map(domain -> domain.id().equals(domainId.get())).orElse(false)
                && !token.projectDomain().map(domain -> domain.id().equals(domainId.get())).orElse(false)
                && !token.userDomain().id().equals(domainId.get())) {
            return false;
        }
        if (auditId.isPresent() && !payload.auditIds().getFirst().equals(auditId.get())) {
            return false;
        }
        if (auditChainId.isPresent() && !payload.auditChainId().equals(auditChainId.get())) {
            return false;
        }
        if (trustId.isPresent() && !payload.trustId().equals(trustId)) {
            return false;
        }
        return applicationCredentialId.isEmpty() || payload.applicationCredentialId().equals(applicationCredentialId);
    }

    public static RevocationEvent forUser(String userId, long now, long window)
    {
        return new RevocationEvent(Optional.of(userId), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), now, now + window);
    }

    public static RevocationEvent forProject(String projectId, long now, long window)
    {
        return new RevocationEvent(Optional.empty(), Optional.of(projectId), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), now, now + window);
    }

    public static RevocationEvent forDomain(String domainId, long now, long window)
    {
        return new RevocationEvent(Optional.empty(), Optional.empty(), Optional.of(domainId), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), now, now + window);
    }

    public static RevocationEvent forAuditId(String auditId, long now, long window)
    {
        return new RevocationEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(auditId), Optional.empty(),
                Optional.empty(), Optional.empty(), now, now + window);
    }

    public static RevocationEvent forTrust(String trustId, long now, long window)
    {
        return new RevocationEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(trustId), Optional.empty(), now, now + window);
    }

    public static RevocationEvent forApplicationCredential(String id, long now, long window)
    {
        return new RevocationEvent(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(id), now, now + window);
    }
}
