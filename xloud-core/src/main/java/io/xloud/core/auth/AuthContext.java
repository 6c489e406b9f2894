package io.xloud.core.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling and in what scope, as validated from an {@code X-Auth-Token}.
 * Exactly one of project, domain or system scope is set, or none for an unscoped token.
 */
public record AuthContext(
        String userId,
        String userName,
        String userDomainId,
        String userDomainName,
        Optional<String> projectId,
        Optional<String> projectName,
        Optional<String> projectDomainId,
        Optional<String> projectDomainName,
        Optional<String> domainId,
        Optional<String> domainName,
        boolean systemScope,
        List<Role> roles,
        List<String> methods,
        Instant issuedAt,
        Instant expiresAt,
        List<String> auditIds,
        Optional<String> applicationCredentialId,
        Optional<String> trustId,
        String token,
        List<AccessRule> accessRules)
{
    public record Role(String id, String name) {}

    public AuthContext
    {
        requireNonNull(userId, "userId is null");
        roles = List.copyOf(roles);
        methods = List.copyOf(methods);
        auditIds = List.copyOf(auditIds);
        accessRules = List.copyOf(accessRules);
    }

    /** A caller whose token carries no access rules: it may call whatever its roles allow. */
    public AuthContext(String userId, String userName, String userDomainId, String userDomainName, Optional<String> projectId,
            Optional<String> projectName, Optional<String> projectDomainId, Optional<String> projectDomainName, Optional<String> domainId,
            Optional<String> domainName, boolean systemScope, List<Role> roles, List<String> methods, Instant issuedAt, Instant expiresAt,
            List<String> auditIds, Optional<String> applicationCredentialId, Optional<String> trustId, String token)
    {
        this(userId, userName, userDomainId, userDomainName, projectId, projectName, projectDomainId, projectDomainName, domainId, domainName,
                systemScope, roles, methods, issuedAt, expiresAt, auditIds, applicationCredentialId, trustId, token, List.of());
    }

    /**
     * Whether the access rules of the token (an application credential's) let it make this request; a token
     * without rules may make any. {@code path} is relative to where the service is mounted.
     */
    public boolean accessRulesAllow(String serviceType, String method, String path)
    {
        return accessRules.isEmpty() || accessRules.stream().anyMatch(rule -> rule.allows(serviceType, method, path));
    }

    public boolean hasRole(String name)
    {
        return roles.stream().anyMatch(role -> role.name().equalsIgnoreCase(name));
    }

    public List<String> roleNames()
    {
        return roles.stream().map(Role::name).toList();
    }

    public boolean isAdmin()
    {
        return hasRole("admin");
    }

    /** The credentials dictionary that oslo.policy style rules are checked against. */
    public Map<String, Object> toCredentials()
    {
        Map<String, Object> credentials = new HashMap<>();
        credentials.put("user_id", userId);
        credentials.put("user_domain_id", userDomainId);
        credentials.put("roles", roleNames());
        // Keystone passes the scope keys even when unset (None); rules such as "not domain_id:None" depend on it
        credentials.put("project_id", projectId.orElse(null));
        credentials.put("domain_id", domainId.orElse(null));
        credentials.put("project_domain_id", projectDomainId.orElse(null));
        credentials.put("token.project.domain.id", projectDomainId.orElse(null));
        credentials.put("token.domain.id", domainId.orElse(null));
        credentials.put("token.project.id", projectId.orElse(null));
        if (systemScope) {
            credentials.put("system_scope", "all");
        }
        trustId.ifPresent(id -> credentials.put("trust_id", id));
        applicationCredentialId.ifPresent(id -> credentials.put("application_credential_id", id));
        return credentials;
    }
}
