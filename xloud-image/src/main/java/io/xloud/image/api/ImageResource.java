package io.xloud.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.image.service.Image;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.ImageListing;
import io.xloud.image.service.ImagePatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.image.api.ImageModule.V2;
import static java.util.Objects.requireNonNull;

/**
 * /v2/images and /v2/images/{image_id}: create, list, show, JSON patch, delete; the deactivate and reactivate
 * actions; tags.
 */
public final class ImageResource
{
    public static final String PATCH_V21 = "application/openstack-images-v2.1-json-patch";
    public static final String PATCH_V20 = "application/openstack-images-v2.0-json-patch";

    private final ImageApi api;

    public ImageResource(ImageApi api)
    {
        this.api = requireNonNull(api, "api is null");
    }

    public void routes(Router.Builder r)
    {
        TargetResolver image = api.imageTarget();
        r.route("GET", V2 + "/images", ImagePolicies.GET_IMAGES, ImageApi::callerTarget, api.pages().cached(this::list));
        r.route("POST", V2 + "/images", ImagePolicies.ADD_IMAGE, this::createTarget, this::create);
        // a client that names no image (DELETE /v2/images/) finds none, as in Glance
        r.route("DELETE", V2 + "/images", ImagePolicies.DELETE_IMAGE, ImageApi::callerTarget, exchange -> {
            throw new ApiException(ImageErrorCode.NOT_FOUND, "The resource could not be found.");
        });
        r.route("GET", V2 + "/images/{image_id}", ImagePolicies.GET_IMAGE, image, this::show);
        r.route("PATCH", V2 + "/images/{image_id}", ImagePolicies.MODIFY_IMAGE, image, this::patch);
        r.route("DELETE", V2 + "/images/{image_id}", ImagePolicies.DELETE_IMAGE, image, this::delete);
        r.route("POST", V2 + "/images/{image_id}/actions/deactivate", ImagePolicies.DEACTIVATE, image, exchange -> {
            api.images().deactivate(exchange.auth(), exchange.path("image_id"));
            exchange.noContent();
        });
        r.route("POST", V2 + "/images/{image_id}/actions/reactivate", ImagePolicies.REACTIVATE, image, exchange -> {
            api.images().reactivate(exchange.auth(), exchange.path("image_id"));
            exchange.noContent();
        });
        r.route("PUT", V2 + "/images/{image_id}/tags/{tag}", ImagePolicies.MODIFY_IMAGE, image, exchange -> {
            api.images().addTag(exchange.auth(), exchange.path("image_id"), exchange.path("tag"));
            exchange.noContent();
        });
        r.route("DELETE", V2 + "/images/{image_id}/tags/{tag}", ImagePolicies.MODIFY_IMAGE, image, exchange -> {
            api.images().deleteTag(exchange.auth(), exchange.path("image_id"), exchange.path("tag"));
            exchange.noContent();
        });
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        Map<String, Object> target = ImageApi.callerTarget(exchange);
        JsonNode body = exchange.readJson();
        if (body.isObject() && body.path("owner").isTextual()) {
            target.put("project_id", body.get("owner").asText());
        }
        return target;
    }

    private void create(Exchange exchange)
    {
        JsonNode body = exchange.readJson();
        if (body.isObject()) {
            checkVisibility(exchange, ImageApi.callerTarget(exchange), body.get("visibility"));
        }
        Image image = api.images().create(exchange.auth(), body);
        exchange.header("Location", api.v2Url() + "/images/" + image.id());
        exchange.json(201, ImageView.of(image));
    }

    /** Making an image public (or community) takes its own rule: publicize_image is admin-only by default. */
    private static void checkVisibility(Exchange exchange, Map<String, Object> target, JsonNode visibility)
    {
        if (visibility == null || !visibility.isTextual()) {
            return;
        }
        String rule = switch (visibility.asText()) {
            case Image.PUBLIC -> ImagePolicies.PUBLICIZE_IMAGE;
            case Image.COMMUNITY -> ImagePolicies.COMMUNITIZE_IMAGE;
            default -> null;
        };
        if (rule != null && !exchange.allowed(rule, target)) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "You are not authorized to complete " + rule + " action.");
        }
    }

    private void show(Exchange exchange)
    {
        Image image = exchange.attachment(Image.class).orElseThrow();
        exchange.json(200, ImageView.of(image));
    }

    private void delete(Exchange exchange)
    {
        api.images().delete(exchange.auth(), exchange.path("image_id"));
        exchange.noContent();
    }

    private void patch(Exchange exchange)
    {
        String contentType = exchange.header("Content-Type").orElse("").split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        boolean strictAdd;
        if (contentType.equals(PATCH_V21)) {
            strictAdd = false;
        }
        else if (contentType.equals(PATCH_V20)) {
            strictAdd = true;
        }
        else {
            exchange.header("Accept-Patch", PATCH_V20 + ", " + PATCH_V21);
            throw new ApiException(ImageErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type");
        }
        ImagePatch patch = parsePatch(exchange.readJson(), strictAdd);
        Image current = exchange.attachment(Image.class).orElseThrow();
        Map<String, Object> target = api.images().target(exchange.auth(), current);
        for (ImagePatch.Operation operation : patch.operations()) {
            if (operation.attribute().equals("visibility") && operation.value().isPresent()) {
                checkVisibility(exchange, target, operation.value().get());
            }
        }
        Image image = api.images().patch(exchange.auth(), exchange.path("image_id"), patch);
        exchange.json(200, ImageView.of(image));
    }

    static ImagePatch parsePatch(JsonNode body, boolean strictAdd)
    {
        if (!body.isArray()) {
            throw bad("Request body must be a JSON array of operation objects.");
        }
        List<ImagePatch.Operation> operations = new ArrayList<>();
        for (JsonNode change : body) {
            if (!change.isObject()) {
                throw bad("Operations must be JSON objects.");
            }
            ImagePatch.Op op;
            String path;
            if (strictAdd) {
                List<String> named = new ArrayList<>();
                for (String candidate : List.of("add", "remove", "replace")) {
                    if (change.has(candidate)) {
                        named.add(candidate);
                    }
                }
                if (named.size() != 1) {
                    throw bad("Operation objects must contain exactly one member named \"add\", \"remove\", or \"replace\".");
                }
                op = ImagePatch.Op.valueOf(named.getFirst().toUpperCase(java.util.Locale.ROOT));
                JsonNode pointer = change.get(named.getFirst());
                if (!pointer.isTextual()) {
                    throw bad("Unable to find '" + named.getFirst() + "' in JSON Schema change");
                }
                path = pointer.asText();
            }
            else {
                JsonNode name = change.get("op");
                if (name == null || !name.isTextual()) {
                    throw bad("Unable to find 'op' in JSON Schema change");
                }
                op = switch (name.asText()) {
                    case "add" -> ImagePatch.Op.ADD;
                    case "remove" -> ImagePatch.Op.REMOVE;
                    case "replace" -> ImagePatch.Op.REPLACE;
                    default -> throw bad("Invalid operation: `" + shorten(name.asText()) + "`: Operation must be one of add, remove, replace.");
                };
                JsonNode pointer = change.get("path");
                if (pointer == null || !pointer.isTextual()) {
                    throw bad("Unable to find 'path' in JSON Schema change");
                }
                path = pointer.asText();
            }
            Optional<JsonNode> value = Optional.ofNullable(change.get("value"));
            if (op != ImagePatch.Op.REMOVE && value.isEmpty()) {
                throw bad("Operation \"" + op.name().toLowerCase(java.util.Locale.ROOT) + "\" requires a member named \"value\".");
            }
            operations.add(new ImagePatch.Operation(op, attribute(path), op == ImagePatch.Op.REMOVE ? Optional.empty() : value));
        }
        return new ImagePatch(operations, strictAdd);
    }

    /** The one attribute a JSON pointer names: {@code /name}, with ~1 and ~0 unescaped. */
    private static String attribute(String path)
    {
        if (!path.startsWith("/") || path.length() < 2) {
            throw bad("Invalid JSON pointer for this resource: '" + shorten(path) + "'");
        }
        String segment = path.substring(1);
        if (segment.contains("/")) {
            if (segment.startsWith("locations/")) {
                throw new ApiException(ImageErrorCode.FORBIDDEN, "Attribute 'locations' is reserved.");
            }
            throw bad("Invalid JSON pointer for this resource: '" + shorten(path) + "'");
        }
        if (segment.matches(".*~[^01].*") || segment.endsWith("~")) {
            throw bad("Pointer `" + shorten(path) + "` contains \"~\" not part of a recognized escape sequence.");
        }
        return segment.replace("~1", "/").replace("~0", "~");
    }

    private void list(Exchange exchange)
    {
        if (exchange.rawPath().endsWith("/")) {
            throw new ApiException(ImageErrorCode.NOT_FOUND, "The resource could not be found.");
        }
        ImageListing.Listing listing = api.listing().list(exchange.auth(), exchange.queryParameters());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", listing.page().items().stream().map(ImageView::of).toList());
        body.putAll(ImageListing.SPEC.dialect().links("images", listing.page(), listing.request(), "/v2/images"));
        body.put("schema", "/v2/schemas/images");
        exchange.json(200, body);
    }

    private static ApiException bad(String message)
    {
        return new ApiException(ImageErrorCode.BAD_REQUEST, message);
    }

    private static String shorten(String text)
    {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
