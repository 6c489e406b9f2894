package io.xloud.core.events.api;

import io.xloud.core.error.ErrorDialect;
import io.xloud.core.error.JsonErrorDialect;
import io.xloud.core.events.EventService;
import io.xloud.core.http.Router;
import io.xloud.core.http.ServiceModule;

import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** The events API, an Xloud extension under {@code /events/v1} (catalog type {@code events}), errors in Keystone's JSON. */
public final class EventsModule
        implements ServiceModule
{
    public static final String PATH = "/events";

    private final EventService events;
    private final Supplier<String> publicUrl;

    public EventsModule(EventService events, Supplier<String> publicUrl)
    {
        this.events = requireNonNull(events, "events is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
    }

    @Override
    public String name()
    {
        return "events";
    }

    @Override
    public String pathPrefix()
    {
        return PATH;
    }

    @Override
    public ErrorDialect errorDialect()
    {
        return new JsonErrorDialect();
    }

    @Override
    public void routes(Router.Builder routes)
    {
        new EventResource(events, publicUrl).routes(routes);
        new SubscriptionResource(events, publicUrl).routes(routes);
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return EventsPolicies.defaults();
    }
}
