package io.xloud.core.events.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.events.Delivery;
import io.xloud.core.events.EventService;
import io.xloud.core.events.EventService.SubscriptionUpdate;
import io.xloud.core.events.EventTypePattern;
import io.xloud.core.events.Subscription;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Webhook subscriptions, {@code /events/v1/subscriptions[/{id}[/deliveries]]}. The body is
 * {@code {"subscription":{"url":..., "event_types":[...], "secret":..., "enabled":true, "all_projects":false}}};
 * the secret is write-only. Another project's subscription is 404.
 */
final class SubscriptionResource
{
    private static final Set<String> FIELDS = Set.of("url", "event_types", "secret", "enabled", "all_projects");

    private final EventService events;
    private final Supplier<String> publicUrl;

    SubscriptionResource(EventService events, Supplier<String> publicUrl)
    {
        this.events = requireNonNull(events, "events is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
    }

    void routes(Router.Builder routes)
    {
        routes.route("GET", "/events/v1/subscriptions", EventsPolicies.LIST_SUBSCRIPTIONS, EventsPolicies::target, this::list);
        routes.route("POST", "/events/v1/subscriptions", EventsPolicies.CREATE_SUBSCRIPTION, EventsPolicies::target, this::create);
        routes.route("GET", "/events/v1/subscriptions/{subscription_id}", EventsPolicies.GET_SUBSCRIPTION, EventsPolicies::target, this::get);
        routes.route("PATCH", "/events/v1/subscriptions/{subscription_id}", EventsPolicies.UPDATE_SUBSCRIPTION, EventsPolicies::target, this::update);
        routes.route("DELETE", "/events/v1/subscriptions/{subscription_id}", EventsPolicies.DELETE_SUBSCRIPTION, EventsPolicies::target, this::delete);
        routes.route("GET", "/events/v1/subscriptions/{subscription_id}/deliveries", EventsPolicies.LIST_DELIVERIES, EventsPolicies::target,
                this::deliveries);
    }

    private void list(Exchange exchange)
    {
        List<Subscription> subscriptions = events.list(EventResource.scope(exchange), Paging.MAX_LIMIT);
        exchange.json(200, Map.of("subscriptions", subscriptions.stream().map(this::view).toList()));
    }

    private void create(Exchange exchange)
    {
        JsonNode body = subscriptionBody(exchange);
        boolean allProjects = optionalBoolean(body, "all_projects").orElse(false);
        if (allProjects && !exchange.allowed(EventsPolicies.ALL_PROJECTS, EventsPolicies.target(exchange))) {
            throw ApiException.forbidden("You are not authorized to perform the requested action: " + EventsPolicies.ALL_PROJECTS + ".");
        }
        String project = exchange.auth().projectId().orElseThrow(() -> ApiException.forbidden("A project-scoped token is required."));
        Subscription created = events.create(project, allProjects,
                optionalString(body, "url").orElseThrow(() -> ApiException.badRequest("'url' is a required property.")),
                optionalStrings(body, "event_types").orElseThrow(() -> ApiException.badRequest("'event_types' is a required property.")),
                optionalString(body, "secret").orElseThrow(() -> ApiException.badRequest("'secret' is a required property.")),
                optionalBoolean(body, "enabled").orElse(true));
        exchange.header("Location", self(created));
        exchange.json(201, Map.of("subscription", view(created)));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("subscription", view(events.get(exchange.path("subscription_id"), visible(exchange)))));
    }

    private void update(Exchange exchange)
    {
        JsonNode body = subscriptionBody(exchange);
        if (body.has("all_projects")) {
            throw ApiException.badRequest("'all_projects' cannot be changed; create another subscription.");
        }
        Subscription updated = events.update(exchange.path("subscription_id"), visible(exchange), new SubscriptionUpdate(
                optionalString(body, "url"), optionalStrings(body, "event_types"), optionalString(body, "secret"), optionalBoolean(body, "enabled")));
        exchange.json(200, Map.of("subscription", view(updated)));
    }

    private void delete(Exchange exchange)
    {
        events.delete(exchange.path("subscription_id"), visible(exchange));
        exchange.noContent();
    }

    private void deliveries(Exchange exchange)
    {
        int limit = Paging.limit(exchange);
        String id = exchange.path("subscription_id");
        List<Delivery> page = events.deliveries(id, visible(exchange), Paging.nonEmpty(exchange, "marker"), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveries", page.stream().map(SubscriptionResource::view).toList());
        body.put("links", Paging.links(publicUrl.get() + "/events/v1/subscriptions/" + id + "/deliveries", exchange, page.size() == limit,
                page.isEmpty() ? "" : Long.toString(page.getLast().id())));
        exchange.json(200, body);
    }

    /** Whose subscriptions the caller reaches by id: its project's, or all for a caller allowed every project. */
    private static Optional<String> visible(Exchange exchange)
    {
        if (exchange.allowed(EventsPolicies.ALL_PROJECTS, EventsPolicies.target(exchange))) {
            return Optional.empty();
        }
        return Optional.of(exchange.auth().projectId().orElseThrow(() -> ApiException.forbidden("A project-scoped token is required.")));
    }

    private static JsonNode subscriptionBody(Exchange exchange)
    {
        JsonNode subscription = exchange.readJson().get("subscription");
        if (subscription == null || !subscription.isObject()) {
            throw ApiException.badRequest("'subscription' is a required property and must be an object.");
        }
        for (var names = subscription.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("Additional properties are not allowed ('" + (name.length() > 64 ? name.substring(0, 64) : name)
                        + "' was unexpected).");
            }
        }
        return subscription;
    }

    private static Optional<String> optionalString(JsonNode body, String name)
    {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("'" + name + "' must be a string.");
        }
        return Optional.of(value.asText());
    }

    private static Optional<List<String>> optionalStrings(JsonNode body, String name)
    {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray() || value.size() > EventService.MAX_PATTERNS) {
            throw ApiException.badRequest("'" + name + "' must be a list of at most " + EventService.MAX_PATTERNS + " strings.");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("'" + name + "' must be a list of strings.");
            }
            strings.add(item.asText());
        }
        return Optional.of(strings);
    }

    private static Optional<Boolean> optionalBoolean(JsonNode body, String name)
    {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest("'" + name + "' must be a boolean.");
        }
        return Optional.of(value.asBoolean());
    }

    private String self(Subscription subscription)
    {
        return publicUrl.get() + "/events/v1/subscriptions/" + subscription.id();
    }

    private Map<String, Object> view(Subscription subscription)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subscription.id());
        view.put("project_id", subscription.projectId());
        view.put("all_projects", subscription.allProjects());
        view.put("url", subscription.url());
        view.put("event_types", subscription.patterns().stream().map(EventTypePattern::pattern).toList());
        view.put("enabled", subscription.enabled());
        view.put("created_at", subscription.createdAt().toString());
        view.put("updated_at", subscription.updatedAt().toString());
        view.put("links", Map.of("self", self(subscription)));
        return view;
    }

    private static Map<String, Object> view(Delivery delivery)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", delivery.id());
        view.put("event_id", delivery.eventId());
        view.put("event_type", delivery.eventType());
        view.put("state", delivery.state().wireName());
        view.put("attempts", delivery.attempts());
        view.put("last_status_code", delivery.lastStatus().isPresent() ? delivery.lastStatus().getAsInt() : null);
        view.put("last_error", delivery.lastError().orElse(null));
        view.put("next_attempt_at", delivery.state() == Delivery.State.PENDING ? delivery.nextAttemptAt().toString() : null);
        view.put("created_at", delivery.createdAt().toString());
        view.put("updated_at", delivery.updatedAt().toString());
        return view;
    }
}
