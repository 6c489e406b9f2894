package io.xloud.identity.api;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;

import java.util.function.Supplier;

/** Who may learn that a user's credential exists: the credentials, EC2 keys, application credentials and access rules of a user. */
final class CredentialVisibility
{
    private CredentialVisibility() {}

    /**
     * Keystone's default rules give a user's credentials to that user, to admins and to system-scoped readers. To anyone
     * else another user's credential is missing, as an unknown id is, so that ids can not be probed; the route's rule
     * still decides for those who pass.
     */
    static void requireVisible(AuthContext auth, String ownerId, Supplier<ApiException> notFound)
    {
        if (!auth.userId().equals(ownerId) && !seesOthers(auth)) {
            throw notFound.get();
        }
    }

    static boolean seesOthers(AuthContext auth)
    {
        return auth.isAdmin() || auth.systemScope();
    }
}
