package io.xloud.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.error.JsonErrorDialect;
import io.xloud.core.json.Json;
import io.xloud.core.limits.RateLimiter;
import io.xloud.core.metrics.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.xloud.core.http.TestingComputeModule.LEGACY_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Microversions through the whole kernel, over HTTP, with a Compute-shaped test module and one without microversions. */
class KernelMicroversionTest
{
    private static final String TOKEN = "good-token";
    private static final String STANDARD = "OpenStack-API-Version";

    private static HttpServer server;
    private static HttpClient client;
    private static String url;

    @BeforeAll
    static void start()
            throws Exception
    {
        String[] publicUrl = new String[1];
        Kernel kernel = new Kernel(List.of(new TestingComputeModule(() -> publicUrl[0]), new PlainModule()), Map.of(),
                KernelMicroversionTest::validate, new RateLimiter(0, 0), new Metrics(), 65536, () -> url + "/identity");
        server = new HttpServer("127.0.0.1", 0, kernel, 10_000);
        server.start();
        url = "http://127.0.0.1:" + server.port();
        publicUrl[0] = url;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        client.close();
        server.close();
    }

    @Test
    void noHeaderServesTheMinimum()
    {
        HttpResponse<String> response = get("/compute/v2.1/version");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("2.1");
    }

    @Test
    void everyResponseEchoesBothHeadersAndVariesOnThem()
    {
        HttpResponse<String> response = get("/compute/v2.1/version", STANDARD, "compute 2.7");
        assertThat(response.body()).isEqualTo("2.7");
        assertThat(response.headers().firstValue(STANDARD)).hasValue("compute 2.7");
        assertThat(response.headers().firstValue(LEGACY_HEADER)).hasValue("2.7");
        assertThat(varyNames(response)).contains(STANDARD, LEGACY_HEADER);
    }

    @Test
    void latestServesTheMaximum()
    {
        HttpResponse<String> response = get("/compute/v2.1/version", STANDARD, "compute latest");
        assertThat(response.body()).isEqualTo("2.10");
        assertThat(response.headers().firstValue(STANDARD)).hasValue("compute 2.10");
    }

    @Test
    void legacyHeaderAloneIsHonouredAndBothAreEchoed()
    {
        HttpResponse<String> response = get("/compute/v2.1/version", LEGACY_HEADER, "2.4");
        assertThat(response.body()).isEqualTo("2.4");
        assertThat(response.headers().firstValue(STANDARD)).hasValue("compute 2.4");
        assertThat(response.headers().firstValue(LEGACY_HEADER)).hasValue("2.4");
    }

    @Test
    void standardHeaderWinsOverLegacy()
    {
        assertThat(get("/compute/v2.1/version", STANDARD, "compute 2.5", LEGACY_HEADER, "2.9").body()).isEqualTo("2.5");
    }

    @Test
    void headerForSeveralServicesPicksThisOne()
    {
        assertThat(get("/compute/v2.1/version", STANDARD, "volume 3.5, Compute 2.3, identity 3.1").body()).isEqualTo("2.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"compute 2", "compute two.1", "compute 2.1.1", "compute 2.01", "compute LATEST"})
    void malformedVersionIs400InNovasDialect(String value)
            throws IOException
    {
        HttpResponse<String> response = get("/compute/v2.1/version", STANDARD, value);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("badRequest").path("code").asInt()).isEqualTo(400);
    }

    @Test
    void emptyLegacyHeaderIs400()
    {
        assertThat(get("/compute/v2.1/version", LEGACY_HEADER, "").statusCode()).isEqualTo(400);
    }

    @Test
    void aboveTheMaximumIs406AsComputeFault()
            throws IOException
    {
        HttpResponse<String> response = get("/compute/v2.1/version", STANDARD, "compute 2.11");
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(json(response)).isEqualTo(Json.mapper().readTree("""
                {"computeFault": {"code": 406, "message": "Version 2.11 is not supported by the API. Minimum is 2.1 and maximum is 2.10."}}"""));
    }

    @Test
    void belowTheMinimumIs406()
    {
        assertThat(get("/compute/v2.1/version", STANDARD, "compute 2.0").statusCode()).isEqualTo(406);
        assertThat(get("/compute/v2.1/version", LEGACY_HEADER, "1.99").statusCode()).isEqualTo(406);
    }

    @Test
    void refusedVersionIsNotEchoed()
    {
        // Nova's request carries no version when negotiation failed, so its fault has no version headers
        HttpResponse<String> response = get("/compute/v2.1/version", STANDARD, "compute 2.11");
        assertThat(response.headers().firstValue(STANDARD)).isEmpty();
    }

    @Test
    void missingTokenIs401BeforeAnyVersionCheck()
    {
        // keystonemiddleware sits in front of Nova's API layer, which is where the version is read
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/compute/v2.1/version")).header(STANDARD, "compute 9.9"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue(STANDARD)).isEmpty();
    }

    @Test
    void unknownPathIs404BeforeAnyVersionCheck()
    {
        assertThat(get("/compute/v2.1/nothing", STANDARD, "compute 9.9").statusCode()).isEqualTo(404);
    }

    @Test
    void routeBelowItsFirstVersionIs404WithTheVersionEchoed()
            throws IOException
    {
        HttpResponse<String> response = get("/compute/v2.1/servers/abc/topology", STANDARD, "compute 2.5");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("itemNotFound").path("code").asInt()).isEqualTo(404);
        assertThat(response.headers().firstValue(STANDARD)).hasValue("compute 2.5");
    }

    @Test
    void routeFromItsFirstVersionOn()
    {
        assertThat(get("/compute/v2.1/servers/abc/topology", STANDARD, "compute 2.6").statusCode()).isEqualTo(200);
        assertThat(get("/compute/v2.1/servers/abc/topology", STANDARD, "compute latest").statusCode()).isEqualTo(200);
    }

    @Test
    void oneTemplateServedByTwoRoutesSplitByVersion()
            throws IOException
    {
        assertThat(json(get("/compute/v2.1/things", STANDARD, "compute 2.3")).path("things").asText()).isEqualTo("old");
        assertThat(json(get("/compute/v2.1/things", STANDARD, "compute 2.4")).path("things").asText()).isEqualTo("new");
        assertThat(json(get("/compute/v2.1/things")).path("things").asText()).isEqualTo("old");
    }

    @Test
    void viewGainsAFieldAtItsVersion()
            throws IOException
    {
        assertThat(json(get("/compute/v2.1/flavors/1", STANDARD, "compute 2.4"))).isEqualTo(Json.mapper().readTree("""
                {"flavor": {"id": "1", "name": "m1.tiny"}}"""));
        assertThat(json(get("/compute/v2.1/flavors/1", STANDARD, "compute 2.5"))).isEqualTo(Json.mapper().readTree("""
                {"flavor": {"id": "1", "name": "m1.tiny", "description": "smallest"}}"""));
    }

    @Test
    void policyRefusalCarriesTheVersion()
    {
        HttpResponse<String> response = get("/compute/v2.1/secret", STANDARD, "compute 2.2");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue(STANDARD)).hasValue("compute 2.2");
    }

    @Test
    void versionDocumentsComeFromTheDeclaredRange()
            throws IOException
    {
        HttpResponse<String> root = send(HttpRequest.newBuilder(URI.create(url + "/compute")));
        assertThat(root.statusCode()).isEqualTo(200);
        JsonNode listed = json(root).path("versions").path(0);
        assertThat(listed.path("id").asText()).isEqualTo("v2.1");
        assertThat(listed.path("version").asText()).isEqualTo("2.10");
        assertThat(listed.path("min_version").asText()).isEqualTo("2.1");
        assertThat(listed.path("links").path(0).path("href").asText()).isEqualTo(url + "/compute/v2.1/");

        HttpResponse<String> versioned = send(HttpRequest.newBuilder(URI.create(url + "/compute/v2.1")));
        assertThat(json(versioned).path("version").path("media-types").path(0).path("type").asText())
                .isEqualTo("application/vnd.openstack.compute+json;version=2.1");
        assertThat(versioned.headers().firstValue(STANDARD)).hasValue("compute 2.1");
    }

    @Test
    void moduleWithoutMicroversionsIgnoresTheHeadersAndEchoesNothing()
    {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/plain/echo")).header(STANDARD, "compute 9.9"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(STANDARD)).isEmpty();
        assertThat(response.headers().allValues("Vary")).isEmpty();
    }

    @Test
    void concurrentRequestsEachGetTheirOwnVersion()
            throws Exception
    {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                String version = "2." + (1 + i % 10);
                boolean legacy = i % 3 == 0;
                results.add(pool.submit(() -> {
                    HttpResponse<String> response = legacy
                            ? get("/compute/v2.1/version", LEGACY_HEADER, version)
                            : get("/compute/v2.1/version", STANDARD, "compute " + version);
                    return response.body().equals(version)
                            && response.headers().firstValue(STANDARD).orElse("").equals("compute " + version);
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void routeBoundToVersionsInAModuleWithoutThemIsRefusedAtStart()
    {
        ServiceModule careless = new PlainModule()
        {
            @Override
            public void routes(Router.Builder routes)
            {
                routes.since("2.5").publicRoute("GET", "/plain/new", exchange -> exchange.noContent());
            }
        };
        assertThatThrownBy(() -> new Kernel(List.of(careless), Map.of(), KernelMicroversionTest::validate, new RateLimiter(0, 0),
                new Metrics(), 65536, () -> "http://localhost/identity"))
                .isInstanceOf(IllegalStateException.class);
    }

    private static HttpResponse<String> get(String path, String... headerNamesAndValues)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("X-Auth-Token", TOKEN);
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request)
    {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response)
            throws IOException
    {
        return Json.mapper().readTree(response.body());
    }

    private static List<String> varyNames(HttpResponse<String> response)
    {
        return response.headers().allValues("Vary").stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip)
                .toList();
    }

    private static AuthContext validate(String token)
    {
        if (!token.equals(TOKEN)) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        return new AuthContext("user-1", "alice", "default", "Default", Optional.of("project-1"), Optional.of("demo"),
                Optional.of("default"), Optional.of("Default"), Optional.empty(), Optional.empty(), false,
                List.of(new AuthContext.Role("r1", "member")), List.of("password"), Instant.now(), Instant.now().plusSeconds(3600),
                List.of("audit"), Optional.empty(), Optional.empty(), token);
    }

    /** A module without microversions, as Identity and Object Storage are. */
    private static class PlainModule
            implements ServiceModule
    {
        @Override
        public String name()
        {
            return "plain";
        }

        @Override
        public String pathPrefix()
        {
            return "/plain";
        }

        @Override
        public ErrorDialect errorDialect()
        {
            return new JsonErrorDialect();
        }

        @Override
        public void routes(Router.Builder routes)
        {
            routes.publicRoute("GET", "/plain/echo", exchange -> exchange.respond(200, "text/plain", new byte[] {'o', 'k'}));
        }

        @Override
        public Map<String, String> policyDefaults()
        {
            return Map.of();
        }
    }
}
