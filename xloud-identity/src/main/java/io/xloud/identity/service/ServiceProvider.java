package io.xloud.identity.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** An OS-FEDERATION service provider: another cloud this one may send SAML assertions to (Keystone to Keystone). */
public record ServiceProvider(String id, String authUrl, String spUrl, Optional<String> description, boolean enabled, String relayStatePrefix)
{
    public ServiceProvider
    {
        requireNonNull(id, "id is null");
        requireNonNull(authUrl, "authUrl is null");
        requireNonNull(spUrl, "spUrl is null");
        requireNonNull(description, "description is null");
        requireNonNull(relayStatePrefix, "relayStatePrefix is null");
    }
}
