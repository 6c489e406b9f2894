package io.xloud.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.StandardAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The tag API of one collection ({@code standard-attr-tag}): {@code /v2.0/<collection>/{id}/tags[/{tag}]}. The
 * resource's own target resolver loads it (404 when the caller cannot see it) and gives the policy target.
 */
public final class TagsResource
{
    private final StandardAttributes standard;
    private final String collection;
    private final String table;
    private final TargetResolver target;

    /**
     * @param collection the URL collection, e.g. {@code networks} (also the tag rules' infix and the resource type)
     * @param table the resource's table, whose revision a tag change bumps
     * @param target resolves {@code {id}} to the policy target, or throws the resource's 404
     */
    public TagsResource(StandardAttributes standard, String collection, String table, TargetResolver target)
    {
        this.standard = requireNonNull(standard, "standard is null");
        this.collection = requireNonNull(collection, "collection is null");
        this.table = requireNonNull(table, "table is null");
        this.target = requireNonNull(target, "target is null");
    }

    /**
     * tag-creation: the {@code tags} of a create body (absent or null: none), every one checked before anything is made,
     * so that a bad tag refuses the create rather than leaving an untagged resource behind.
     */
    static List<String> creationTags(JsonNode resource)
    {
        JsonNode value = resource.get("tags");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > StandardAttributes.MAX_TAGS) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input for tags. Reason: a list of at most " + StandardAttributes.MAX_TAGS
                    + " tags is expected.");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : value) {
            if (!tag.isTextual()) {
                throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input for tags. Reason: " + Bodies.shorten(tag.toString())
                        + " is not a string.");
            }
            tags.add(StandardAttributes.checkTag(tag.asText()));
        }
        return tags;
    }

    public void routes(Router.Builder routes)
    {
        String base = NetworkModule.V2 + "/" + collection + "/{id}/tags";
        routes.route("GET", base, "get_" + collection + "_tags", target, this::list);
        routes.route("PUT", base, "update_" + collection + "_tags", target, this::replace);
        routes.route("DELETE", base, "delete_" + collection + "_tags", target, this::removeAll);
        routes.route("GET", base + "/{tag}", "get_" + collection + "_tags", target, this::check);
        routes.route("PUT", base + "/{tag}", "create_" + collection + "_tags", target, this::add);
        routes.route("DELETE", base + "/{tag}", "delete_" + collection + "_tags", target, this::remove);
    }

    private void list(Exchange exchange)
    {
        exchange.json(200, Map.of("tags", standard.tags(exchange.path("id"))));
    }

    private void replace(Exchange exchange)
    {
        JsonNode body = exchange.readJson();
        JsonNode tags = body.path("tags");
        if (!body.isObject() || !tags.isArray()) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input: the body must be {\"tags\": [...]}.");
        }
        List<String> given = new ArrayList<>();
        for (JsonNode tag : tags) {
            if (!tag.isTextual()) {
                throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input: every tag must be a string.");
            }
            given.add(tag.asText());
        }
        exchange.json(200, Map.of("tags", standard.replaceTags(table, collection, exchange.path("id"), given)));
    }

    private void removeAll(Exchange exchange)
    {
        standard.removeAllTags(table, exchange.path("id"));
        exchange.noContent();
    }

    private void check(Exchange exchange)
    {
        if (!standard.hasTag(exchange.path("id"), exchange.path("tag"))) {
            throw new ApiException(NetworkErrorCode.TAG_NOT_FOUND, "Tag " + exchange.path("tag") + " could not be found for resource " + exchange.path("id") + ".");
        }
        exchange.noContent();
    }

    private void add(Exchange exchange)
    {
        standard.addTag(table, collection, exchange.path("id"), exchange.path("tag"));
        exchange.respond(201, null, null);
    }

    private void remove(Exchange exchange)
    {
        standard.removeTag(table, exchange.path("id"), exchange.path("tag"));
        exchange.noContent();
    }
}
