package io.xloud.core.events;

import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.events.api.EventsModule;
import io.xloud.core.events.api.EventsPolicies;
import io.xloud.core.http.ServiceModule;
import io.xloud.core.module.CatalogEntry;
import io.xloud.core.module.ModuleContext;
import io.xloud.core.module.XloudModule;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events as a platform module: it offers the {@link EventPublisher} services write their changes' events through,
 * serves the events API under {@code /events/v1}, and runs this node's webhook delivery worker.
 */
public final class EventsXloudModule
        implements XloudModule
{
    public static final String NAME = "events";

    private EventsKernel events;
    private List<ServiceModule> http = List.of();

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public List<XloudConfig.Key> settings()
    {
        return EventsSettings.keys();
    }

    @Override
    public List<CatalogEntry> catalog()
    {
        return List.of(new CatalogEntry("events", "xloud-events", "/events/v1"));
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return EventsPolicies.defaults();
    }

    @Override
    public Set<Class<?>> offers()
    {
        return Set.of(EventPublisher.class);
    }

    @Override
    public void start(ModuleContext context)
    {
        events = EventsKernel.start(new UnitOfWork(context.database().jdbi()), EventsSettings.from(context.config()), context.clock());
        context.offer(EventPublisher.class, events.publisher());
        http = List.of(events.module(context.publicUrl()));
    }

    @Override
    public List<ServiceModule> http()
    {
        return http;
    }

    /** The events kernel, once started. */
    public EventsKernel events()
    {
        return events;
    }

    @Override
    public void close()
    {
        if (events != null) {
            events.close();
        }
    }
}
