package io.xloud.image.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.image.service.ImageCacheService;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.ImportCaller;
import io.xloud.image.service.ImportImageState;
import io.xloud.image.service.ImportService;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The import side of the image API: stage and import, stores, tasks and the cache, one resource class each.
 * Also what the image views need from it: the stores of an image and the headers of an image create.
 */
public final class ImportApi
{
    private final ImportService imports;
    private final Optional<ImageCacheService> cache;

    public ImportApi(ImportService imports, Optional<ImageCacheService> cache)
    {
        this.imports = requireNonNull(imports, "imports is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    public void routes(Router.Builder routes)
    {
        new ImportResource(this, imports).routes(routes);
        new StoreInfoResource(imports).routes(routes);
        new TaskResource(imports).routes(routes);
        cache.ifPresent(found -> new CacheResource(found).routes(routes));
    }

    /** The stores holding an image's data as an image's {@code stores} field shows them: comma-separated, sorted; empty for none. */
    public Optional<String> storesField(String imageId)
    {
        List<String> stores = imports.storesOf(imageId);
        return stores.isEmpty() ? Optional.empty() : Optional.of(String.join(",", stores));
    }

    /** Glance's headers on a {@code POST /v2/images} response: the import methods and the stores offered. */
    public Map<String, String> createHeaders()
    {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (!imports.settings().importMethods().isEmpty()) {
            headers.put("OpenStack-image-import-methods", String.join(",", imports.settings().importMethods()));
        }
        headers.put("OpenStack-image-store-ids", String.join(",", imports.stores().ids()));
        return headers;
    }

    /** Glance puts the import methods and the stores on its answer to {@code POST /v2/images}. */
    public void prepare(Exchange exchange)
    {
        String path = exchange.rawPath();
        if (exchange.method().equals("POST") && (path.equals(ImageModule.V2 + "/images") || path.equals(ImageModule.V2 + "/images/"))) {
            createHeaders().forEach(exchange::header);
        }
    }

    static ImportCaller caller(Exchange exchange)
    {
        var auth = exchange.auth();
        String project = auth.projectId()
                .orElseThrow(() -> new ApiException(ImageErrorCode.FORBIDDEN, "A project-scoped token is required."));
        return new ImportCaller(project, auth.userId(), auth.isAdmin(), exchange.requestId());
    }

    /**
     * The policy target of one image: its owner as {@code project_id}, its visibility, and the caller's project as
     * {@code member_id} when the image is shared with it. 404 when the caller cannot see the image.
     */
    Map<String, Object> imageTarget(Exchange exchange, String imageId)
    {
        ImportCaller caller = caller(exchange);
        ImportImageState image = imports.visibleImage(caller, imageId);
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", image.owner());
        target.put("owner", image.owner());
        target.put("visibility", image.visibility());
        target.put("member_id", image.owner().equals(caller.projectId()) ? null : caller.projectId());
        target.put("image_id", image.id());
        return target;
    }

    static Map<String, Object> projectTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>();
        target.put("project_id", exchange.optionalAuth().flatMap(auth -> auth.projectId()).orElse(null));
        return target;
    }
}
