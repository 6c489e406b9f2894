package io.xloud.identity;

import io.xloud.core.error.ErrorCode;

/** Keystone's failures beyond the kernel's common ones. */
public enum IdentityErrorCode
        implements ErrorCode
{
    VALIDATION_ERROR(400, "Bad Request"),
    PASSWORD_VALIDATION_ERROR(400, "Bad Request"),
    AUTHENTICATION_FAILED(401, "Unauthorized"),
    ACCOUNT_LOCKED(401, "Unauthorized"),
    PASSWORD_EXPIRED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    CONFLICT(409, "Conflict");

    private final int status;
    private final String title;

    IdentityErrorCode(int status, String title)
    {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status()
    {
        return status;
    }

    @Override
    public String title()
    {
        return title;
    }
}
