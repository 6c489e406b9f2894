package io.xloud.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.core.microversion.Microversion;
import org.apache.commons.io.input.BoundedInputStream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One request and its response, as a handler sees them. */
public final class Exchange
{
    private final Request request;
    private final Response response;
    private final String requestId;
    private final long maxBodySize;
    private Route route;
    private Map<String, String> pathParameters = Map.of();
    private AuthContext auth;
    private String policyRule;
    private Fields query;
    private boolean policyPassed;
    private PolicyCheck policyCheck = (rule, target) -> false;
    private JsonNode json;
    private Microversion microversion;

    private int status = 200;
    private byte[] body;
    private String contentType;
    private boolean streamed;
    private boolean bodyOpened;
    private final Map<Class<?>, Object> attachments = new HashMap<>(2);

    Exchange(Request request, Response response, String requestId, long maxBodySize)
    {
        this.request = requireNonNull(request, "request is null");
        this.response = requireNonNull(response, "response is null");
        this.requestId = requireNonNull(requestId, "requestId is null");
        this.maxBodySize = maxBodySize;
    }

    void bind(Route route, Map<String, String> pathParameters)
    {
        this.route = route;
        this.pathParameters = pathParameters;
    }

    void authenticate(AuthContext auth)
    {
        this.auth = auth;
    }

    /** Checks one more policy rule against the caller; bound by the kernel once the caller is known. */
    @FunctionalInterface
    interface PolicyCheck
    {
        boolean allowed(String rule, Map<String, Object> target);
    }

    void policy(boolean passed, PolicyCheck check)
    {
        this.policyPassed = passed;
        this.policyCheck = check;
    }

    /**
     * Whether the route's rule held for the caller. Always true past the kernel on ordinary routes; on a route
     * with an optional token it is false for an anonymous caller or one the rule does not admit.
     */
    public boolean policyPassed()
    {
        return policyPassed;
    }

    /** Whether a further rule holds for the caller (false without a caller), e.g. a rule guarding one header. */
    public boolean allowed(String rule, Map<String, Object> target)
    {
        return policyCheck.allowed(rule, target);
    }

    public String requestId()
    {
        return requestId;
    }

    public String method()
    {
        return request.getMethod();
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath()
    {
        return request.getHttpURI().getPath();
    }

    /** The query string as sent, still percent-encoded; empty when there is none. */
    public String rawQuery()
    {
        String query = request.getHttpURI().getQuery();
        return query == null ? "" : query;
    }

    /** A request attribute set by a handler in front of the kernel (e.g. the path a client sent before a rewrite). */
    public Optional<Object> attribute(String name)
    {
        return Optional.ofNullable(request.getAttribute(name));
    }

    /** Keeps a value for the rest of the request, e.g. what a service's own authentication found for its handler. */
    public <T> void attach(Class<T> type, T value)
    {
        attachments.put(type, requireNonNull(value, "value is null"));
    }

    public <T> Optional<T> attachment(Class<T> type)
    {
        return Optional.ofNullable(type.cast(attachments.get(type)));
    }

    void microversion(Microversion version)
    {
        this.microversion = requireNonNull(version, "version is null");
    }

    /**
     * The microversion negotiated for this request; only for routes of a module that declares microversions
     * ({@link ServiceModule#microversions()}), where the kernel always sets one before the handler runs.
     */
    public Microversion microversion()
    {
        if (microversion == null) {
            throw new IllegalStateException("no microversion: the route's module declares none");
        }
        return microversion;
    }

    /** The negotiated microversion, empty for a module that declares none. */
    public Optional<Microversion> optionalMicroversion()
    {
        return Optional.ofNullable(microversion);
    }

    public Optional<Route> route()
    {
        return Optional.ofNullable(route);
    }

    public String path(String name)
    {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter " + name);
        }
        return value;
    }

    public Map<String, String> pathParameters()
    {
        return pathParameters;
    }

    /** Policy target from path parameters alone: {@code {user_id}} becomes {@code target.user.id} and {@code user_id}. */
    public Map<String, Object> pathTarget()
    {
        Map<String, Object> target = new HashMap<>();
        pathParameters.forEach((name, value) -> {
            target.put(name, value);
            if (name.endsWith("_id")) {
                target.put("target." + name.substring(0, name.length() - 3) + ".id", value);
            }
        });
        return target;
    }

    public Optional<String> header(String name)
    {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    public List<String> headers(String name)
    {
        return request.getHeaders().getValuesList(name);
    }

    public Map<String, String> headersStartingWith(String prefix)
    {
        Map<String, String> matching = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            if (field.getName().regionMatches(true, 0, prefix, 0, prefix.length())) {
                matching.put(field.getName(), field.getValue());
            }
        }
        return matching;
    }

    private Fields query()
    {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request);
            }
            catch (RuntimeException e) {
                throw ApiException.badRequest("Malformed query string.");
            }
        }
        return query;
    }

    public Optional<String> query(String name)
    {
        Fields.Field field = query().get(name);
        return field == null ? Optional.empty() : Optional.ofNullable(field.getValue());
    }

    public List<String> queryAll(String name)
    {
        Fields.Field field = query().get(name);
        return field == null ? List.of() : field.getValues();
    }

    public boolean hasQuery(String name)
    {
        return query().get(name) != null;
    }

    public Map<String, List<String>> queryParameters()
    {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Fields.Field field : query()) {
            parameters.put(field.getName(), List.copyOf(field.getValues()));
        }
        return parameters;
    }

    /** A boolean query flag as OpenStack reads it: present with no value, or a true-ish value. */
    public boolean queryFlag(String name)
    {
        Fields.Field field = query().get(name);
        if (field == null) {
            return false;
        }
        String value = field.getValue();
        return value == null || value.isEmpty() || switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on", "y" -> true;
            default -> false;
        };
    }

    public AuthContext auth()
    {
        if (auth == null) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        return auth;
    }

    public Optional<AuthContext> optionalAuth()
    {
        return Optional.ofNullable(auth);
    }

    /**
     * For the few APIs whose rule depends on the request, as Keystone's trust list picks
     * {@code list_trusts_for_trustor} when filtered by trustor: called by the route's target resolver,
     * it names the rule the kernel enforces instead of the route's.
     */
    public void narrowPolicy(String rule)
    {
        this.policyRule = requireNonNull(rule, "rule is null");
    }

    Optional<String> narrowedPolicy()
    {
        return Optional.ofNullable(policyRule);
    }

    /** Whether a handler asked for the request body (which is when a client that sent Expect: 100-continue is told to send it). */
    boolean bodyOpened()
    {
        return bodyOpened;
    }

    /** The request body as a stream, refusing to read past the size limit (413). */
    public InputStream bodyStream(long limit)
    {
        long declared = request.getLength();
        if (declared > limit) {
            throw new ApiException(CoreErrorCode.PAYLOAD_TOO_LARGE, "Request is too large.");
        }
        bodyOpened = true;
        return limited(new RequestBodyStream(request), limit);
    }

    /** The request body parsed as JSON and checked against the handler's schema. */
    public JsonNode readJson(RequestSchema schema)
    {
        JsonNode node = readJson();
        JsonSchemas.validate(schema, node);
        return node;
    }

    public JsonNode readJson()
    {
        if (json == null) {
            json = parseJson();
        }
        return json;
    }

    private JsonNode parseJson()
    {
        try (InputStream in = bodyStream(maxBodySize)) {
            JsonNode node = Json.mapper().readTree(in);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("The request body is empty; a JSON document is required.");
            }
            return node;
        }
        catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON in request body: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badRequest("Could not read the request body.");
        }
    }

    // ---- response

    public Exchange status(int status)
    {
        this.status = status;
        return this;
    }

    public int status()
    {
        return status;
    }

    public Exchange header(String name, String value)
    {
        response.getHeaders().put(name, value);
        return this;
    }

    /** The response headers as they are now, for {@link #restoreHeaders} when a handler starts its answer again. */
    public HeadersMark markHeaders()
    {
        return new HeadersMark(HttpFields.build(response.getHeaders()).asImmutable());
    }

    /** Puts the response headers back as they were at the mark, dropping what was set since. */
    public void restoreHeaders(HeadersMark mark)
    {
        HttpFields.Mutable headers = response.getHeaders();
        headers.clear();
        headers.add(mark.fields);
    }

    /** The response headers at one moment of a handler. */
    public static final class HeadersMark
    {
        private final HttpFields fields;

        private HeadersMark(HttpFields fields)
        {
            this.fields = fields;
        }
    }

    public Exchange addHeader(String name, String value)
    {
        response.getHeaders().add(name, value);
        return this;
    }

    public void json(int status, Object value)
    {
        respond(status, "application/json", Json.bytes(value));
    }

    public void respond(int status, String contentType, byte[] body)
    {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** The body given to {@link #respond} (or {@link #json}), if any and not streamed. */
    public byte[] renderedBody()
    {
        return streamed ? null : body;
    }

    public String renderedContentType()
    {
        return contentType;
    }

    public void noContent()
    {
        respond(204, null, null);
    }

    /** Streams a response body; the handler writes and closes nothing but the stream it is given. */
    public void stream(int status, String contentType, long length, BodyWriter writer)
            throws IOException
    {
        this.status = status;
        this.streamed = true;
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put("Content-Type", contentType);
        }
        if (length >= 0) {
            response.getHeaders().put("Content-Length", Long.toString(length));
        }
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            writer.write(out);
        }
    }

    @FunctionalInterface
    public interface BodyWriter
    {
        void write(OutputStream out)
                throws IOException;
    }

    boolean streamed()
    {
        return streamed;
    }

    byte[] body()
    {
        return body;
    }

    String contentType()
    {
        return contentType;
    }

    Request request()
    {
        return request;
    }

    Response response()
    {
        return response;
    }

    /** Wraps a stream so that reading past the limit fails with 413 instead of buffering without bound. */
    private static InputStream limited(InputStream in, long limit)
    {
        try {
            return BoundedInputStream.builder()
                    .setInputStream(in)
                    .setMaxCount(limit)
                    // at the limit, one more byte means the body is too large; none means it simply ended there
                    .setOnMaxCount((max, count) -> {
                        if (in.read() >= 0) {
                            throw new IOException(new ApiException(CoreErrorCode.PAYLOAD_TOO_LARGE, "Request is too large."));
                        }
                    })
                    .get();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
