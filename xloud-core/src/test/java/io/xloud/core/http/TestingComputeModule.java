package io.xloud.core.http;

import io.xloud.core.error.ErrorCode;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.json.Json;
import io.xloud.core.microversion.ApiVersion;
import io.xloud.core.microversion.MicroversionSupport;
import io.xloud.core.microversion.Versioned;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A small module shaped like Compute: microversions 2.1 to 2.10 with Nova's legacy header, Nova's error bodies,
 * version documents, a route that exists from 2.6 on, a template served by two routes split at 2.4, and a view
 * that gains a field at 2.5.
 */
final class TestingComputeModule
        implements ServiceModule
{
    static final String LEGACY_HEADER = "X-OpenStack-Nova-API-Version";
    static final MicroversionSupport MICROVERSIONS = MicroversionSupport.of("compute", "2.1", "2.10").withLegacyHeader(LEGACY_HEADER);
    static final ApiVersion V21 = ApiVersion.current("v2.1", "/v2.1", MICROVERSIONS, "2013-07-23T11:33:21Z",
            "application/vnd.openstack.compute+json;version=2.1", "http://docs.openstack.org/");

    record Flavor(String id, String name, String description) {}

    sealed interface FlavorView
    {
        static FlavorView v21(Flavor flavor)
        {
            return new Basic(flavor.id(), flavor.name());
        }

        static FlavorView v25(Flavor flavor)
        {
            return new Described(flavor.id(), flavor.name(), flavor.description());
        }

        record Basic(String id, String name)
                implements FlavorView {}

        record Described(String id, String name, String description)
                implements FlavorView {}
    }

    static final Versioned<Flavor, FlavorView> FLAVOR_VIEW = Versioned.initially(FlavorView::v21).from("2.5", FlavorView::v25);

    private final Supplier<String> publicUrl;

    TestingComputeModule(Supplier<String> publicUrl)
    {
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
    }

    @Override
    public String name()
    {
        return "compute";
    }

    @Override
    public String pathPrefix()
    {
        return "/compute";
    }

    @Override
    public ErrorDialect errorDialect()
    {
        return new NovaErrorDialect();
    }

    @Override
    public Optional<MicroversionSupport> microversions()
    {
        return Optional.of(MICROVERSIONS);
    }

    @Override
    public void routes(Router.Builder routes)
    {
        String base = "/compute/v2.1";
        routes.publicRoute("GET", "/compute", exchange -> exchange.json(200,
                ApiVersion.list(publicUrl.get() + "/compute", ApiVersion.Detail.SUMMARY, List.of(V21))));
        routes.publicRoute("GET", base, exchange -> exchange.json(200, V21.document(publicUrl.get() + "/compute")));
        routes.route("GET", base + "/version", "compute:show", exchange ->
                exchange.respond(200, "text/plain", exchange.microversion().toString().getBytes(StandardCharsets.UTF_8)));
        routes.route("GET", base + "/flavors/{flavor_id}", "compute:show", exchange -> exchange.json(200,
                Map.of("flavor", FLAVOR_VIEW.apply(exchange.microversion(), new Flavor(exchange.path("flavor_id"), "m1.tiny", "smallest")))));
        routes.since("2.6").route("GET", base + "/servers/{server_id}/topology", "compute:show", exchange ->
                exchange.json(200, Map.of("nodes", List.of())));
        routes.until("2.3").route("GET", base + "/things", "compute:show", exchange -> exchange.json(200, Map.of("things", "old")));
        routes.since("2.4").route("GET", base + "/things", "compute:show", exchange -> exchange.json(200, Map.of("things", "new")));
        routes.route("GET", base + "/secret", "compute:nobody", exchange -> exchange.json(200, Map.of()));
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return Map.of("compute:show", "@", "compute:nobody", "!");
    }

    /** Nova's fault body: {@code {"<faultName>": {"code": N, "message": "..."}}}, computeFault where Nova names none. */
    static final class NovaErrorDialect
            implements ErrorDialect
    {
        private static final Map<Integer, String> FAULT_NAMES = Map.ofEntries(
                Map.entry(400, "badRequest"),
                Map.entry(401, "unauthorized"),
                Map.entry(403, "forbidden"),
                Map.entry(404, "itemNotFound"),
                Map.entry(405, "badMethod"),
                Map.entry(409, "conflictingRequest"),
                Map.entry(413, "overLimit"),
                Map.entry(415, "badMediaType"),
                Map.entry(429, "overLimit"),
                Map.entry(501, "notImplemented"),
                Map.entry(503, "serviceUnavailable"));

        @Override
        public Body render(ErrorCode code, String message)
        {
            Map<String, Object> fault = new LinkedHashMap<>();
            fault.put("code", code.status());
            fault.put("message", message);
            return new Body("application/json", Json.bytes(Map.of(FAULT_NAMES.getOrDefault(code.status(), "computeFault"), fault)));
        }
    }
}
