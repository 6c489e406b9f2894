package io.xloud.core.http;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.auth.TokenValidator;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.error.ErrorCode;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.error.JsonErrorDialect;
import io.xloud.core.limits.RateLimiter;
import io.xloud.core.metrics.Metrics;
import io.xloud.core.microversion.Microversion;
import io.xloud.core.microversion.MicroversionSupport;
import io.xloud.core.policy.PolicyEngine;
import io.xloud.core.policy.ServicePolicies;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The request pipeline every service shares: request id, routing, token validation, rate limit,
 * policy, the handler, then errors in the service's dialect, one access-log line and metrics.
 */
public final class Kernel
        extends Handler.Abstract
{
    public static final String REQUEST_ID_HEADER = "x-openstack-request-id";

    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("xloud.access");
    private static final ErrorDialect DEFAULT_DIALECT = new JsonErrorDialect();

    private final ServicePolicies policies;
    private final TokenValidator tokens;
    private final RateLimiter rateLimiter;
    private final Metrics metrics;
    private final long maxBodySize;
    private final Supplier<String> identityUri;
    /** The services served now: replaced whole when a later start adds some. */
    private volatile Routing routing;
    /** A start of more services still under way, or null. */
    private volatile PendingServices pending;

    /** What a start still under way will add: a request for a path no current service serves waits for it. */
    public interface PendingServices
    {
        /**
         * Returns once the services have started (at once when they already have); starts them now when they were
         * waiting to. Throws when their start failed.
         */
        void await();
    }

    private record Routing(Router router, List<ServiceModule> modules, Map<String, PolicyEngine> policyByService,
            Map<String, MicroversionSupport> microversions) {}

    /**
     * A kernel whose policy namespaces hold the modules' own {@link ServiceModule#policyDefaults()}, each with
     * the same overrides; for a kernel of one service, as in tests.
     */
    public Kernel(List<ServiceModule> modules, Map<String, String> policyOverrides, TokenValidator tokens,
            RateLimiter rateLimiter, Metrics metrics, long maxBodySize, Supplier<String> identityUri)
    {
        this(modules, defaultPolicies(modules, policyOverrides), tokens, rateLimiter, metrics, maxBodySize, identityUri);
    }

    /**
     * @param policies the rules per namespace; each module's routes are enforced in the namespace it names
     *        ({@link ServiceModule#policyNamespace()})
     * @throws IllegalArgumentException if a module's namespace has no rules, or a route's rule is not defined in it
     */
    public Kernel(List<ServiceModule> modules, ServicePolicies policies, TokenValidator tokens,
            RateLimiter rateLimiter, Metrics metrics, long maxBodySize, Supplier<String> identityUri)
    {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.maxBodySize = maxBodySize;
        this.identityUri = requireNonNull(identityUri, "identityUri is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.routing = routing(modules);
    }

    /**
     * Serves more modules besides those already served, as checked as the first were.
     *
     * @throws IllegalArgumentException as the constructor does; the kernel then serves what it did before
     */
    public synchronized void add(List<ServiceModule> more)
    {
        List<ServiceModule> all = new ArrayList<>(routing.modules());
        all.addAll(more);
        routing = routing(all);
    }

    /** Requests for what no current service serves wait for these, until {@link #started()}. */
    public void pending(PendingServices services)
    {
        pending = requireNonNull(services, "services is null");
    }

    /** The pending services have started, or will not: requests stop waiting for them. */
    public void started()
    {
        pending = null;
    }

    private Routing routing(List<ServiceModule> served)
    {
        List<ServiceModule> modules = served.stream()
                .sorted(Comparator.comparingInt((ServiceModule module) -> module.pathPrefix().length()).reversed())
                .toList();
        Router.Builder routes = Router.builder().service("kernel");
        routes.publicRoute("GET", "/healthz", exchange -> exchange.respond(200, "text/plain", "OK\n".getBytes(StandardCharsets.UTF_8)));
        routes.publicRoute("GET", "/metrics", exchange -> exchange.respond(200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        Map<String, PolicyEngine> engines = new HashMap<>();
        for (ServiceModule module : served) {
            routes.service(module.name());
            module.routes(routes);
            engines.put(module.name(), policies.engine(module.policyNamespace()));
        }
        Router router = routes.build();
        for (Route route : router.routes()) {
            if (route.policy().isPresent() && !engines.get(route.service()).defines(route.policy().get())) {
                throw new IllegalArgumentException("route " + route.method() + " " + route.template() + " is guarded by '" + route.policy().get()
                        + "', which service " + route.service() + " does not define");
            }
        }
        Map<String, MicroversionSupport> declared = new HashMap<>();
        for (ServiceModule module : served) {
            module.microversions().ifPresent(support -> declared.put(module.name(), support));
        }
        for (Route route : router.routes()) {
            if (!route.versions().isAny() && !declared.containsKey(route.service())) {
                throw new IllegalStateException("route " + route.method() + " " + route.template()
                        + " is bound to microversions but its module " + route.service() + " declares none");
            }
        }
        return new Routing(router, modules, Map.copyOf(engines), Map.copyOf(declared));
    }

    private static ServicePolicies defaultPolicies(List<ServiceModule> modules, Map<String, String> overrides)
    {
        Map<String, Map<String, String>> defaults = new HashMap<>();
        for (ServiceModule module : modules) {
            defaults.computeIfAbsent(module.policyNamespace(), namespace -> new HashMap<>()).putAll(module.policyDefaults());
        }
        Map<String, Map<String, String>> everywhere = new HashMap<>();
        defaults.keySet().forEach(namespace -> everywhere.put(namespace, overrides));
        return ServicePolicies.of(defaults, everywhere);
    }

    public Router router()
    {
        return routing.router();
    }

    /** The rules of every service namespace. */
    public ServicePolicies policies()
    {
        return policies;
    }

    /** The rules a service's routes are enforced by. */
    public PolicyEngine policyOf(String service)
    {
        PolicyEngine engine = routing.policyByService().get(service);
        if (engine == null) {
            throw new IllegalArgumentException("no policy rules for service '" + service + "'");
        }
        return engine;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        long start = System.nanoTime();
        String requestId = "req-" + UUID.randomUUID();
        MDC.put("request_id", requestId);
        response.getHeaders().put(REQUEST_ID_HEADER, requestId);
        Exchange exchange = new Exchange(request, response, requestId, maxBodySize);
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        PendingServices waiting = pending;
        RuntimeException startFailure = null;
        if (waiting != null && (moduleFor(routing.modules(), path) == null || path.equals("/healthz"))) {
            // a service that has not started yet: this request waits for its start (a failed one is a 503)
            try {
                waiting.await();
            }
            catch (RuntimeException e) {
                startFailure = e;
            }
        }
        Routing routing = this.routing;
        ServiceModule module = moduleFor(routing.modules(), path);
        ErrorDialect dialect = module == null ? DEFAULT_DIALECT : module.errorDialect();
        String service = module == null ? "kernel" : module.name();
        String template = "unmatched";
        try {
            if (startFailure != null) {
                throw new ApiException(CoreErrorCode.SERVICE_UNAVAILABLE, "A service of this node failed to start: " + startFailure.getMessage());
            }
            if (module != null) {
                module.prepare(exchange);
            }
            if (TolerantHttpConnectionFactory.targetAltered(request)) {
                throw module == null ? ApiException.notFound("The resource could not be found.") : module.invalidPath();
            }
            Router.Match match = routing.router().match(method, path);
            Route route = match.route();
            template = route.template();
            service = route.service();
            ServiceModule owner = moduleOf(routing.modules(), route.service());
            dialect = owner == null ? DEFAULT_DIALECT : owner.errorDialect();
            exchange.bind(route, match.pathParameters());
            PolicyEngine policy = route.isPublic() ? null : policyOf(route.service());
            if (route.isPublic()) {
                throttle(Request.getRemoteAddr(request));
                route = negotiate(exchange, match);
            }
            else if (route.tokenOptional()) {
                AuthContext auth = authenticateIfPresent(exchange);
                route = negotiate(exchange, match);
                String rule = route.policy().orElseThrow();
                if (auth == null) {
                    throttle(Request.getRemoteAddr(request));
                    exchange.policy(false, (name, target) -> false);
                }
                else {
                    enforceAccessRules(auth, owner, method, path);
                    exchange.authenticate(auth);
                    throttle(auth.userId());
                    Map<String, Object> credentials = auth.toCredentials();
                    exchange.policy(policy.enforce(rule, credentials, route.target().resolve(exchange)),
                            (name, target) -> policy.enforce(name, credentials, target));
                }
            }
            else {
                AuthContext auth = authenticate(exchange);
                enforceAccessRules(auth, owner, method, path);
                exchange.authenticate(auth);
                throttle(auth.userId());
                route = negotiate(exchange, match);
                Map<String, Object> credentials = auth.toCredentials();
                Map<String, Object> resolved = route.target().resolve(exchange);
                String rule = exchange.narrowedPolicy().orElse(route.policy().orElseThrow());
                if (!policy.enforce(rule, credentials, resolved)) {
                    throw ApiException.forbidden("You are not authorized to perform the requested action: " + rule + ".");
                }
                exchange.policy(true, (name, target) -> policy.enforce(name, credentials, target));
            }
            route.handler().handle(exchange);
        }
        catch (ApiException e) {
            renderError(exchange, dialect, e.code(), e.getMessage(), e.headers(), e.details());
        }
        catch (Throwable e) {
            LOG.error("unexpected error serving {} {}", method, template, e);
            renderError(exchange, dialect, CoreErrorCode.INTERNAL_ERROR,
                    "An unexpected error prevented the server from fulfilling your request.", Map.of(), Map.of());
        }
        finally {
            try {
                complete(exchange, response, callback);
            }
            finally {
                long nanos = System.nanoTime() - start;
                int status = exchange.status();
                metrics.recordRequest(service, template, method, status, nanos);
                ACCESS.info("{} {} {} {} {}ms user={}", Request.getRemoteAddr(request), method, path, status,
                        nanos / 1_000_000, exchange.optionalAuth().map(AuthContext::userId).orElse("-"));
                MDC.remove("request_id");
            }
        }
        return true;
    }

    /**
     * For a module with microversions: the version the request asks for (400 malformed, 406 out of range), echoed on
     * every later response, and the route serving it (404 below a route's first version). Done after authentication,
     * where Nova does it (keystonemiddleware answers 401 before Nova's API layer reads the version), and before policy.
     */
    private Route negotiate(Exchange exchange, Router.Match match)
    {
        MicroversionSupport support = routing.microversions().get(match.route().service());
        if (support == null) {
            return match.route();
        }
        Microversion version = support.negotiate(exchange::headers);
        exchange.microversion(version);
        support.responseHeaders(version).forEach(header -> exchange.addHeader(header.getKey(), header.getValue()));
        Route route = match.route(version);
        exchange.bind(route, match.pathParameters());
        return route;
    }

    /**
     * A token from an application credential with access rules may make only the requests a rule names: keystonemiddleware's
     * check, with the service type of the route's module and the path below the module's mount point.
     */
    private static void enforceAccessRules(AuthContext auth, ServiceModule owner, String method, String path)
    {
        if (auth.accessRules().isEmpty()) {
            return;
        }
        String serviceType = owner == null ? "" : owner.serviceType();
        String prefix = owner == null ? "" : owner.pathPrefix();
        String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        if (relative.isEmpty()) {
            relative = "/";
        }
        if (!auth.accessRulesAllow(serviceType, method, relative)) {
            throw ApiException.forbidden("The application credential's access rules do not allow " + method + " " + relative
                    + " on the " + serviceType + " service.");
        }
    }

    private AuthContext authenticate(Exchange exchange)
    {
        ServiceModule module = exchange.route().map(route -> moduleOf(routing.modules(), route.service())).orElse(null);
        Optional<AuthContext> own = module == null ? Optional.empty() : module.authenticate(exchange);
        if (own.isPresent()) {
            return own.get();
        }
        String token = exchange.header("X-Auth-Token").orElse(null);
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        return tokens.validate(token.strip());
    }

    /** The caller of a request whose token is optional: null without a token, or with one that does not validate. */
    private AuthContext authenticateIfPresent(Exchange exchange)
    {
        String token = exchange.header("X-Auth-Token").orElse(null);
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            return tokens.validate(token.strip());
        }
        catch (ApiException e) {
            if (e.status() == 401 || e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void throttle(String caller)
    {
        OptionalLong wait = rateLimiter.tryAcquire(caller);
        if (wait.isPresent()) {
            throw new ApiException(CoreErrorCode.TOO_MANY_REQUESTS, "Rate limit exceeded; retry after " + wait.getAsLong() + " s.",
                    Map.of("Retry-After", Long.toString(wait.getAsLong())));
        }
    }

    private void renderError(Exchange exchange, ErrorDialect dialect, ErrorCode code, String message, Map<String, String> headers,
            Map<String, String> details)
    {
        if (exchange.streamed()) {
            // the status line is gone; all that is left is to cut the response short
            throw new IllegalStateException("failed after the response was committed: " + message);
        }
        headers.forEach(exchange::header);
        if (code.status() == 401) {
            exchange.header("WWW-Authenticate", "Keystone uri=\"" + identityUri.get() + "\"");
        }
        ErrorDialect.Body body = dialect.render(code, message, exchange.requestId(), exchange.rawPath(), details);
        exchange.respond(code.status(), body.contentType(), body.bytes());
    }

    private static boolean expectsContinue(Exchange exchange)
    {
        return exchange.headers("Expect").stream().anyMatch(value -> value.strip().equalsIgnoreCase("100-continue"));
    }

    /** How much of an unread request body is read and dropped to keep the connection; past it the connection closes. */
    private static final long DRAIN_LIMIT = 1 << 20;

    private static void complete(Exchange exchange, Response response, Callback callback)
    {
        if (exchange.streamed()) {
            callback.succeeded();
            return;
        }
        boolean linger = false;
        if (expectsContinue(exchange) && !exchange.bodyOpened()) {
            // the client waits for a 100 before it sends the body: reading it now would ask for a body that a refusal
            // (a bad signature, no permission) must never let through; the answer comes without it, and the connection ends
            response.getHeaders().put("Connection", "close");
        }
        else if (!drain(exchange.request())) {
            response.getHeaders().put("Connection", "close");
            linger = true;
        }
        response.setStatus(exchange.status());
        byte[] body = exchange.body();
        ByteBuffer content = null;
        if (body == null || exchange.status() == 204 || exchange.status() == 304) {
            if (exchange.status() != 204 && exchange.status() != 304) {
                response.getHeaders().put("Content-Length", 0L);
            }
        }
        else {
            if (exchange.contentType() != null) {
                response.getHeaders().put("Content-Type", exchange.contentType());
            }
            response.getHeaders().put("Content-Length", (long) body.length);
            if (!exchange.method().equals("HEAD")) {
                content = ByteBuffer.wrap(body);
            }
        }
        if (linger) {
            writeThenLinger(exchange.request(), response, content, callback);
        }
        else {
            response.write(true, content, callback);
        }
    }

    /** How long, and how much, a body the answer did not need is still read after the answer before the connection closes. */
    private static final long LINGER_LIMIT = 64L << 20;
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Sends the answer, then keeps reading the body the client is still sending, up to a limit of bytes and time,
     * before the connection closes. Closing a socket with unread bytes makes the kernel reset it, and a client that
     * writes its whole body before it reads (most libraries do) would see a broken pipe instead of the answer.
     */
    private static void writeThenLinger(Request request, Response response, ByteBuffer content, Callback callback)
    {
        FutureCallback written = new FutureCallback();
        response.write(true, content, written);
        try {
            written.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
            return;
        }
        catch (ExecutionException e) {
            callback.failed(e.getCause());
            return;
        }
        try {
            discardUntilEnd(request, LINGER_LIMIT, System.nanoTime() + LINGER_NANOS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callback.succeeded();
    }

    /**
     * Reads and drops the request body until its end, the byte limit or the deadline, whichever comes first; true
     * when its end was read. A deadline already past reads only what has arrived.
     */
    private static boolean discardUntilEnd(Request request, long limit, long deadline) throws InterruptedException
    {
        long total = 0;
        while (total <= limit) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
                CountDownLatch ready = new CountDownLatch(1);
                request.demand(ready::countDown);
                if (!ready.await(wait, TimeUnit.NANOSECONDS)) {
                    return false;
                }
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    return false;
                }
                total += chunk.remaining();
                if (chunk.isLast()) {
                    return true;
                }
            }
            finally {
                chunk.release();
            }
        }
        return false;
    }

    /**
     * Reads what the handler left of the request body, so that the next request on a kept-alive connection
     * starts at a request line; false when the rest is too large to be worth reading. A body declared larger
     * than the limit is only read as far as it has arrived: a client that announced gigabytes and waits
     * (Expect, or a refusal before the body) gets its answer now and the connection closes.
     */
    private static boolean drain(Request request)
    {
        // chunk by chunk, not through an InputStream: closing one before the body's end fails the request's content,
        // and the rest of the body could then no longer be read after the answer (see writeThenLinger)
        long now = System.nanoTime();
        try {
            return discardUntilEnd(request, DRAIN_LIMIT, request.getLength() > DRAIN_LIMIT ? now : now + LINGER_NANOS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Answers what Jetty refuses before any handler runs (a request line it cannot parse, a URI too long, a
     * malformed %-escape): in the dialect of the service owning the path when Jetty still knows it, else in the
     * kernel's JSON, never as Jetty's HTML page.
     */
    public Request.Handler errorHandler()
    {
        return (request, response, callback) -> {
            {
                Object attribute = request.getAttribute(org.eclipse.jetty.server.handler.ErrorHandler.ERROR_STATUS);
                int status = attribute instanceof Integer code ? code : response.getStatus();
                String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath();
                ServiceModule module = moduleFor(routing.modules(), path);
                ErrorDialect dialect = module == null ? DEFAULT_DIALECT : module.errorDialect();
                ErrorCode code = switch (status) {
                    case 404 -> CoreErrorCode.NOT_FOUND;
                    case 405 -> CoreErrorCode.METHOD_NOT_ALLOWED;
                    case 413, 431 -> CoreErrorCode.PAYLOAD_TOO_LARGE;
                    case 415 -> CoreErrorCode.UNSUPPORTED_MEDIA_TYPE;
                    case 500 -> CoreErrorCode.INTERNAL_ERROR;
                    case 503 -> CoreErrorCode.SERVICE_UNAVAILABLE;
                    default -> CoreErrorCode.BAD_REQUEST;
                };
                String requestId = "req-" + UUID.randomUUID();
                ErrorDialect.Body body = dialect.render(code, status == 414 ? "The request URI is too long."
                        : "The request could not be understood: malformed request line or URI.", requestId, path);
                response.setStatus(code.status());
                response.getHeaders().put(REQUEST_ID_HEADER, requestId);
                response.getHeaders().put("Content-Type", body.contentType());
                response.getHeaders().put("Content-Length", (long) body.bytes().length);
                response.write(true, ByteBuffer.wrap(body.bytes()), callback);
                return true;
            }
        };
    }

    private static ServiceModule moduleFor(List<ServiceModule> modules, String path)
    {
        for (ServiceModule module : modules) {
            if (path.equals(module.pathPrefix()) || path.startsWith(module.pathPrefix() + "/")) {
                return module;
            }
        }
        return null;
    }

    private static ServiceModule moduleOf(List<ServiceModule> modules, String service)
    {
        for (ServiceModule module : modules) {
            if (module.name().equals(service)) {
                return module;
            }
        }
        return null;
    }

    public List<Route> routes()
    {
        return new ArrayList<>(routing.router().routes());
    }
}
