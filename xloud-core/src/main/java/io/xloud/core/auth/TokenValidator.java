package io.xloud.core.auth;

/**
 * Turns an {@code X-Auth-Token} into who is calling. Identity provides it in-process.
 * Throws {@link io.xloud.core.error.ApiException} 401 for a token that is malformed, expired or revoked.
 */
@FunctionalInterface
public interface TokenValidator
{
    AuthContext validate(String token);
}
