package io.xloud.core.events.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.events.Event;
import io.xloud.core.events.EventService;
import io.xloud.core.events.EventView;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /events/v1/events?marker=<event id>&limit=&type=<pattern>[&all_projects=true]}: the caller's project's
 * events after the marker, oldest first. A poller keeps the last id it saw and asks again from there.
 */
final class EventResource
{
    private final EventService events;
    private final Supplier<String> publicUrl;

    EventResource(EventService events, Supplier<String> publicUrl)
    {
        this.events = requireNonNull(events, "events is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
    }

    void routes(Router.Builder routes)
    {
        routes.route("GET", "/events/v1/events", EventsPolicies.LIST_EVENTS, EventsPolicies::target, this::list);
    }

    private void list(Exchange exchange)
    {
        int limit = Paging.limit(exchange);
        List<Event> page = events.feed(scope(exchange), Paging.nonEmpty(exchange, "marker"), Paging.nonEmpty(exchange, "type"), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.stream().map(EventView::of).toList());
        body.put("links", Paging.links(publicUrl.get() + "/events/v1/events", exchange, page.size() == limit,
                page.isEmpty() ? "" : page.getLast().id()));
        exchange.json(200, body);
    }

    /** The caller's project, or every project for {@code all_projects} when the policy allows it. */
    static Optional<String> scope(Exchange exchange)
    {
        if (exchange.queryFlag("all_projects")) {
            if (!exchange.allowed(EventsPolicies.ALL_PROJECTS, EventsPolicies.target(exchange))) {
                throw ApiException.forbidden("You are not authorized to perform the requested action: " + EventsPolicies.ALL_PROJECTS + ".");
            }
            return Optional.empty();
        }
        return Optional.of(exchange.auth().projectId().orElseThrow(() -> ApiException.forbidden("A project-scoped token is required.")));
    }
}
