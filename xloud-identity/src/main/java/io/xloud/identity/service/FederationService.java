package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.store.FederationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/** OS-FEDERATION resources: identity providers, their protocols, mappings and service providers. */
public final class FederationService
{
    private final IdentityStore store;
    private volatile List<ServiceProvider> enabledServiceProviders;

    public FederationService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
        store.onInvalidate(() -> enabledServiceProviders = null);
    }

    /** What every token lists as "service_providers"; read once per identity revision. */
    public List<ServiceProvider> enabledServiceProviders()
    {
        List<ServiceProvider> cached = enabledServiceProviders;
        if (cached == null) {
            cached = serviceProviders().stream().filter(ServiceProvider::enabled).toList();
            enabledServiceProviders = cached;
        }
        return cached;
    }

    // ---- identity providers

    /**
     * Creates a provider. Without a domain, Keystone creates one named after the provider for its federated users;
     * remote ids are unique across providers.
     */
    public IdentityProvider createIdentityProvider(String id, Optional<String> domainId, boolean enabled, Optional<String> description,
            List<String> remoteIds, Optional<Integer> authorizationTtl, Map<String, Object> oidc)
    {
        return store.write(h -> {
            if (FederationStore.identityProvider(h, id).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store identity_provider - Duplicate entry found with id " + id + ".");
            }
            duplicateRemoteId(h, remoteIds, id);
            String domain;
            if (domainId.isPresent()) {
                domain = domainId.get();
                if (ResourceStore.domain(h, domain).isEmpty()) {
                    throw IdentityErrors.notFound("domain", domain);
                }
            }
            else {
                // Keystone names the domain by its own id
                domain = Ids.newId();
                ResourceStore.insertDomain(h, new Domain(domain, domain, Optional.of("Auto generated federated domain for Identity Provider: " + id),
                        true, Map.of()));
            }
            IdentityProvider idp = new IdentityProvider(id, domain, enabled, description, remoteIds, authorizationTtl, oidc);
            FederationStore.insertIdentityProvider(h, idp);
            return idp;
        });
    }

    private static void duplicateRemoteId(Handle h, List<String> remoteIds, String idpId)
    {
        Optional<String> taken = FederationStore.remoteIdOwner(h, remoteIds, idpId);
        if (taken.isPresent()) {
            throw ApiException.conflict("Conflict occurred attempting to store identity_provider - Duplicate remote ID: " + taken.get() + ".");
        }
    }

    public List<IdentityProvider> identityProviders()
    {
        return store.read(FederationStore::identityProviders);
    }

    public IdentityProvider identityProvider(String id)
    {
        return store.read(h -> identityProvider(h, id));
    }

    static IdentityProvider identityProvider(Handle h, String id)
    {
        return FederationStore.identityProvider(h, id).orElseThrow(() -> IdentityErrors.notFound("identity_provider", id));
    }

    public IdentityProvider updateIdentityProvider(String id, UnaryOperator<IdentityProvider> change)
    {
        return store.write(h -> {
            IdentityProvider current = identityProvider(h, id);
            IdentityProvider changed = change.apply(current);
            IdentityProvider next = new IdentityProvider(id, current.domainId(), changed.enabled(), changed.description(), changed.remoteIds(),
                    changed.authorizationTtl(), changed.oidc());
            duplicateRemoteId(h, next.remoteIds(), id);
            FederationStore.updateIdentityProvider(h, next);
            return next;
        });
    }

    /**
     * Deletes the provider, its protocols and the links of its federated users, as Keystone does; the shadow users
     * stay, and the tokens the provider gave stop validating.
     */
    public void deleteIdentityProvider(String id)
    {
        store.writeVoid(h -> {
            identityProvider(h, id);
            FederationStore.deleteIdentityProvider(h, id);
        });
    }

    // ---- mappings

    public FederationMapping createMapping(FederationMapping mapping)
    {
        return store.write(h -> {
            if (FederationStore.mapping(h, mapping.id()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store mapping - Duplicate entry found with id " + mapping.id() + ".");
            }
            FederationStore.insertMapping(h, mapping);
            return mapping;
        });
    }

    public List<FederationMapping> mappings()
    {
        return store.read(FederationStore::mappings);
    }

    public FederationMapping mapping(String id)
    {
        return store.read(h -> mapping(h, id));
    }

    static FederationMapping mapping(Handle h, String id)
    {
        return FederationStore.mapping(h, id).orElseThrow(() -> IdentityErrors.notFound("mapping", id));
    }

    /** A protocol naming a mapping that does not exist is a bad request in Keystone, not a missing resource. */
    private static void requireMapping(Handle h, String mappingId)
    {
        if (FederationStore.mapping(h, mappingId).isEmpty()) {
            throw IdentityErrors.validation("Invalid mapping id: " + mappingId);
        }
    }

    public FederationMapping updateMapping(FederationMapping mapping)
    {
        return store.write(h -> {
            mapping(h, mapping.id());
            FederationStore.updateMapping(h, mapping);
            return mapping;
        });
    }

    public void deleteMapping(String id)
    {
        store.writeVoid(h -> {
            mapping(h, id);
            FederationStore.deleteMapping(h, id);
        });
    }

    // ---- protocols

    public FederationProtocol createProtocol(FederationProtocol protocol)
    {
        return store.write(h -> {
            identityProvider(h, protocol.idpId());
            requireMapping(h, protocol.mappingId());
            if (FederationStore.protocol(h, protocol.idpId(), protocol.id()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store protocol - Duplicate entry found with id " + protocol.id() + ".");
            }
            FederationStore.insertProtocol(h, protocol);
            return protocol;
        });
    }

    public List<FederationProtocol> protocols(String idpId)
    {
        return store.read(h -> {
            identityProvider(h, idpId);
            return FederationStore.protocols(h, idpId);
        });
    }

    public FederationProtocol protocol(String idpId, String id)
    {
        return store.read(h -> protocol(h, idpId, id));
    }

    static FederationProtocol protocol(Handle h, String idpId, String id)
    {
        identityProvider(h, idpId);
        return FederationStore.protocol(h, idpId, id).orElseThrow(() -> IdentityErrors.notFound("protocol", id));
    }

    public FederationProtocol updateProtocol(String idpId, String id, UnaryOperator<FederationProtocol> change)
    {
        return store.write(h -> {
            FederationProtocol current = protocol(h, idpId, id);
            FederationProtocol changed = change.apply(current);
            FederationProtocol next = new FederationProtocol(id, idpId, changed.mappingId(), changed.remoteIdAttribute());
            requireMapping(h, next.mappingId());
            FederationStore.updateProtocol(h, next);
            return next;
        });
    }

    public void deleteProtocol(String idpId, String id)
    {
        store.writeVoid(h -> {
            protocol(h, idpId, id);
            FederationStore.deleteProtocol(h, idpId, id);
        });
    }

    // ---- service providers

    public ServiceProvider createServiceProvider(ServiceProvider sp)
    {
        return store.write(h -> {
            if (FederationStore.serviceProvider(h, sp.id()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store service_provider - Duplicate entry found with id " + sp.id() + ".");
            }
            FederationStore.insertServiceProvider(h, sp);
            return sp;
        });
    }

    public List<ServiceProvider> serviceProviders()
    {
        return store.read(FederationStore::serviceProviders);
    }

    public ServiceProvider serviceProvider(String id)
    {
        return store.read(h -> serviceProvider(h, id));
    }

    private static ServiceProvider serviceProvider(Handle h, String id)
    {
        return FederationStore.serviceProvider(h, id).orElseThrow(() -> IdentityErrors.notFound("service_provider", id));
    }

    public ServiceProvider updateServiceProvider(String id, UnaryOperator<ServiceProvider> change)
    {
        return store.write(h -> {
            ServiceProvider current = serviceProvider(h, id);
            ServiceProvider changed = change.apply(current);
            ServiceProvider next = new ServiceProvider(id, changed.authUrl(), changed.spUrl(), changed.description(), changed.enabled(),
                    changed.relayStatePrefix());
            FederationStore.updateServiceProvider(h, next);
            return next;
        });
    }

    public void deleteServiceProvider(String id)
    {
        store.writeVoid(h -> {
            serviceProvider(h, id);
            FederationStore.deleteServiceProvider(h, id);
        });
    }
}
