package io.xloud.network.service;

import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.Event;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.limits.QuotaService;
import io.xloud.network.NetworkSettings;

import java.time.Clock;

import static java.util.Objects.requireNonNull;

/**
 * What every resource service of the networking module shares: the unit of work its stores join, the clock, the
 * events of its changes, the quotas, the standard attributes and the settings.
 */
public record NetworkContext(UnitOfWork work, Clock clock, EventPublisher events, QuotaService quotas,
        StandardAttributes standard, NetworkSettings settings)
{
    public NetworkContext
    {
        requireNonNull(work, "work is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(events, "events is null");
        requireNonNull(quotas, "quotas is null");
        requireNonNull(standard, "standard is null");
        requireNonNull(settings, "settings is null");
    }

    /** Publishes an event such as {@code network.create.end} in the open unit of work. */
    public void publish(Event event)
    {
        events.publish(event);
    }

    /** Publishes {@code <type>} (e.g. {@code network.create.end}) about one resource with a small payload. */
    public void publish(String type, String projectId, String resourceType, String resourceId, java.util.Map<String, Object> payload)
    {
        events.publish(Event.of(type, java.util.Optional.of(projectId), resourceType, resourceId, payload));
    }
}
