package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;

/** The failures Identity's services report, worded as Keystone words them. */
public final class IdentityErrors
{
    private IdentityErrors() {}

    public static ApiException notFound(String kind, String id)
    {
        return new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find " + kind + ": " + id + ".");
    }

    public static ApiException validation(String message)
    {
        return new ApiException(IdentityErrorCode.VALIDATION_ERROR, message);
    }
}
