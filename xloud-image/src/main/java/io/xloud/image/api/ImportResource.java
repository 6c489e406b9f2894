package io.xloud.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.ImageTask;
import io.xloud.image.service.ImportRequest;
import io.xloud.image.service.ImportService;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Interoperable import on one image: {@code PUT /v2/images/{id}/stage} (204), {@code POST /v2/images/{id}/import}
 * (202), the image's tasks ({@code GET /v2/images/{id}/tasks}, since v2.12) and {@code DELETE
 * /v2/stores/{store}/{id}} (204). The rules are Glance's: modify_image to stage and import (copy_image for
 * copy-image), get_image for the tasks, delete_image_location to take data out of a store.
 */
final class ImportResource
{
    private static final String IMAGE = ImageModule.V2 + "/images/{image_id}";
    private static final int MAX_IMPORT_BODY = 65536;

    private final ImportApi api;
    private final ImportService imports;

    ImportResource(ImportApi api, ImportService imports)
    {
        this.api = requireNonNull(api, "api is null");
        this.imports = requireNonNull(imports, "imports is null");
    }

    void routes(Router.Builder r)
    {
        r.route("PUT", IMAGE + "/stage", ImagePolicies.MODIFY_IMAGE, this::imageTarget, this::stage);
        r.route("POST", IMAGE + "/import", ImagePolicies.MODIFY_IMAGE, this::importTarget, this::importImage);
        r.route("GET", IMAGE + "/tasks", ImagePolicies.GET_IMAGE, this::imageTarget, this::tasks);
        r.route("DELETE", ImageModule.V2 + "/stores/{store_id}/{image_id}", ImagePolicies.DELETE_IMAGE_LOCATION, this::storeTarget,
                this::deleteFromStore);
    }

    private Map<String, Object> imageTarget(Exchange exchange)
    {
        return api.imageTarget(exchange, exchange.path("image_id"));
    }

    /** copy-image is checked against copy_image (an admin's by default), every other method against modify_image. */
    private Map<String, Object> importTarget(Exchange exchange)
    {
        Map<String, Object> target = imageTarget(exchange);
        JsonNode body = exchange.readJson();
        if (body.path("method").path("name").asText("").equals(ImportRequest.COPY_IMAGE)) {
            exchange.narrowPolicy(ImagePolicies.COPY_IMAGE);
        }
        return target;
    }

    private Map<String, Object> storeTarget(Exchange exchange)
    {
        String store = exchange.path("store_id");
        if (!imports.stores().exists(store)) {
            throw new ApiException(ImageErrorCode.CONFLICT, "The selected store " + store + " is not available on this node.");
        }
        return imageTarget(exchange);
    }

    private void stage(Exchange exchange)
    {
        String contentType = exchange.header("Content-Type").orElse("application/octet-stream").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/octet-stream")) {
            throw new ApiException(ImageErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content type " + contentType + " is not supported; "
                    + "send application/octet-stream.");
        }
        OptionalLong declared = exchange.header("Content-Length")
                .map(value -> {
                    try {
                        return OptionalLong.of(Long.parseLong(value.strip()));
                    }
                    catch (NumberFormatException e) {
                        return OptionalLong.empty();
                    }
                })
                .orElse(OptionalLong.empty());
        try (InputStream body = exchange.bodyStream(Long.MAX_VALUE)) {
            imports.stage(ImportApi.caller(exchange), exchange.path("image_id"), body, declared);
        }
        catch (java.io.IOException e) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "The staged data could not be read.");
        }
        exchange.noContent();
    }

    private void importImage(Exchange exchange)
    {
        JsonNode body = exchange.readJson();
        if (body.toString().length() > MAX_IMPORT_BODY) {
            throw new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, "The import request is too large.");
        }
        imports.importImage(ImportApi.caller(exchange), exchange.path("image_id"), request(body, exchange.header("x-image-meta-store")));
        exchange.respond(202, null, null);
    }

    /** Glance's checks of an import body's shape, with its messages. */
    static ImportRequest request(JsonNode body, Optional<String> storeHeader)
    {
        if (!body.isObject()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Import request body must be a JSON object.");
        }
        JsonNode method = body.get("method");
        if (method == null) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Import request requires a 'method' field.");
        }
        if (!method.isObject()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Import request 'method' must be an object.");
        }
        JsonNode name = method.get("name");
        if (name == null) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Import request requires a 'name' field.");
        }
        if (!name.isTextual()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Unknown import method name '" + name + "'.");
        }
        JsonNode uri = method.get("uri");
        if (uri != null && !uri.isTextual() && !uri.isNull()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "'uri' must be a string.");
        }
        boolean mustSucceed = bool(body, "all_stores_must_succeed", true);
        boolean allStores = bool(body, "all_stores", false);
        Optional<List<String>> stores = Optional.empty();
        JsonNode storesNode = body.get("stores");
        if (storesNode != null && !storesNode.isNull()) {
            if (!storesNode.isArray()) {
                throw new ApiException(ImageErrorCode.BAD_REQUEST, "'stores' must be a list of store identifiers.");
            }
            List<String> named = new ArrayList<>();
            for (JsonNode store : storesNode) {
                if (!store.isTextual() || store.asText().length() > 255) {
                    throw new ApiException(ImageErrorCode.BAD_REQUEST, "'stores' must be a list of store identifiers.");
                }
                named.add(store.asText());
            }
            stores = Optional.of(named);
        }
        if (storeHeader.isPresent()) {
            // Glance's older way to name the one store: the x-image-meta-store header
            if (stores.isPresent()) {
                throw new ApiException(ImageErrorCode.BAD_REQUEST, "Stores parameter and x-image-meta-store header can't be both specified");
            }
            if (allStores) {
                throw new ApiException(ImageErrorCode.BAD_REQUEST,
                        "All_stores parameter can't be used with x-image-meta-store header or stores parameter");
            }
            stores = Optional.of(List.of(storeHeader.get().strip()));
        }
        return new ImportRequest(name.asText(), uri == null || uri.isNull() ? Optional.empty() : Optional.of(uri.asText()), stores, allStores,
                mustSucceed, body.toString());
    }

    private static boolean bool(JsonNode body, String field, boolean fallback)
    {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "'" + field + "' must be boolean value only");
        }
        return value.asBoolean();
    }

    private void tasks(Exchange exchange)
    {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode tasks = body.putArray("tasks");
        for (ImageTask task : imports.tasksOfImage(exchange.path("image_id"))) {
            tasks.add(TaskView.full(task));
        }
        exchange.json(200, body);
    }

    private void deleteFromStore(Exchange exchange)
    {
        // Glance checks get_image_location too; the kernel has enforced the route's rule by now
        if (!exchange.allowed(ImagePolicies.GET_IMAGE_LOCATION, imageTarget(exchange))) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "You are not authorized to complete get_image_location action.");
        }
        imports.deleteFromStore(ImportApi.caller(exchange), exchange.path("store_id"), exchange.path("image_id"));
        exchange.noContent();
    }
}
