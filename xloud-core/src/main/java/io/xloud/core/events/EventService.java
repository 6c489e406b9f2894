package io.xloud.core.events;

import io.xloud.core.error.ApiException;
import io.xloud.core.events.store.DeliveryStore;
import io.xloud.core.events.store.EventStore;
import io.xloud.core.events.store.SubscriptionStore;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The feed and webhook subscriptions, as a caller sees them: {@code project} is the caller's project, or empty
 * for a caller allowed to see every project. Another project's subscription is not found, never forbidden.
 */
public final class EventService
{
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_PATTERNS = 32;
    public static final int MAX_SECRET_LENGTH = 1024;
    public static final int MAX_SUBSCRIPTIONS_PER_PROJECT = 100;

    /** What a PATCH changes; an empty field keeps the current value. */
    public record SubscriptionUpdate(Optional<String> url, Optional<List<String>> patterns, Optional<String> secret, Optional<Boolean> enabled)
    {
        public SubscriptionUpdate
        {
            requireNonNull(url, "url is null");
            requireNonNull(patterns, "patterns is null");
            requireNonNull(secret, "secret is null");
            requireNonNull(enabled, "enabled is null");
        }
    }

    private final EventStore events;
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final Clock clock;

    public EventService(EventStore events, SubscriptionStore subscriptions, DeliveryStore deliveries, Clock clock)
    {
        this.events = requireNonNull(events, "events is null");
        this.subscriptions = requireNonNull(subscriptions, "subscriptions is null");
        this.deliveries = requireNonNull(deliveries, "deliveries is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Events after the marker (an event id the caller can see), oldest first. */
    public List<Event> feed(Optional<String> project, Optional<String> marker, Optional<String> typePattern, int limit)
    {
        Optional<EventTypePattern> type = typePattern.map(EventService::pattern);
        long after = 0;
        if (marker.isPresent()) {
            if (!isUuid(marker.get())) {
                throw ApiException.badRequest("Marker " + abbreviate(marker.get()) + " is not an event id.");
            }
            after = events.position(marker.get(), project)
                    .orElseThrow(() -> ApiException.badRequest("Marker " + marker.get() + " could not be found."));
        }
        return events.feed(project, after, type, limit);
    }

    public Subscription create(String projectId, boolean allProjects, String url, List<String> patterns, String secret, boolean enabled)
    {
        requireNonNull(projectId, "projectId is null");
        if (subscriptions.count(projectId) >= MAX_SUBSCRIPTIONS_PER_PROJECT) {
            throw ApiException.conflict("A project may have at most " + MAX_SUBSCRIPTIONS_PER_PROJECT + " subscriptions.");
        }
        var now = clock.instant();
        Subscription subscription = new Subscription(UUID.randomUUID().toString(), projectId, allProjects, url(url), patterns(patterns), secret(secret),
                enabled, now, now);
        subscriptions.insert(subscription);
        return subscription;
    }

    public Subscription get(String id, Optional<String> project)
    {
        if (!isUuid(id)) {
            throw notFound(id);
        }
        return subscriptions.get(id)
                .filter(found -> project.isEmpty() || project.get().equals(found.projectId()))
                .orElseThrow(() -> notFound(id));
    }

    public List<Subscription> list(Optional<String> project, int limit)
    {
        return subscriptions.list(project, limit);
    }

    public Subscription update(String id, Optional<String> project, SubscriptionUpdate update)
    {
        Subscription current = get(id, project);
        Subscription updated = new Subscription(current.id(), current.projectId(), current.allProjects(),
                update.url().map(EventService::url).orElse(current.url()),
                update.patterns().map(EventService::patterns).orElse(current.patterns()),
                update.secret().map(EventService::secret).orElse(current.secret()),
                update.enabled().orElse(current.enabled()),
                current.createdAt(), clock.instant());
        subscriptions.update(updated);
        return updated;
    }

    public void delete(String id, Optional<String> project)
    {
        Subscription current = get(id, project);
        if (!subscriptions.delete(current.id())) {
            throw notFound(id);
        }
    }

    public List<Delivery> deliveries(String subscriptionId, Optional<String> project, Optional<String> marker, int limit)
    {
        Subscription subscription = get(subscriptionId, project);
        long after = 0;
        if (marker.isPresent()) {
            try {
                after = Long.parseLong(marker.get());
            }
            catch (NumberFormatException e) {
                throw ApiException.badRequest("Marker " + abbreviate(marker.get()) + " is not a delivery id.");
            }
        }
        return deliveries.log(subscription.id(), after, limit);
    }

    static String url(String url)
    {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            throw ApiException.badRequest("A subscription needs a url of at most " + MAX_URL_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException e) {
            throw ApiException.badRequest("The subscription url is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.badRequest("A subscription url must be http or https.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ApiException.badRequest("A subscription url must name a host.");
        }
        // credentials in a URL would end up wherever URLs are shown; the secret authenticates deliveries instead
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ApiException.badRequest("A subscription url may have neither user information nor a fragment.");
        }
        return url;
    }

    static List<EventTypePattern> patterns(List<String> patterns)
    {
        if (patterns == null || patterns.isEmpty() || patterns.size() > MAX_PATTERNS) {
            throw ApiException.badRequest("A subscription needs between 1 and " + MAX_PATTERNS + " event types.");
        }
        List<EventTypePattern> parsed = new ArrayList<>();
        for (String pattern : new LinkedHashSet<>(patterns)) {
            parsed.add(pattern(pattern));
        }
        return parsed;
    }

    static EventTypePattern pattern(String pattern)
    {
        if (!EventTypePattern.isValid(pattern)) {
            throw ApiException.badRequest("An event type pattern has at most " + EventTypePattern.MAX_LENGTH
                    + " characters of a-z, 0-9, '.', '_', '-' and '*'.");
        }
        return new EventTypePattern(pattern);
    }

    static String secret(String secret)
    {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
            throw ApiException.badRequest("A subscription needs a secret of 1 to " + MAX_SECRET_LENGTH + " characters.");
        }
        return secret;
    }

    private static ApiException notFound(String id)
    {
        return ApiException.notFound("Could not find subscription: " + abbreviate(id) + ".");
    }

    static boolean isUuid(String value)
    {
        return value.length() == 36 && value.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }

    private static String abbreviate(String value)
    {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
