package io.xloud.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Consumer;
import io.xloud.identity.service.ConsumerService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/OS-OAUTH1/consumers: the applications that may ask for OAuth1 request tokens. The secret is generated here
 * and shown once, in the create response; it can never be set or changed through the API.
 */
public final class ConsumerResource
{
    private static final String CONSUMERS = V3 + "/OS-OAUTH1/consumers";
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "properties": {"consumer": {"type": "object",
              "properties": {"description": {"type": ["string", "null"]}}}}}
            """);
    private static final RequestSchema UPDATE = JsonSchemas.of("""
            {"type": "object", "required": ["consumer"], "properties": {"consumer": {"type": "object", "minProperties": 1,
              "not": {"required": ["secret"]},
              "properties": {"description": {"type": ["string", "null"]}}}}}
            """);
    private static final Set<String> KNOWN = Set.of("id", "description", "secret", "links");

    private final IdentityApi api;

    public ConsumerResource(IdentityApi api)
    {
        this.api = api;
    }

    public void routes(Router.Builder r)
    {
        r.route("POST", CONSUMERS, "identity:create_consumer", this::create);
        r.route("GET", CONSUMERS, "identity:list_consumers", this::list);
        r.route("GET", CONSUMERS + "/{consumer_id}", "identity:get_consumer", this::get);
        r.route("PATCH", CONSUMERS + "/{consumer_id}", "identity:update_consumer", this::update);
        r.route("DELETE", CONSUMERS + "/{consumer_id}", "identity:delete_consumer", this::delete);
    }

    private ObjectNode view(Consumer consumer)
    {
        ObjectNode view = Json.object();
        view.put("id", consumer.id());
        view.put("description", consumer.description().orElse(null));
        view.set("links", api.links("/OS-OAUTH1/consumers/" + consumer.id()));
        IdentityApi.putExtra(view, consumer.extra());
        return view;
    }

    private static Map<String, Object> extra(JsonNode entity, Map<String, Object> previous)
    {
        Map<String, Object> extra = new LinkedHashMap<>(IdentityApi.extra(entity, KNOWN, previous));
        extra.values().removeIf(Objects::isNull);
        return extra;
    }

    private void create(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(CREATE).path("consumer");
        Optional<String> description = Optional.ofNullable(IdentityApi.text(entity, "description", null));
        Consumer consumer = consumers().create(description, entity.isObject() ? extra(entity, Map.of()) : Map.of());
        ObjectNode view = view(consumer);
        view.put("secret", consumer.secret());
        exchange.json(201, Map.of("consumer", view));
    }

    private void list(Exchange exchange)
    {
        List<ObjectNode> views = consumers().consumers().stream().map(this::view).toList();
        exchange.json(200, api.list(exchange, "consumers", views));
    }

    private void get(Exchange exchange)
    {
        exchange.json(200, Map.of("consumer", view(consumers().consumer(exchange.path("consumer_id")))));
    }

    private void update(Exchange exchange)
    {
        JsonNode entity = exchange.readJson(UPDATE).path("consumer");
        String id = exchange.path("consumer_id");
        if (entity.hasNonNull("id") && !entity.path("id").asText().equals(id)) {
            throw IdentityApi.validation("Cannot change ID");
        }
        Consumer updated = consumers().update(id, current -> new Consumer(id,
                entity.has("description") ? Optional.ofNullable(IdentityApi.text(entity, "description", null)) : current.description(),
                current.secret(), extra(entity, current.extra())));
        exchange.json(200, Map.of("consumer", view(updated)));
    }

    private void delete(Exchange exchange)
    {
        consumers().delete(exchange.path("consumer_id"));
        exchange.noContent();
    }

    private ConsumerService consumers()
    {
        return api.consumers();
    }
}
