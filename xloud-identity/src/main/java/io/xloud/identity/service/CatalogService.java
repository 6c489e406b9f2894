package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.store.IdentityStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/** Regions (a tree without cycles), services and their endpoints: what the catalog is made of. */
public final class CatalogService
{
    private static final int MAX_REGION_DEPTH = 64;

    private final IdentityStore store;

    public CatalogService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    // ---- regions

    public Region createRegion(Region region)
    {
        store.writeVoid(h -> {
            if (CatalogStore.region(h, region.id()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store region - Duplicate ID, " + region.id() + ".");
            }
            checkParent(h, region.id(), region.parentRegionId());
            CatalogStore.insertRegion(h, region);
        });
        return region;
    }

    public Region region(String id)
    {
        return store.read(h -> CatalogStore.region(h, id)).orElseThrow(() -> IdentityErrors.notFound("region", id));
    }

    public List<Region> regions()
    {
        return store.read(CatalogStore::regions);
    }

    public Region updateRegion(String id, UnaryOperator<Region> change)
    {
        return store.write(h -> {
            Region current = CatalogStore.region(h, id).orElseThrow(() -> IdentityErrors.notFound("region", id));
            Region next = change.apply(current);
            checkParent(h, id, next.parentRegionId());
            CatalogStore.updateRegion(h, next);
            return next;
        });
    }

    /** A region with child regions or endpoints stays (403). */
    public void deleteRegion(String id)
    {
        store.writeVoid(h -> {
            CatalogStore.region(h, id).orElseThrow(() -> IdentityErrors.notFound("region", id));
            if (CatalogStore.regions(h).stream().anyMatch(region -> region.parentRegionId().equals(Optional.of(id)))) {
                throw ApiException.forbidden("Unable to delete region " + id + " because it or its child regions have associated endpoints.");
            }
            if (CatalogStore.endpoints(h).stream().anyMatch(endpoint -> endpoint.regionId().equals(Optional.of(id)))) {
                throw ApiException.forbidden("Unable to delete region " + id + " because it or its child regions have associated endpoints.");
            }
            CatalogStore.deleteRegion(h, id);
        });
    }

    /** The parent must exist, and the region may not be its own ancestor. */
    private static void checkParent(Handle h, String id, Optional<String> parent)
    {
        Optional<String> current = parent;
        int depth = 0;
        while (current.isPresent()) {
            if (current.get().equals(id)) {
                throw ApiException.badRequest("Circular reference or a repeated entry found in region tree - " + id + ".");
            }
            Optional<Region> next = CatalogStore.region(h, current.get());
            if (next.isEmpty()) {
                if (depth == 0) {
                    throw ApiException.notFound("Could not find region: " + current.get() + ".");
                }
                return;
            }
            current = next.get().parentRegionId();
            if (++depth > MAX_REGION_DEPTH) {
                return;
            }
        }
    }

    // ---- services

    public Service createService(Service service)
    {
        store.writeVoid(h -> CatalogStore.insertService(h, service));
        return service;
    }

    public Service service(String id)
    {
        return store.read(h -> CatalogStore.service(h, id)).orElseThrow(() -> IdentityErrors.notFound("service", id));
    }

    public List<Service> services()
    {
        return store.read(CatalogStore::services);
    }

    public Service updateService(String id, UnaryOperator<Service> change)
    {
        return store.write(h -> {
            Service current = CatalogStore.service(h, id).orElseThrow(() -> IdentityErrors.notFound("service", id));
            Service next = change.apply(current);
            CatalogStore.updateService(h, next);
            return next;
        });
    }

    /** A service takes its endpoints with it. */
    public void deleteService(String id)
    {
        store.writeVoid(h -> {
            CatalogStore.service(h, id).orElseThrow(() -> IdentityErrors.notFound("service", id));
            CatalogStore.deleteService(h, id);
        });
    }

    // ---- endpoints

    /**
     * The endpoint's service must exist; its region too when named by {@code region_id}, while the legacy
     * {@code region} attribute creates a region that is missing.
     */
    public Endpoint createEndpoint(Endpoint endpoint, boolean regionMustExist)
    {
        store.writeVoid(h -> {
            requireService(h, endpoint.serviceId());
            ensureRegion(h, endpoint.regionId(), regionMustExist);
            CatalogStore.insertEndpoint(h, endpoint);
        });
        return endpoint;
    }

    public Endpoint endpoint(String id)
    {
        return store.read(h -> CatalogStore.endpoint(h, id)).orElseThrow(() -> IdentityErrors.notFound("endpoint", id));
    }

    public List<Endpoint> endpoints()
    {
        return store.read(CatalogStore::endpoints);
    }

    public Endpoint updateEndpoint(String id, boolean regionMustExist, UnaryOperator<Endpoint> change)
    {
        return store.write(h -> {
            Endpoint current = CatalogStore.endpoint(h, id).orElseThrow(() -> IdentityErrors.notFound("endpoint", id));
            Endpoint next = change.apply(current);
            requireService(h, next.serviceId());
            ensureRegion(h, next.regionId(), regionMustExist);
            CatalogStore.updateEndpoint(h, next);
            return next;
        });
    }

    public void deleteEndpoint(String id)
    {
        store.writeVoid(h -> {
            CatalogStore.endpoint(h, id).orElseThrow(() -> IdentityErrors.notFound("endpoint", id));
            CatalogStore.deleteEndpoint(h, id);
        });
    }

    private static void requireService(Handle h, String serviceId)
    {
        if (CatalogStore.service(h, serviceId).isEmpty()) {
            throw IdentityErrors.validation("Invalid input for field 'service_id': service " + serviceId + " does not exist.");
        }
    }

    private static void ensureRegion(Handle h, Optional<String> region, boolean mustExist)
    {
        if (region.isEmpty() || CatalogStore.region(h, region.get()).isPresent()) {
            return;
        }
        if (mustExist) {
            throw IdentityErrors.validation("Invalid input for field 'region_id': region " + region.get() + " does not exist.");
        }
        CatalogStore.insertRegion(h, new Region(region.get(), Optional.empty(), Optional.empty(), Map.of()));
    }
}
