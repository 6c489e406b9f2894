package io.xloud.network.service;

import io.xloud.core.error.ApiException;
import io.xloud.core.limits.QuotaService;
import io.xloud.network.store.QuotaStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Neutron's quotas over the kernel's quota service: limits per project (defaults unless set), usage as the service's
 * own reservations count it, and the projects with limits of their own.
 */
public final class NetworkQuotas
{
    private final NetworkContext context;
    private final QuotaService quotas;
    private final QuotaStore store;

    public NetworkQuotas(NetworkContext context)
    {
        this.context = requireNonNull(context, "context is null");
        this.quotas = context.quotas();
        this.store = new QuotaStore(context.work(), "network");
    }

    public List<String> resources()
    {
        return List.copyOf(new TreeSet<>(quotas.resources()));
    }

    public Map<String, Long> limits(String projectId)
    {
        return context.work().transaction(h -> {
            Map<String, Long> limits = new LinkedHashMap<>();
            for (String resource : resources()) {
                limits.put(resource, quotas.limit(h, projectId, resource));
            }
            return limits;
        });
    }

    /** The defaults: the limits of a project that has none of its own. */
    public Map<String, Long> defaults()
    {
        // no project has the empty id, so every limit is the default
        return limits("");
    }

    public record Detail(long limit, long used, long reserved) {}

    public Map<String, Detail> details(String projectId)
    {
        return context.work().transaction(h -> {
            Map<String, Detail> details = new LinkedHashMap<>();
            for (String resource : resources()) {
                details.put(resource, new Detail(quotas.limit(h, projectId, resource), quotas.inUse(h, projectId, resource), 0));
            }
            return details;
        });
    }

    public Map<String, Long> update(String projectId, Map<String, Long> limits)
    {
        for (Map.Entry<String, Long> limit : limits.entrySet()) {
            if (!quotas.resources().contains(limit.getKey())) {
                throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Unrecognized attribute(s) '" + limit.getKey() + "'");
            }
            if (limit.getValue() < -1) {
                throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input for " + limit.getKey() + ". Reason: '" + limit.getValue()
                        + "' should be greater than or equal to -1.");
            }
        }
        context.work().transaction(h -> {
            limits.forEach((resource, limit) -> quotas.setLimit(h, projectId, resource, limit));
            return null;
        });
        return limits(projectId);
    }

    public void reset(String projectId)
    {
        store.deleteLimits(projectId);
    }

    public List<String> projectsWithLimits()
    {
        return store.projectsWithLimits();
    }
}
