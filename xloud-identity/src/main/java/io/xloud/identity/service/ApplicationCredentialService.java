package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.store.ApplicationCredentialStore;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.RoleStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Application credentials and their access rules: a user's own, on the project of the token that made them, with
 * no more roles than that token had. Deleting one revokes at once every token made from it.
 */
public final class ApplicationCredentialService
{
    private final IdentityStore store;
    private final TokenService tokens;

    public ApplicationCredentialService(IdentityStore store, TokenService tokens)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    /** A role asked for by id or by name. */
    public record RoleReference(Optional<String> id, Optional<String> name)
    {
        public RoleReference
        {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
        }
    }

    /** An access rule asked for by the id of one of the user's rules, or by content. */
    public record AccessRuleRequest(Optional<String> id, Optional<String> service, Optional<String> path, Optional<String> method)
    {
        public AccessRuleRequest
        {
            requireNonNull(id, "id is null");
            requireNonNull(service, "service is null");
            requireNonNull(path, "path is null");
            requireNonNull(method, "method is null");
        }
    }

    /** A credential with what its view shows beside it: the expiry to the microsecond, and its roles that still exist. */
    public record Details(ApplicationCredential credential, Optional<Long> expiresAtMicros, List<Role> roles)
    {
        public Details
        {
            requireNonNull(credential, "credential is null");
            requireNonNull(expiresAtMicros, "expiresAtMicros is null");
            roles = List.copyOf(roles);
        }
    }

    /** What a new credential is made of; the secret is already hashed. */
    public record Request(String userId, String projectId, String name, Optional<String> description, Optional<Long> expiresAtMicros,
            boolean unrestricted, String secretHash, List<RoleReference> roles, List<String> tokenRoleIds, List<AccessRuleRequest> accessRules)
    {
        public Request
        {
            requireNonNull(userId, "userId is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(expiresAtMicros, "expiresAtMicros is null");
            requireNonNull(secretHash, "secretHash is null");
            roles = List.copyOf(roles);
            tokenRoleIds = List.copyOf(tokenRoleIds);
            accessRules = List.copyOf(accessRules);
        }
    }

    public Details create(Request request)
    {
        String userId = request.userId();
        return store.write(h -> {
            ApplicationCredentialStore.lockUser(h, userId);
            if (DelegationStore.applicationCredentialByName(h, userId, request.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store application_credential - Duplicate entry found with name "
                        + request.name() + ".");
            }
            List<String> roleIds = roles(h, request.roles(), request.tokenRoleIds());
            Set<String> held = new LinkedHashSet<>(RoleResolver.projectRoles(h, userId, request.projectId()).stream().map(Role::id).toList());
            for (String roleId : roleIds) {
                if (!held.contains(roleId)) {
                    throw invalid("Could not find role assignment with role: " + roleId + ", user or group: " + userId
                            + ", project, domain, or system: " + request.projectId() + ".");
                }
            }
            List<Map<String, Object>> rules = accessRules(h, userId, request.accessRules()).stream().map(AccessRule::toMap).toList();
            ApplicationCredential credential = new ApplicationCredential(Ids.newId(), request.name(), userId, Optional.of(request.projectId()),
                    request.secretHash(), request.description(), request.expiresAtMicros().map(micros -> Math.floorDiv(micros, 1000L)),
                    request.unrestricted(), roleIds, rules);
            DelegationStore.insertApplicationCredential(h, credential);
            ApplicationCredentialStore.setExpiresAtMicros(h, credential.id(), request.expiresAtMicros());
            return details(h, credential);
        });
    }

    /** An application credential of this user; one of another user is unknown here. */
    public Details credential(String userId, String id)
    {
        return store.read(h -> details(h, credential(h, userId, id)));
    }

    public List<Details> credentialsOfUser(String userId)
    {
        return store.read(h -> DelegationStore.applicationCredentialsOfUser(h, userId).stream().map(credential -> details(h, credential)).toList());
    }

    /** Whether the credential a token was made from may make or delete credentials; false when it is gone. */
    public boolean unrestricted(String id)
    {
        return store.read(h -> DelegationStore.applicationCredential(h, id)).map(ApplicationCredential::unrestricted).orElse(false);
    }

    public void delete(String userId, String id)
    {
        long now = tokens.now();
        store.writeVoid(h -> {
            DelegationStore.deleteApplicationCredential(h, credential(h, userId, id).id());
            tokens.revoke(h, RevocationEvent.forApplicationCredential(id, now, tokens.revocationWindowMillis()));
        });
    }

    // ---- access rules

    /** An access rule of this user; one of another user is unknown here. */
    public AccessRule accessRule(String userId, String id)
    {
        return store.read(h -> accessRule(h, userId, id));
    }

    public List<AccessRule> accessRulesOfUser(String userId)
    {
        return store.read(h -> ApplicationCredentialStore.accessRulesOfUser(h, userId));
    }

    /** A rule an application credential still uses stays: Keystone answers 403. */
    public void deleteAccessRule(String userId, String id)
    {
        store.writeVoid(h -> {
            // the same lock as application credential creation, so that no new credential takes up the rule meanwhile
            ApplicationCredentialStore.lockUser(h, userId);
            accessRule(h, userId, id);
            boolean inUse = DelegationStore.applicationCredentialsOfUser(h, userId).stream()
                    .anyMatch(credential -> credential.accessRules().stream().anyMatch(rule -> id.equals(rule.get("id"))));
            if (inUse) {
                throw ApiException.forbidden("May not delete access rule in use");
            }
            ApplicationCredentialStore.deleteAccessRule(h, id);
        });
    }

    public static ApiException notFound(String id)
    {
        return IdentityErrors.notFound("Application Credential", id);
    }

    public static ApiException accessRuleNotFound(String id)
    {
        return IdentityErrors.notFound("access rule", id);
    }

    public static ApiException invalid(String detail)
    {
        return IdentityErrors.validation("Invalid application credential: " + detail);
    }

    private static ApplicationCredential credential(Handle h, String userId, String id)
    {
        return DelegationStore.applicationCredential(h, id)
                .filter(credential -> credential.userId().equals(userId))
                .orElseThrow(() -> notFound(id));
    }

    private static AccessRule accessRule(Handle h, String userId, String id)
    {
        return ApplicationCredentialStore.accessRule(h, id).filter(rule -> rule.userId().equals(userId)).orElseThrow(() -> accessRuleNotFound(id));
    }

    private static Details details(Handle h, ApplicationCredential credential)
    {
        Optional<Long> micros = ApplicationCredentialStore.expiresAtMicros(h, credential.id())
                .or(() -> credential.expiresAt().map(millis -> millis * 1000));
        // a role deleted since no longer counts; Keystone's token validation ignores it too
        List<Role> roles = credential.roleIds().stream().map(roleId -> RoleStore.role(h, roleId)).flatMap(Optional::stream).toList();
        return new Details(credential, micros, roles);
    }

    /** The requested roles, each one the token has, by id or by name; none requested means all of the token's roles. */
    private static List<String> roles(Handle h, List<RoleReference> requested, List<String> tokenRoles)
    {
        if (requested.isEmpty()) {
            return tokenRoles;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (RoleReference role : requested) {
            ids.add(role.id().isPresent() ? role.id().get() : roleIdByName(h, role.name().orElse("")));
        }
        for (String id : ids) {
            // no more than the token has: a trustee or an application credential can not widen what it was given
            if (!tokenRoles.contains(id)) {
                throw invalid("Cannot create an application credential with unassigned role");
            }
        }
        return List.copyOf(ids);
    }

    private static String roleIdByName(Handle h, String name)
    {
        List<Role> named = RoleStore.roles(h).stream().filter(role -> role.name().equals(name)).toList();
        if (named.isEmpty()) {
            throw IdentityErrors.notFound("role", name);
        }
        if (named.size() > 1) {
            throw IdentityErrors.validation("There are multiple role entities named '" + name
                    + "'. Please use ID instead of names to resolve the ambiguity.");
        }
        return named.getFirst().id();
    }

    /**
     * The access rules for a new credential. As in Keystone a rule is the user's own and shared: one given by id is looked
     * up, one given by content is the user's identical rule when there is one, else a new rule.
     */
    private static List<AccessRule> accessRules(Handle h, String userId, List<AccessRuleRequest> requests)
    {
        List<AccessRule> owned = new ArrayList<>(ApplicationCredentialStore.accessRulesOfUser(h, userId));
        List<AccessRule> chosen = new ArrayList<>();
        for (AccessRuleRequest request : requests) {
            Optional<AccessRule> rule = request.id().flatMap(id -> owned.stream().filter(r -> r.id().equals(id)).findFirst());
            if (rule.isEmpty() && request.id().isPresent()
                    && (request.service().isEmpty() || ApplicationCredentialStore.accessRule(h, request.id().get()).isPresent())) {
                throw accessRuleNotFound(request.id().get());
            }
            if (rule.isEmpty()) {
                String service = request.service().orElseThrow();
                String method = request.method().orElseThrow();
                rule = owned.stream().filter(r -> r.sameAs(service, request.path(), method)).findFirst();
                if (rule.isEmpty()) {
                    AccessRule created = new AccessRule(request.id().orElseGet(Ids::newId), userId, service, request.path(), method);
                    ApplicationCredentialStore.insertAccessRule(h, created);
                    owned.add(created);
                    rule = Optional.of(created);
                }
            }
            if (!chosen.contains(rule.get())) {
                chosen.add(rule.get());
            }
        }
        return chosen;
    }
}
