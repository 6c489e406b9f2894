package io.xloud.identity.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.identity.store.UserList;
import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.store.ApplicationCredentialStore;
import io.xloud.identity.store.CredentialStore;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.store.FederationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.RoleStore;
import io.xloud.identity.store.UserStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Users and the password rules of Keystone's security compliance: the password regex, expiry, change upon first
 * use, minimum age and the unique history. Disabling a user, or setting its password, revokes its tokens.
 */
public final class UserService
{
    private static final long DAY_MILLIS = 86_400_000L;

    private final IdentityStore store;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final IdentitySettings settings;

    public UserService(IdentityStore store, TokenService tokens, PasswordHasher hasher, IdentitySettings settings)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    public Optional<User> find(String id)
    {
        return store.read(h -> UserStore.user(h, id));
    }

    /** @throws ApiException NOT_FOUND */
    public User user(String id)
    {
        return store.read(h -> user(h, id));
    }

    public List<User> users()
    {
        return store.read(UserStore::users);
    }

    /** Creates a user in an existing domain, its name unique there; a password given is checked, hashed and kept in the history. */
    public User create(String name, String domainId, boolean enabled, Optional<String> defaultProjectId, Optional<String> password,
            Map<String, Object> options, Map<String, Object> extra)
    {
        password.ifPresent(this::checkPasswordRules);
        long now = tokens.now();
        Optional<String> hash = password.map(hasher::hash);
        Optional<Long> expires = password.flatMap(ignored -> passwordExpiry(now, options, true));
        User user = new User(Ids.newId(), name, domainId, enabled, defaultProjectId, hash, hash.map(ignored -> now), expires, 0,
                Optional.empty(), options, extra, now);
        store.writeVoid(h -> {
            if (ResourceStore.domain(h, domainId).isEmpty()) {
                throw IdentityErrors.notFound("domain", domainId);
            }
            if (user.defaultProjectId().isPresent() && ResourceStore.project(h, user.defaultProjectId().get()).isEmpty()) {
                throw IdentityErrors.notFound("project", user.defaultProjectId().get());
            }
            if (UserStore.userByName(h, domainId, user.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name " + user.name()
                        + " at domain ID " + domainId + ".");
            }
            UserStore.insertUser(h, user);
            hash.ifPresent(value -> UserStore.addPasswordHistory(h, user.id(), value, now));
        });
        return user;
    }

    /**
     * Applies a change of the user's attributes (not of its password) to the user as it is now; the change may
     * refuse by throwing. A new password, when given, is set as an administrator sets it.
     */
    public User update(String id, Optional<String> password, UnaryOperator<User> change)
    {
        password.ifPresent(this::checkPasswordRules);
        long now = tokens.now();
        Optional<String> newHash = password.map(hasher::hash);
        return store.write(h -> {
            User current = user(h, id);
            User changed = change.apply(current);
            Optional<String> defaultProject = changed.defaultProjectId();
            if (defaultProject.isPresent() && !defaultProject.equals(current.defaultProjectId())
                    && ResourceStore.project(h, defaultProject.get()).isEmpty()) {
                throw IdentityErrors.notFound("project", defaultProject.get());
            }
            User next = new User(id, changed.name(), current.domainId(), changed.enabled(), defaultProject,
                    newHash.isPresent() ? newHash : current.passwordHash(),
                    newHash.isPresent() ? Optional.of(now) : current.passwordCreatedAt(),
                    newHash.isPresent() ? passwordExpiry(now, changed.options(), true) : current.passwordExpiresAt(),
                    newHash.isPresent() ? 0 : current.failedAuthCount(), newHash.isPresent() ? Optional.empty() : current.failedAuthAt(),
                    changed.options(), changed.extra(), current.createdAt());
            if (!next.name().equals(current.name()) && UserStore.userByName(h, current.domainId(), next.name()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name " + next.name() + ".");
            }
            UserStore.updateUser(h, next);
            newHash.ifPresent(value -> UserStore.addPasswordHistory(h, id, value, now));
            if ((current.enabled() && !next.enabled()) || newHash.isPresent()) {
                revoke(h, id, now);
            }
            return next;
        });
    }

    /** Deletes a user with its grants, credentials, access rules and the trusts it gave or received. */
    public void delete(String id)
    {
        store.writeVoid(h -> {
            user(h, id);
            RoleStore.deleteAssignmentsOfActor(h, id);
            for (ApplicationCredential credential : DelegationStore.applicationCredentialsOfUser(h, id)) {
                DelegationStore.deleteApplicationCredential(h, credential.id());
            }
            CredentialStore.deleteOfUser(h, id);
            ApplicationCredentialStore.deleteAccessRulesOfUser(h, id);
            // trusts given or received by the user go with it (their tokens stop through the user event below)
            DelegationStore.deleteTrustsOfUser(h, id);
            FederationStore.deleteFederatedUser(h, id);
            UserStore.deleteUser(h, id);
            revoke(h, id, tokens.now());
        });
    }

    /** A user's own change of password, authorised by the original one; the rules of security compliance apply. */
    public void changePassword(String id, String original, String password)
    {
        User user = user(id);
        if (!hasher.verify(original, user.passwordHash().orElse(null))) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        if (user.option("lock_password")) {
            throw ApiException.forbidden("You cannot change your password at this time due to password policy disallowing password changes.");
        }
        checkPasswordRules(password);
        long now = tokens.now();
        if (settings.minimumPasswordAgeDays() > 0 && user.passwordCreatedAt().isPresent()
                && now - user.passwordCreatedAt().get() < settings.minimumPasswordAgeDays() * DAY_MILLIS
                && user.passwordExpiresAt().map(at -> at > now).orElse(true)) {
            throw new ApiException(IdentityErrorCode.PASSWORD_VALIDATION_ERROR,
                    "You cannot change your password at this time due to the minimum password age. Once you change your password, it must be "
                            + "used for " + settings.minimumPasswordAgeDays() + " day(s) before it can be changed.");
        }
        if (settings.uniqueLastPasswordCount() > 1) {
            // none of the last `count` passwords, the current one included, may be set again
            List<String> history = store.read(h -> UserStore.passwordHistory(h, id, settings.uniqueLastPasswordCount()));
            for (String previous : history) {
                if (hasher.verify(password, previous)) {
                    throw new ApiException(IdentityErrorCode.PASSWORD_VALIDATION_ERROR,
                            "Password validation error: The new password cannot be identical to a previous password. The total number which "
                                    + "includes the new password must be unique is " + settings.uniqueLastPasswordCount() + ".");
                }
            }
        }
        String hash = hasher.hash(password);
        store.writeVoid(h -> {
            User current = user(h, id);
            User next = new User(id, current.name(), current.domainId(), current.enabled(), current.defaultProjectId(), Optional.of(hash),
                    Optional.of(now), passwordExpiry(now, current.options(), false), 0, Optional.empty(), current.options(), current.extra(),
                    current.createdAt());
            UserStore.updateUser(h, next);
            UserStore.addPasswordHistory(h, id, hash, now);
            revoke(h, id, now);
        });
    }

    /** When a password set now expires: at once for an admin-set password with change_password_upon_first_use, else after the configured days. */
    private Optional<Long> passwordExpiry(long now, Map<String, Object> options, boolean setByAdmin)
    {
        if (setByAdmin && settings.changePasswordUponFirstUse() && !Boolean.TRUE.equals(options.get("ignore_change_password_upon_first_use"))) {
            return Optional.of(now);
        }
        if (settings.passwordExpiresDays() > 0 && !Boolean.TRUE.equals(options.get("ignore_password_expiry"))) {
            return Optional.of(now + settings.passwordExpiresDays() * DAY_MILLIS);
        }
        return Optional.empty();
    }

    private void checkPasswordRules(String password)
    {
        Optional<String> regex = settings.passwordRegex();
        if (regex.isPresent() && !password.matches(regex.get())) {
            throw new ApiException(IdentityErrorCode.PASSWORD_VALIDATION_ERROR,
                    "Password validation error: The password does not meet the requirements: "
                            + settings.passwordRegexDescription().orElse(regex.get()) + ".");
        }
    }

    private static User user(Handle h, String id)
    {
        return UserStore.user(h, id).orElseThrow(() -> IdentityErrors.notFound("user", id));
    }

    private void revoke(Handle h, String userId, long now)
    {
        tokens.revoke(h, RevocationEvent.forUser(userId, now, tokens.revocationWindowMillis()));
    }

    /** A list request read from the query, cut at {@code identity.list_limit} when it is set (0: no limit). */
    public ListRequest listRequest(Map<String, List<String>> query, int listLimit)
    {
        return UserList.request(query, listLimit);
    }

    /** One page of users, filtered and sorted in the database; only one domain's when {@code domainId} is given. */
    public Page<User> page(ListRequest request, Optional<String> domainId)
    {
        return store.read(h -> UserList.page(h, request, domainId));
    }
}
