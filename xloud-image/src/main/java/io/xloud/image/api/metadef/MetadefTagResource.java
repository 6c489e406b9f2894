package io.xloud.image.api.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.metadef.MetadefListing;
import io.xloud.image.service.metadef.MetadefTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.xloud.image.api.metadef.MetadefApi.NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.PATH_NAMESPACE;
import static io.xloud.image.api.metadef.MetadefApi.caller;

/**
 * /v2/metadefs/namespaces/{namespace}/tags: list (names only), create several (POST {"tags": [...]}, replacing the
 * namespace's tags unless {@code X-Openstack-Append} is true), delete all (204); /tags/{tag}: create (POST, no
 * body, 201), show, rename (PUT {"name"}), delete. Tag names are unique without regard to case (409).
 */
final class MetadefTagResource
{
    private static final Set<String> READ_ONLY = Set.of("created_at", "updated_at");
    private static final String TAG = NAMESPACE + "/tags/{tag_name}";
    private static final int MAX_NAME = 80;

    private final MetadefApi api;

    MetadefTagResource(MetadefApi api)
    {
        this.api = api;
    }

    void routes(Router.Builder r)
    {
        r.route("GET", NAMESPACE + "/tags", MetadefPolicies.GET_TAGS, api::namespaceTarget, this::list);
        r.route("POST", NAMESPACE + "/tags", MetadefPolicies.ADD_TAGS, api::namespaceTarget, this::createMany);
        r.route("DELETE", NAMESPACE + "/tags", MetadefPolicies.DELETE_TAGS, api::namespaceTarget, this::deleteAll);
        r.route("POST", TAG, MetadefPolicies.ADD_TAG, api::namespaceTarget, this::create);
        r.route("GET", TAG, MetadefPolicies.GET_TAG, api::namespaceTarget, this::show);
        r.route("PUT", TAG, MetadefPolicies.MODIFY_TAG, api::namespaceTarget, this::update);
        r.route("DELETE", TAG, MetadefPolicies.DELETE_TAG, api::namespaceTarget, this::delete);
    }

    private void list(Exchange exchange)
    {
        MetadefListing listing = MetadefApi.listing(exchange, Integer.MAX_VALUE - 1, 0, Optional.empty(), List.of());
        if (exchange.query("limit").map(value -> new java.math.BigInteger(value.strip()).signum() == 0).orElse(false)) {
            // Glance takes limit=0 for tags as no limit at all
            listing = new MetadefListing(Integer.MAX_VALUE - 1, listing.marker(), listing.sortKey(), listing.ascending(), Optional.empty(), List.of());
        }
        MetadefListing.Page<MetadefTag> page = api.service().tags(caller(exchange), exchange.path(PATH_NAMESPACE), listing);
        exchange.json(200, MetadefViews.tagNames(page.items()));
    }

    private void createMany(Exchange exchange)
    {
        JsonNode body = MetadefApi.body(exchange, MetadefSchemas.TAGS_CREATE, READ_ONLY);
        List<String> names = new ArrayList<>();
        body.path("tags").forEach(tag -> names.add(checkName(tag.path("name").asText())));
        boolean append = MetadefApi.flag(exchange.header("X-Openstack-Append"));
        List<MetadefTag> created = api.service().createTags(caller(exchange), exchange.path(PATH_NAMESPACE), names, append);
        exchange.json(201, MetadefViews.tagNames(created));
    }

    private void deleteAll(Exchange exchange)
    {
        // Glance asks for the right to delete the namespace too
        if (!exchange.allowed(MetadefPolicies.DELETE_NAMESPACE, api.namespaceTarget(exchange))) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "You are not authorized to perform the requested action: "
                    + MetadefPolicies.DELETE_NAMESPACE + ".");
        }
        api.service().deleteTags(caller(exchange), exchange.path(PATH_NAMESPACE));
        exchange.noContent();
    }

    private void create(Exchange exchange)
    {
        String name = exchange.path("tag_name");
        JsonSchemas.validate(MetadefSchemas.TAG, Json.object().put("name", name));
        MetadefTag created = api.service().createTag(caller(exchange), exchange.path(PATH_NAMESPACE), name);
        exchange.json(201, MetadefViews.tag(created));
    }

    private void show(Exchange exchange)
    {
        exchange.json(200, MetadefViews.tag(api.service().tag(caller(exchange), exchange.path(PATH_NAMESPACE), exchange.path("tag_name"))));
    }

    private void update(Exchange exchange)
    {
        JsonNode body = MetadefApi.body(exchange, MetadefSchemas.TAG, READ_ONLY);
        MetadefTag renamed = api.service().renameTag(caller(exchange), exchange.path(PATH_NAMESPACE), exchange.path("tag_name"),
                body.path("name").asText());
        exchange.json(200, MetadefViews.tag(renamed));
    }

    private void delete(Exchange exchange)
    {
        api.service().deleteTag(caller(exchange), exchange.path(PATH_NAMESPACE), exchange.path("tag_name"));
        exchange.noContent();
    }

    private static String checkName(String name)
    {
        if (name.length() > MAX_NAME) {
            throw MetadefApi.badRequest("Invalid input for field 'tags': a tag name is longer than " + MAX_NAME + " characters.");
        }
        return name;
    }
}
