package io.xloud.image.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.image.driver.ImageCacheDirectory;
import io.xloud.image.service.ImageCacheService;
import io.xloud.image.service.ImageCacheService.ClearTarget;

import static java.util.Objects.requireNonNull;

/**
 * Glance's cache API (v2.14): {@code GET /v2/cache} lists cached and queued images, {@code PUT /v2/cache/{id}}
 * queues one (202), {@code DELETE /v2/cache/{id}} and {@code DELETE /v2/cache} (with
 * {@code x-image-cache-clear-target: cache|queue}) remove (204). Admin-only by default (cache_list, cache_image,
 * cache_delete).
 */
final class CacheResource
{
    private static final String CACHE = ImageModule.V2 + "/cache";

    private final ImageCacheService cache;

    CacheResource(ImageCacheService cache)
    {
        this.cache = requireNonNull(cache, "cache is null");
    }

    void routes(Router.Builder r)
    {
        r.route("GET", CACHE, ImportPolicies.CACHE_LIST, ImportApi::projectTarget, this::list);
        r.route("DELETE", CACHE, ImportPolicies.CACHE_DELETE, ImportApi::projectTarget, this::clear);
        r.route("PUT", CACHE + "/{image_id}", ImportPolicies.CACHE_IMAGE, ImportApi::projectTarget, this::queue);
        r.route("DELETE", CACHE + "/{image_id}", ImportPolicies.CACHE_DELETE, ImportApi::projectTarget, this::delete);
    }

    private void list(Exchange exchange)
    {
        ImageCacheService.State state = cache.state();
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode cached = body.putArray("cached_images");
        for (ImageCacheDirectory.Entry entry : state.cached()) {
            ObjectNode item = cached.addObject();
            item.put("image_id", entry.imageId());
            item.put("hits", entry.hits());
            item.put("last_accessed", entry.lastAccessed().toEpochMilli() / 1000.0);
            item.put("last_modified", entry.lastModified().toEpochMilli() / 1000.0);
            item.put("size", entry.size());
        }
        ArrayNode queued = body.putArray("queued_images");
        state.queued().forEach(queued::add);
        exchange.json(200, body);
    }

    private void queue(Exchange exchange)
    {
        cache.queue(ImportApi.caller(exchange), exchange.path("image_id"));
        exchange.respond(202, null, null);
    }

    private void delete(Exchange exchange)
    {
        cache.delete(ImportApi.caller(exchange), exchange.path("image_id"));
        exchange.noContent();
    }

    private void clear(Exchange exchange)
    {
        cache.clear(ClearTarget.parse(exchange.header("x-image-cache-clear-target").orElse("")));
        exchange.noContent();
    }
}
