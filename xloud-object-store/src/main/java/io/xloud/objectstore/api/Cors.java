package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Handler;
import io.xloud.core.http.Router;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CORS as Swift's proxy answers it, from the container's metadata: {@code X-Container-Meta-Access-Control-Allow-Origin}
 * (origins separated by spaces, or {@code *}), {@code -Max-Age} and {@code -Expose-Headers}. A preflight
 * ({@code OPTIONS} with {@code Origin}) on a container or an object is 200 with the Access-Control-Allow-* headers when
 * the origin and the requested method are allowed, and 401 when not; without {@code Origin} it only lists the methods.
 * Requests with an allowed {@code Origin} get Access-Control-Allow-Origin and Access-Control-Expose-Headers (strict
 * CORS mode: an origin the container does not allow gets neither).
 */
final class Cors
{
    static final String ALLOW_ORIGIN = "access-control-allow-origin";
    static final String MAX_AGE = "access-control-max-age";
    static final String EXPOSE_HEADERS = "access-control-expose-headers";

    static final List<String> ACCOUNT_METHODS = List.of("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT");
    static final List<String> CONTAINER_METHODS = List.of("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT");
    static final List<String> OBJECT_METHODS = List.of("COPY", "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT");

    /** Simple response headers and Swift's own, always exposed. */
    private static final List<String> EXPOSED = List.of("cache-control", "content-language", "content-type", "expires", "last-modified", "pragma",
            "etag", "x-timestamp", "x-trans-id", "x-openstack-request-id");

    private final SwiftApi api;

    Cors(SwiftApi api)
    {
        this.api = api;
    }

    void routes(Router.Builder r, String account, String container, String object)
    {
        r.optionalTokenRoute("OPTIONS", account, SwiftPolicies.OPTIONS, SwiftApi::target, this::preflight);
        r.optionalTokenRoute("OPTIONS", container, SwiftPolicies.OPTIONS, SwiftApi::target, this::preflight);
        r.optionalTokenRoute("OPTIONS", object, SwiftPolicies.OPTIONS, SwiftApi::target, this::preflight);
    }

    private void preflight(Exchange exchange)
    {
        SwiftPath path = SwiftPath.parse(exchange.rawPath());
        List<String> methods = path.isAccount() ? ACCOUNT_METHODS : path.isContainer() ? CONTAINER_METHODS : OBJECT_METHODS;
        String allow = String.join(", ", methods);
        exchange.header("Allow", allow);
        Optional<String> origin = exchange.header("Origin").filter(value -> !value.isEmpty());
        if (origin.isEmpty() || path.isAccount()) {
            ok(exchange);
            return;
        }
        Map<String, String> cors = corsMetadata(path);
        boolean methodAllowed = exchange.header("Access-Control-Request-Method").filter(methods::contains).isPresent();
        if (!originAllowed(cors, origin.get()) || !methodAllowed) {
            throw new ApiException(ObjectErrorCode.UNAUTHORIZED, SwiftErrorDialect.explanation(401));
        }
        Set<String> vary = new LinkedHashSet<>();
        allowOrigin(exchange, cors, origin.get(), vary);
        Optional.ofNullable(cors.get(MAX_AGE)).ifPresent(value -> exchange.header("Access-Control-Max-Age", value));
        exchange.header("Access-Control-Allow-Methods", allow);
        Set<String> requested = new LinkedHashSet<>();
        exchange.header("Access-Control-Request-Headers").ifPresent(value -> Arrays.stream(value.split(","))
                .map(String::strip).filter(header -> !header.isEmpty()).forEach(requested::add));
        if (!requested.isEmpty()) {
            exchange.header("Access-Control-Allow-Headers", String.join(", ", requested));
            vary.add("Access-Control-Request-Headers");
        }
        if (!vary.isEmpty()) {
            exchange.header("Vary", String.join(", ", vary));
        }
        ok(exchange);
    }

    private static void ok(Exchange exchange)
    {
        exchange.header("Content-Type", SwiftApi.TEXT_HTML);
        exchange.respond(200, SwiftApi.TEXT_HTML, new byte[0]);
    }

    /** The handler of a container or object route, with CORS response headers for an allowed Origin. */
    Handler actual(Handler handler)
    {
        return exchange -> {
            Optional<String> origin = exchange.header("Origin").filter(value -> !value.isEmpty());
            if (origin.isPresent()) {
                decorate(exchange, origin.get());
            }
            handler.handle(exchange);
        };
    }

    private void decorate(Exchange exchange, String origin)
    {
        SwiftPath path;
        try {
            path = SwiftPath.parse(exchange.rawPath());
        }
        catch (ApiException e) {
            return;
        }
        if (path.isAccount()) {
            return;
        }
        Optional<ContainerInfo> container = api.objects().container(path.project(), path.containerName());
        Map<String, String> cors = container.map(ContainerInfo::metadata).orElse(Map.of());
        if (!originAllowed(cors, origin)) {
            return;
        }
        Set<String> exposed = new LinkedHashSet<>(EXPOSED);
        boolean read = exchange.method().equals("GET") || exchange.method().equals("HEAD");
        if (read && path.isContainer() && container.isPresent()) {
            container.get().metadata().keySet().forEach(key -> exposed.add("x-container-meta-" + key));
        }
        if (read && path.isObject()) {
            api.objects().object(path.objectPath()).map(ObjectInfo::metadata)
                    .ifPresent(metadata -> metadata.keySet().forEach(key -> exposed.add("x-object-meta-" + key)));
        }
        Optional.ofNullable(cors.get(EXPOSE_HEADERS)).ifPresent(value -> Arrays.stream(value.split(" "))
                .map(String::strip).filter(header -> !header.isEmpty()).map(header -> header.toLowerCase(Locale.ROOT)).forEach(exposed::add));
        exchange.header("Access-Control-Expose-Headers", String.join(", ", exposed));
        Set<String> vary = new LinkedHashSet<>();
        allowOrigin(exchange, cors, origin, vary);
        if (!vary.isEmpty()) {
            exchange.header("Vary", String.join(", ", vary));
        }
    }

    private Map<String, String> corsMetadata(SwiftPath path)
    {
        return api.objects().container(path.project(), path.containerName()).map(ContainerInfo::metadata).orElse(Map.of());
    }

    private static void allowOrigin(Exchange exchange, Map<String, String> cors, String origin, Set<String> vary)
    {
        if (cors.getOrDefault(ALLOW_ORIGIN, "").strip().equals("*")) {
            exchange.header("Access-Control-Allow-Origin", "*");
        }
        else {
            exchange.header("Access-Control-Allow-Origin", origin);
            vary.add("Origin");
        }
    }

    static boolean originAllowed(Map<String, String> cors, String origin)
    {
        Set<String> allowed = new LinkedHashSet<>();
        Arrays.stream(cors.getOrDefault(ALLOW_ORIGIN, "").split(" ")).map(String::strip).filter(value -> !value.isEmpty()).forEach(allowed::add);
        return allowed.contains(origin) || allowed.contains("*");
    }
}
