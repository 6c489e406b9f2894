package io.xloud.core.http;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.microversion.Microversion;
import io.xloud.core.microversion.MicroversionRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Matches a raw (still percent-encoded) request path against route templates.
 * Templates are split on '/': a segment is a literal, {@code {name}} (one segment) or, last,
 * {@code {name+}} (the rest of the path, slashes and empty segments included, for object names).
 * Literal segments win over parameters. Routes of one method and template may be bound to disjoint
 * microversion ranges; the kernel picks among them once the version is negotiated ({@link Match#route(Microversion)}).
 */
public final class Router
{
    /**
     * The route for a method and path, and the routes of the same method and template bound to other microversion
     * ranges ({@code candidates}, {@code route} first); all candidates take the same kind of caller.
     */
    public record Match(Route route, Map<String, String> pathParameters, List<Route> candidates)
    {
        public Match(Route route, Map<String, String> pathParameters)
        {
            this(route, pathParameters, List.of(route));
        }

        public Match
        {
            pathParameters = Map.copyOf(pathParameters);
            candidates = List.copyOf(candidates);
        }

        /** The candidate serving a version; 404 when none does, as Nova answers for an API that does not exist at that version. */
        public Route route(Microversion version)
        {
            for (Route candidate : candidates) {
                if (candidate.versions().contains(version)) {
                    return candidate;
                }
            }
            throw new ApiException(CoreErrorCode.NOT_FOUND, "The resource could not be found.");
        }
    }

    private final Node root;
    private final List<Route> routes;

    private Router(Node root, List<Route> routes)
    {
        this.root = root;
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes()
    {
        return routes;
    }

    /** The route for a method and raw path; 404 when no template matches, 405 when only the method is wrong. */
    public Match match(String method, String rawPath)
    {
        List<String> segments = split(rawPath);
        Map<String, String> parameters = new HashMap<>();
        Node node = find(root, segments, 0, parameters);
        if (node == null || node.routes.isEmpty()) {
            throw new ApiException(CoreErrorCode.NOT_FOUND, "The resource could not be found.");
        }
        List<Route> candidates = node.routes.get(method);
        if (candidates == null && method.equals("HEAD")) {
            candidates = node.routes.get("GET");
        }
        if (candidates == null) {
            String allow = String.join(", ", new TreeSet<>(node.routes.keySet()));
            throw new ApiException(CoreErrorCode.METHOD_NOT_ALLOWED,
                    "The method " + method + " is not allowed for the requested URL.", Map.of("Allow", allow));
        }
        return new Match(candidates.getFirst(), parameters, candidates);
    }

    private static Node find(Node node, List<String> segments, int index, Map<String, String> parameters)
    {
        if (index == segments.size()) {
            return node.routes.isEmpty() ? null : node;
        }
        String segment = segments.get(index);
        Node literal = node.literals.get(segment);
        if (literal != null) {
            Node found = find(literal, segments, index + 1, parameters);
            if (found != null) {
                return found;
            }
        }
        if (node.parameter != null && !segment.isEmpty()) {
            String decoded = decode(segment);
            parameters.put(node.parameterName, decoded);
            Node found = find(node.parameter, segments, index + 1, parameters);
            if (found != null) {
                return found;
            }
            parameters.remove(node.parameterName);
        }
        if (node.rest != null) {
            parameters.put(node.restName, decode(String.join("/", segments.subList(index, segments.size()))));
            return node.rest;
        }
        return null;
    }

    static List<String> split(String rawPath)
    {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        List<String> segments = new ArrayList<>();
        if (path.isEmpty()) {
            return segments;
        }
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                segments.add(path.substring(start));
                break;
            }
            segments.add(path.substring(start, slash));
            start = slash + 1;
        }
        // a trailing slash is not a segment of its own: /v3/users/ is /v3/users
        if (!segments.isEmpty() && segments.getLast().isEmpty()) {
            segments.removeLast();
        }
        return segments;
    }

    /** Percent-decoding of one path segment as UTF-8; '+' stays '+' in paths, a stray '%' stays as it is. */
    public static String decode(String segment)
    {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length()) {
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    out.write(high * 16 + low);
                    i += 2;
                    continue;
                }
            }
            byte[] encoded = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(encoded, 0, encoded.length);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final class Node
    {
        final Map<String, Node> literals = new HashMap<>();
        Node parameter;
        String parameterName;
        Node rest;
        String restName;
        final Map<String, List<Route>> routes = new LinkedHashMap<>();
    }

    public static Builder builder()
    {
        return new Builder();
    }

    public static final class Builder
    {
        private final Node root;
        private final List<Route> routes;
        private String service = "kernel";
        private final MicroversionRange versions;

        private Builder()
        {
            this(new Node(), new ArrayList<>(), MicroversionRange.ANY);
        }

        private Builder(Node root, List<Route> routes, MicroversionRange versions)
        {
            this.root = root;
            this.routes = routes;
            this.versions = versions;
        }

        /**
         * Adds routes that exist only from a microversion on, as Nova's {@code @api_version("2.47")}:
         * {@code routes.since("2.78").route("GET", ".../topology", ...)}. The returned builder adds to the same table.
         */
        public Builder since(String minimum)
        {
            return within(MicroversionRange.since(minimum));
        }

        /** Adds routes that exist only up to a microversion, included, as Nova's {@code @api_version("2.1", "2.35")}. */
        public Builder until(String maximum)
        {
            return within(MicroversionRange.until(maximum));
        }

        /** Adds routes bound to a microversion range; routes of one method and template must have disjoint ranges. */
        public Builder within(MicroversionRange range)
        {
            Builder bound = new Builder(root, routes, requireNonNull(range, "range is null"));
            bound.service = service;
            return bound;
        }

        /** Routes added after this belong to the named service (for metrics and error dialect). */
        public Builder service(String name)
        {
            this.service = requireNonNull(name, "name is null");
            return this;
        }

        public Builder publicRoute(String method, String template, Handler handler)
        {
            return add(new Route(service, method, template, Optional.empty(), exchange -> Map.of(), handler, false, versions));
        }

        public Builder route(String method, String template, String policy, Handler handler)
        {
            return add(new Route(service, method, template, Optional.of(policy), Exchange::pathTarget, handler, false, versions));
        }

        public Builder route(String method, String template, String policy, TargetResolver target, Handler handler)
        {
            return add(new Route(service, method, template, Optional.of(policy), target, handler, false, versions));
        }

        /**
         * A route that also serves callers without a valid token; the handler decides, from
         * {@link Exchange#policyPassed()} and its own grants, whether the caller may go on.
         */
        public Builder optionalTokenRoute(String method, String template, String policy, TargetResolver target, Handler handler)
        {
            return add(new Route(service, method, template, Optional.of(policy), target, handler, true, versions));
        }

        public Builder add(Route route)
        {
            Node node = root;
            List<String> segments = split(route.template());
            for (int i = 0; i < segments.size(); i++) {
                String segment = segments.get(i);
                if (segment.startsWith("{") && segment.endsWith("+}")) {
                    if (i != segments.size() - 1) {
                        throw new IllegalArgumentException("rest parameter must be last: " + route.template());
                    }
                    String name = segment.substring(1, segment.length() - 2);
                    if (node.rest == null) {
                        node.rest = new Node();
                        node.restName = name;
                    }
                    node = node.rest;
                }
                else if (segment.startsWith("{") && segment.endsWith("}")) {
                    String name = segment.substring(1, segment.length() - 1);
                    if (node.parameter == null) {
                        node.parameter = new Node();
                        node.parameterName = name;
                    }
                    else if (!node.parameterName.equals(name)) {
                        throw new IllegalArgumentException("conflicting parameter names {" + node.parameterName + "} and {" + name + "} in " + route.template());
                    }
                    node = node.parameter;
                }
                else {
                    node = node.literals.computeIfAbsent(segment, ignored -> new Node());
                }
            }
            List<Route> same = node.routes.computeIfAbsent(route.method(), ignored -> new ArrayList<>(1));
            for (Route existing : same) {
                if (existing.versions().overlaps(route.versions())) {
                    throw new IllegalArgumentException("duplicate route " + route.method() + " " + route.template()
                            + " for microversions " + route.versions() + " and " + existing.versions());
                }
                // the kernel authenticates before it knows the version, so every variant must take the same callers
                if (existing.isPublic() != route.isPublic() || existing.tokenOptional() != route.tokenOptional()) {
                    throw new IllegalArgumentException("routes " + route.method() + " " + route.template()
                            + " differ in authentication between microversions");
                }
            }
            same.add(route);
            routes.add(route);
            return this;
        }

        public Router build()
        {
            return new Router(root, routes);
        }
    }
}
