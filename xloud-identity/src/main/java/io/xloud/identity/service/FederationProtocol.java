package io.xloud.identity.service;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A protocol of an identity provider: which mapping applies to its assertions. */
public record FederationProtocol(String id, String idpId, String mappingId, Optional<String> remoteIdAttribute)
{
    public FederationProtocol
    {
        requireNonNull(id, "id is null");
        requireNonNull(idpId, "idpId is null");
        requireNonNull(mappingId, "mappingId is null");
        requireNonNull(remoteIdAttribute, "remoteIdAttribute is null");
    }
}
