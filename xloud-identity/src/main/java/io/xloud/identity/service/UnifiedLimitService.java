package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;
import io.xloud.identity.store.CatalogStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.LimitStore;
import io.xloud.identity.store.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Unified limits: registered limits (a service's default for a resource, per region) and project or domain limits
 * that override them. The enforcement model is flat: the project hierarchy plays no part.
 */
public final class UnifiedLimitService
{
    private final IdentityStore store;

    public UnifiedLimitService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    // ---- registered limits

    /** Creates all or none; each must name a known service and region and a resource no other registered limit has. */
    public List<RegisteredLimit> createRegisteredLimits(List<RegisteredLimit> limits)
    {
        return store.write(h -> {
            List<RegisteredLimit> existing = new ArrayList<>(LimitStore.registeredLimits(h));
            for (RegisteredLimit limit : limits) {
                requireCatalog(h, Optional.of(limit.serviceId()), limit.regionId(), "registered_limit");
                if (existing.stream().anyMatch(other -> other.sameResource(limit.serviceId(), limit.regionId(), limit.resourceName()))) {
                    throw duplicate("registered_limit");
                }
                LimitStore.insertRegisteredLimit(h, limit);
                existing.add(limit);
            }
            return List.copyOf(limits);
        });
    }

    public List<RegisteredLimit> registeredLimits()
    {
        return store.read(LimitStore::registeredLimits);
    }

    public RegisteredLimit registeredLimit(String id)
    {
        return store.read(h -> registeredLimit(h, id));
    }

    /**
     * A registered limit that project or domain limits rely on cannot change (403), nor collide with another (409).
     * The service and region the request names are checked first, as Keystone does.
     */
    public RegisteredLimit updateRegisteredLimit(String id, Optional<String> namedServiceId, Optional<String> namedRegionId,
            UnaryOperator<RegisteredLimit> change)
    {
        return store.write(h -> {
            requireCatalog(h, namedServiceId, namedRegionId, "registered_limit");
            RegisteredLimit current = registeredLimit(h, id);
            requireUnreferenced(h, current);
            RegisteredLimit next = change.apply(current);
            if (LimitStore.registeredLimits(h).stream().anyMatch(other -> !other.id().equals(id)
                    && other.sameResource(next.serviceId(), next.regionId(), next.resourceName()))) {
                throw duplicate("registered_limit");
            }
            LimitStore.updateRegisteredLimit(h, next);
            return next;
        });
    }

    public void deleteRegisteredLimit(String id)
    {
        store.writeVoid(h -> {
            requireUnreferenced(h, registeredLimit(h, id));
            LimitStore.deleteRegisteredLimit(h, id);
        });
    }

    // ---- limits

    /**
     * Creates all or none. A limit overrides a registered limit, which must exist for its service, region and resource
     * (403 otherwise, as Keystone); a project id that names a domain makes the limit a domain limit.
     */
    public List<Limit> createLimits(List<Limit> limits)
    {
        return store.write(h -> {
            List<Limit> existing = new ArrayList<>(LimitStore.limits(h));
            List<Limit> result = new ArrayList<>();
            for (Limit requested : limits) {
                requireCatalog(h, Optional.of(requested.serviceId()), requested.regionId(), "limit");
                Optional<String> projectId = requested.projectId();
                Optional<String> domainId = requested.domainId();
                if (projectId.isPresent() && ResourceStore.project(h, projectId.get()).isEmpty()) {
                    // a domain is a project acting as a domain: its limit is a domain limit
                    if (ResourceStore.domain(h, projectId.get()).isEmpty()) {
                        throw missing("project_id", "limit");
                    }
                    domainId = projectId;
                    projectId = Optional.empty();
                }
                if (domainId.isPresent() && ResourceStore.domain(h, domainId.get()).isEmpty()) {
                    throw missing("domain_id", "limit");
                }
                if (LimitStore.registeredLimits(h).stream()
                        .noneMatch(registered -> registered.sameResource(requested.serviceId(), requested.regionId(), requested.resourceName()))) {
                    throw new ApiException(IdentityErrorCode.FORBIDDEN, "Unable to create a limit that has no corresponding registered limit.");
                }
                Limit limit = new Limit(requested.id(), projectId, domainId, requested.serviceId(), requested.regionId(), requested.resourceName(),
                        requested.resourceLimit(), requested.description());
                if (existing.stream().anyMatch(other -> other.sameResource(limit.serviceId(), limit.regionId(), limit.resourceName())
                        && other.projectId().equals(limit.projectId()) && other.domainId().equals(limit.domainId()))) {
                    throw duplicate("limit");
                }
                LimitStore.insertLimit(h, limit);
                existing.add(limit);
                result.add(limit);
            }
            return result;
        });
    }

    /** Who sees which limits depends on the token's scope: all (system), a domain's and its projects', or the project's own. */
    public List<Limit> visibleLimits(boolean systemScope, Optional<String> scopeDomainId, Optional<String> scopeProjectId)
    {
        return store.read(h -> {
            if (systemScope) {
                return LimitStore.limits(h);
            }
            if (scopeDomainId.isPresent()) {
                String domainId = scopeDomainId.get();
                Set<String> projects = new HashSet<>();
                ResourceStore.projects(h).stream().filter(project -> project.domainId().equals(domainId)).map(Project::id).forEach(projects::add);
                return LimitStore.limits(h).stream().filter(limit -> limit.projectId().map(projects::contains).orElse(false)
                        || limit.domainId().equals(Optional.of(domainId))).toList();
            }
            if (scopeProjectId.isPresent()) {
                return LimitStore.limits(h).stream().filter(limit -> limit.projectId().equals(scopeProjectId)).toList();
            }
            return List.of();
        });
    }

    public Optional<Limit> findLimit(String id)
    {
        return store.read(h -> LimitStore.limit(h, id));
    }

    /** The domain of a limit's project, for policy targets; empty when the project is gone. */
    public Optional<String> domainOfProject(String projectId)
    {
        return store.read(h -> ResourceStore.project(h, projectId)).map(Project::domainId);
    }

    public Limit limit(String id)
    {
        return store.read(h -> limit(h, id));
    }

    /** Only the value and the description of a limit change. */
    public Limit updateLimit(String id, UnaryOperator<Limit> change)
    {
        return store.write(h -> {
            Limit next = change.apply(limit(h, id));
            LimitStore.updateLimit(h, next);
            return next;
        });
    }

    public void deleteLimit(String id)
    {
        store.writeVoid(h -> {
            limit(h, id);
            LimitStore.deleteLimit(h, id);
        });
    }

    // ---- rules

    private static RegisteredLimit registeredLimit(Handle h, String id)
    {
        return LimitStore.registeredLimit(h, id)
                .orElseThrow(() -> new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find registered limit for " + id + "."));
    }

    private static Limit limit(Handle h, String id)
    {
        return LimitStore.limit(h, id).orElseThrow(() -> new ApiException(IdentityErrorCode.NOT_FOUND, "Could not find limit for " + id + "."));
    }

    private static void requireUnreferenced(Handle h, RegisteredLimit registered)
    {
        boolean referenced = LimitStore.limits(h).stream()
                .anyMatch(limit -> limit.sameResource(registered.serviceId(), registered.regionId(), registered.resourceName()));
        if (referenced) {
            throw new ApiException(IdentityErrorCode.FORBIDDEN, "Unable to update or delete registered limit " + registered.id()
                    + " because there are project limits associated with it.");
        }
    }

    /** The service and region a limit names must exist (400 otherwise, as Keystone). */
    private static void requireCatalog(Handle h, Optional<String> serviceId, Optional<String> regionId, String target)
    {
        if (serviceId.isPresent() && CatalogStore.service(h, serviceId.get()).isEmpty()) {
            throw missing("service_id", target);
        }
        if (regionId.isPresent() && CatalogStore.region(h, regionId.get()).isEmpty()) {
            throw missing("region_id", target);
        }
    }

    private static ApiException missing(String attribute, String target)
    {
        return IdentityErrors.validation("Expecting to find " + attribute + " in " + target + ". The server could not comply with the request "
                + "since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
    }

    private static ApiException duplicate(String type)
    {
        return ApiException.conflict("Conflict occurred attempting to store " + type + " - Duplicate entry.");
    }
}
