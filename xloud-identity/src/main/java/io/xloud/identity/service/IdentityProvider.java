package io.xloud.identity.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An OS-FEDERATION identity provider. {@code oidc} holds how Xloud itself checks the provider's OpenID Connect
 * tokens (issuer, jwks_uri, audience, claim_prefix); empty when none are configured.
 */
public record IdentityProvider(String id, String domainId, boolean enabled, Optional<String> description, List<String> remoteIds,
        Optional<Integer> authorizationTtl, Map<String, Object> oidc)
{
    public IdentityProvider
    {
        requireNonNull(id, "id is null");
        requireNonNull(domainId, "domainId is null");
        requireNonNull(description, "description is null");
        remoteIds = List.copyOf(remoteIds);
        requireNonNull(authorizationTtl, "authorizationTtl is null");
        oidc = Map.copyOf(oidc);
    }
}
