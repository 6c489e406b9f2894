package io.xloud.core.module;

import io.xloud.core.auth.TokenValidator;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.limits.QuotaService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleHostTest
{
    /** Two services that both define Keystone's rule names, each with its own meaning. */
    private static final Map<String, String> ALPHA = Map.of(
            "admin_required", "role:admin",
            "owner", "user_id:%(user_id)s",
            "alpha:get_thing", "rule:admin_required");
    private static final Map<String, String> BETA = Map.of(
            "admin_required", "role:reader",
            "owner", "project_id:%(project_id)s",
            "beta:get_thing", "rule:admin_required");

    @TempDir
    Path dataDir;

    private Database database;
    private ModuleHost host;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void close()
            throws Exception
    {
        if (host != null) {
            host.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private ModuleHost.Builder builder(List<XloudModule> modules, Map<String, String> settings)
    {
        Map<String, String> values = new java.util.HashMap<>(Map.of("listen", "127.0.0.1:0", "data_dir", dataDir.toString()));
        values.putAll(settings);
        XloudConfig config = XloudConfig.of(XloudModule.settings(modules), values);
        if (database == null) {
            database = Database.open(Database.embeddedUrl(dataDir), "", "", 4);
        }
        return ModuleHost.builder(config, database).modules(modules).port(TokenValidator.class, new TestModule.RoleTokens());
    }

    private int get(String path, String token)
            throws Exception
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create(host.publicUrl() + path)).header("X-Auth-Token", token).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aRuleNameDefinedByTwoServicesKeepsBothChecks()
            throws Exception
    {
        host = builder(List.of(TestModule.withRules("alpha", ALPHA), TestModule.withRules("beta", BETA)), Map.of()).start();

        assertThat(get("/alpha/thing", "reader")).isEqualTo(403);
        assertThat(get("/beta/thing", "reader")).isEqualTo(200);
        assertThat(get("/alpha/thing", "admin")).isEqualTo(200);
        assertThat(host.kernel().policyOf("alpha").checkStrings()).containsEntry("admin_required", "role:admin");
        assertThat(host.kernel().policyOf("beta").checkStrings()).containsEntry("admin_required", "role:reader")
                .containsEntry("owner", "project_id:%(project_id)s");
    }

    @Test
    void concurrentCallersOfBothServicesEachGetTheirServicesDecision()
            throws Exception
    {
        host = builder(List.of(TestModule.withRules("alpha", ALPHA), TestModule.withRules("beta", BETA)), Map.of()).start();

        List<java.util.concurrent.Future<Integer>> alpha = new ArrayList<>();
        List<java.util.concurrent.Future<Integer>> beta = new ArrayList<>();
        try (java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                alpha.add(callers.submit(() -> get("/alpha/thing", "reader")));
                beta.add(callers.submit(() -> get("/beta/thing", "reader")));
            }
        }
        for (int i = 0; i < 50; i++) {
            assertThat(alpha.get(i).get()).isEqualTo(403);
            assertThat(beta.get(i).get()).isEqualTo(200);
        }
    }

    @Test
    void aServicePolicyFileOverridesOnlyThatService()
            throws Exception
    {
        Files.createDirectories(dataDir.resolve("policy"));
        Files.writeString(dataDir.resolve("policy/beta.yaml"), "\"admin_required\": \"role:admin\"\n");
        host = builder(List.of(TestModule.withRules("alpha", ALPHA), TestModule.withRules("beta", BETA)), Map.of()).start();

        assertThat(get("/beta/thing", "reader")).isEqualTo(403);
        assertThat(get("/beta/thing", "admin")).isEqualTo(200);
        assertThat(host.kernel().policyOf("alpha").checkStrings()).containsEntry("admin_required", "role:admin");
    }

    @Test
    void aMalformedRuleInAServiceFileStopsStartUpNamingServiceAndRule()
            throws Exception
    {
        Files.createDirectories(dataDir.resolve("policy"));
        Files.writeString(dataDir.resolve("policy/beta.yaml"), "\"admin_required\": \"role:admin and (\"\n");
        assertThatThrownBy(() -> builder(List.of(TestModule.withRules("alpha", ALPHA), TestModule.withRules("beta", BETA)), Map.of()).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta")
                .hasMessageContaining("admin_required");
    }

    @Test
    void aPolicyFileThatIsNotAMappingStopsStartUp()
            throws Exception
    {
        Files.createDirectories(dataDir.resolve("policy"));
        Files.writeString(dataDir.resolve("policy/alpha.yaml"), "- role:admin\n- " + "x".repeat(100_000) + "\n");
        assertThatThrownBy(() -> builder(List.of(TestModule.withRules("alpha", ALPHA)), Map.of()).start())
                .hasMessageContaining("alpha.yaml");
    }

    @Test
    void aRouteGuardedByARuleItsServiceDoesNotDefineStopsStartUp()
    {
        // beta's route rule lives only in alpha's namespace
        Map<String, String> misplaced = Map.of("admin_required", "role:admin", "alpha:get_thing", "@", "beta:get_thing", "@");
        assertThatThrownBy(() -> builder(List.of(TestModule.withRules("alpha", misplaced), TestModule.withRules("beta", Map.of("x", "@"))), Map.of()).start())
                .hasMessageContaining("beta:get_thing");
    }

    @Test
    void modulesStartAfterTheModulesWhosePortsTheyNeedAndCloseInReverse()
            throws Exception
    {
        List<String> events = new ArrayList<>();
        AtomicReference<Greeting> received = new AtomicReference<>();
        TestModule needing = new TestModule("alpha", ALPHA, Set.of(), Set.of(Greeting.class), events,
                context -> received.set(context.need(Greeting.class)));
        TestModule offering = new TestModule("beta", BETA, Set.of(Greeting.class), Set.of(), events,
                context -> context.offer(Greeting.class, () -> "hello"));
        host = builder(List.of(needing, offering), Map.of()).start();

        assertThat(received.get().greet()).isEqualTo("hello");
        assertThat(events).containsExactly("start beta", "start alpha", "bootstrap beta [alpha, beta]", "bootstrap alpha [alpha, beta]");
        host.close();
        host = null;
        assertThat(events).endsWith("close alpha", "close beta");
    }

    @Test
    void anAdapterMakesAPortFromAnotherModuleStartedFirst()
            throws Exception
    {
        AtomicReference<Greeting> received = new AtomicReference<>();
        TestModule needing = new TestModule("alpha", ALPHA, Set.of(), Set.of(Greeting.class), new ArrayList<>(),
                context -> received.set(context.need(Greeting.class)));
        XloudModule source = new QuotaModule(TestModule.withRules("beta", BETA), context -> {});
        host = builder(List.of(needing, source), Map.of())
                .adapter(PortAdapter.of(Greeting.class, QuotaModule.class, module -> () -> "adapted from " + module.name()))
                .start();

        // alpha is listed first, yet beta starts before it: alpha's port is made from beta
        assertThat(received.get().greet()).isEqualTo("adapted from beta");
        assertThat(host.modules()).extracting(XloudModule::name).containsExactly("beta", "alpha");
    }

    @Test
    void aNeededPortNothingOffersStopsStartUp()
    {
        TestModule needing = new TestModule("alpha", ALPHA, Set.of(), Set.of(Greeting.class), new ArrayList<>(), context -> {});
        assertThatThrownBy(() -> builder(List.of(needing), Map.of()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Greeting");
    }

    @Test
    void modulesNeedingEachOthersPortsStopStartUp()
    {
        TestModule alpha = new TestModule("alpha", ALPHA, Set.of(Greeting.class), Set.of(Farewell.class), new ArrayList<>(), context -> {});
        TestModule beta = new TestModule("beta", BETA, Set.of(Farewell.class), Set.of(Greeting.class), new ArrayList<>(), context -> {});
        assertThatThrownBy(() -> builder(List.of(alpha, beta), Map.of()).start())
                .hasMessageContaining("cycle");
    }

    @Test
    void takingAPortWithoutDeclaringItFails()
    {
        TestModule sneaky = new TestModule("alpha", ALPHA, Set.of(), Set.of(), new ArrayList<>(), context -> context.need(TokenValidator.class));
        assertThatThrownBy(() -> builder(List.of(sneaky), Map.of()).start())
                .hasMessageContaining("without declaring it");
    }

    @Test
    void aDeclaredPortThatIsNeverOfferedStopsStartUpAndClosesWhatStarted()
    {
        List<String> events = new ArrayList<>();
        TestModule first = new TestModule("beta", BETA, Set.of(), Set.of(), events, context -> {});
        TestModule lazy = new TestModule("alpha", ALPHA, Set.of(Greeting.class), Set.of(), events, context -> {});
        assertThatThrownBy(() -> builder(List.of(first, lazy), Map.of()).start())
                .hasMessageContaining("did not offer");
        assertThat(events).contains("close beta", "close alpha");
    }

    @Test
    void twoModulesOfOneNameStopStartUp()
    {
        assertThatThrownBy(() -> builder(List.of(TestModule.withRules("alpha", ALPHA), TestModule.withRules("alpha", ALPHA)), Map.of()).start())
                .hasMessageContaining("two modules are named alpha");
    }

    @Test
    void scheduledTasksRunOnceServingAndAFailingTaskRunsAgain()
            throws Exception
    {
        CountDownLatch runs = new CountDownLatch(3);
        TestModule ticking = new TestModule("alpha", ALPHA, Set.of(), Set.of(), new ArrayList<>(), context -> context.schedule("tick", Duration.ofMillis(10), () -> {
            runs.countDown();
            throw new IllegalStateException("every run fails");
        }));
        host = builder(List.of(ticking), Map.of()).start();
        assertThat(runs.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aModuleMayAskForASecondListener()
            throws Exception
    {
        TestModule listening = new TestModule("alpha", ALPHA, Set.of(), Set.of(), new ArrayList<>(),
                context -> context.listen(new ModuleListener("side", "127.0.0.1:0", kernel -> kernel)));
        host = builder(List.of(listening), Map.of()).start();

        int side = host.listenerPort("side").orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + side + "/alpha/thing")).header("X-Auth-Token", "admin").build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(host.listenerPort("other")).isEmpty();
    }

    @Test
    void aModulesQuotasCountItsDeclaredResourcesUnderItsOwnName()
            throws Exception
    {
        AtomicReference<QuotaService> alphaQuotas = new AtomicReference<>();
        AtomicReference<QuotaService> betaQuotas = new AtomicReference<>();
        XloudModule alpha = new QuotaModule(TestModule.withRules("alpha", ALPHA), context -> alphaQuotas.set(context.quotas()));
        XloudModule beta = new QuotaModule(TestModule.withRules("beta", BETA), context -> betaQuotas.set(context.quotas()));
        host = builder(List.of(alpha, beta), Map.of()).start();

        database.jdbi().useTransaction(h -> alphaQuotas.get().reserve(h, "p1", "widgets", 2));
        assertThatThrownBy(() -> database.jdbi().useTransaction(h -> alphaQuotas.get().reserve(h, "p1", "widgets", 1)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(CoreErrorCode.CONFLICT));
        // beta's widgets are its own
        database.jdbi().useTransaction(h -> betaQuotas.get().reserve(h, "p1", "widgets", 2));
        long betaInUse = database.jdbi().withHandle(h -> betaQuotas.get().inUse(h, "p1", "widgets"));
        assertThat(betaInUse).isEqualTo(2);
        assertThatThrownBy(() -> database.jdbi().useTransaction(h -> alphaQuotas.get().reserve(h, "p1", "gadgets", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gadgets");
    }

    @Test
    void aQuotaResourceNameMustBeASimpleName()
    {
        assertThatThrownBy(() -> new QuotaResource("Widgets; DROP TABLE", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaResource("x".repeat(49), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaResource("widgets", -2)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A host whose module alpha answers for tokens, so the other modules may start after it serves. */
    private ModuleHost.Builder laterBuilder(List<String> events, TestModule beta)
    {
        TestModule alpha = new TestModule("alpha", ALPHA, Set.of(TokenValidator.class), Set.of(), events,
                context -> context.offer(TokenValidator.class, new TestModule.RoleTokens()));
        List<XloudModule> modules = List.of(alpha, beta);
        XloudConfig config = XloudConfig.of(XloudModule.settings(modules), Map.of("listen", "127.0.0.1:0", "data_dir", dataDir.toString()));
        database = Database.open(Database.embeddedUrl(dataDir), "", "", 4);
        return ModuleHost.builder(config, database).modules(modules);
    }

    @Test
    void withStartLaterTheTokenModuleServesFirstAndARequestForAnotherStartsIt()
            throws Exception
    {
        List<String> events = new CopyOnWriteArrayList<>();
        TestModule beta = new TestModule("beta", BETA, Set.of(), Set.of(), events, context -> {});
        host = laterBuilder(events, beta).startLater(Duration.ofHours(1), failure -> {}).start();

        assertThat(events).containsExactly("start alpha", "bootstrap alpha [alpha, beta]");
        assertThat(get("/alpha/thing", "admin")).isEqualTo(200);
        assertThat(events).as("a request alpha serves starts nothing").hasSize(2);

        // the first request for beta waits for its start, then is served as usual
        assertThat(get("/beta/thing", "reader")).isEqualTo(200);
        assertThat(events).containsExactly("start alpha", "bootstrap alpha [alpha, beta]", "start beta", "bootstrap beta [alpha, beta]");
        assertThat(get("/beta/thing", "bad")).isEqualTo(401);
        assertThat(host.modules()).extracting(XloudModule::name).containsExactly("alpha", "beta");
        host.close();
        host = null;
        assertThat(events).endsWith("close beta", "close alpha");
    }

    @Test
    void healthzAnswersOnceEveryModuleRuns()
            throws Exception
    {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        TestModule beta = new TestModule("beta", BETA, Set.of(), Set.of(), events, context -> {
            try {
                release.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        host = laterBuilder(events, beta).startLater(Duration.ofHours(1), failure -> {}).start();

        java.util.concurrent.CompletableFuture<HttpResponse<String>> health = client.sendAsync(
                HttpRequest.newBuilder(URI.create(host.publicUrl() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(health).as("healthz waits while beta starts").isNotDone();
        assertThat(get("/alpha/thing", "admin")).as("alpha serves meanwhile").isEqualTo(200);
        release.countDown();
        assertThat(health.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(events).contains("bootstrap beta [alpha, beta]");
    }

    @Test
    void theOtherModulesStartByThemselvesAfterTheDelay()
            throws Exception
    {
        List<String> events = new CopyOnWriteArrayList<>();
        TestModule beta = new TestModule("beta", BETA, Set.of(), Set.of(), events, context -> {});
        host = laterBuilder(events, beta).startLater(Duration.ofMillis(50), failure -> {}).start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!events.contains("bootstrap beta [alpha, beta]")) {
            assertThat(System.nanoTime()).as("beta started without a request").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aModuleThatFailsToStartLaterIsReportedAndItsRequestsAre503()
            throws Exception
    {
        List<String> events = new CopyOnWriteArrayList<>();
        TestModule beta = new TestModule("beta", BETA, Set.of(), Set.of(), events, context -> {
            throw new IllegalStateException("beta cannot open its store");
        });
        AtomicReference<Throwable> reported = new AtomicReference<>();
        host = laterBuilder(events, beta).startLater(Duration.ofHours(1), reported::set).start();

        assertThat(get("/beta/thing", "reader")).isEqualTo(503);
        assertThat(reported.get()).hasMessage("beta cannot open its store");
        assertThat(get("/beta/thing", "reader")).isEqualTo(503);
        assertThat(get("/alpha/thing", "admin")).isEqualTo(200);
    }

    @Test
    void aModuleStartedLaterMayAskForASecondListener()
            throws Exception
    {
        List<String> events = new CopyOnWriteArrayList<>();
        TestModule beta = new TestModule("beta", BETA, Set.of(), Set.of(), events,
                context -> context.listen(new ModuleListener("side", "127.0.0.1:0", kernel -> kernel)));
        host = laterBuilder(events, beta).startLater(Duration.ofHours(1), failure -> {}).start();

        int side = host.listenerPort("side").orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + side + "/beta/thing")).header("X-Auth-Token", "reader").build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(get("/beta/thing", "reader")).isEqualTo(200);
    }

    @Test
    void closingBeforeTheOtherModulesStartNeverStartsThem()
            throws Exception
    {
        List<String> events = new CopyOnWriteArrayList<>();
        TestModule beta = new TestModule("beta", BETA, Set.of(), Set.of(), events, context -> {});
        host = laterBuilder(events, beta).startLater(Duration.ofHours(1), failure -> {}).start();
        host.close();
        host = null;
        assertThat(events).containsExactly("start alpha", "bootstrap alpha [alpha, beta]", "close alpha");
    }

    interface Greeting
    {
        String greet();
    }

    interface Farewell
    {
        String bye();
    }

    /** A test module that declares two widgets per project. */
    private record QuotaModule(TestModule delegate, java.util.function.Consumer<ModuleContext> onStart)
            implements XloudModule
    {
        @Override
        public String name()
        {
            return delegate.name();
        }

        @Override
        public Map<String, String> policyDefaults()
        {
            return delegate.policyDefaults();
        }

        @Override
        public List<QuotaResource> quotaResources()
        {
            return List.of(new QuotaResource("widgets", 2));
        }

        @Override
        public io.xloud.core.error.ErrorCode quotaExceeded()
        {
            return CoreErrorCode.CONFLICT;
        }

        @Override
        public void start(ModuleContext context)
        {
            onStart.accept(context);
        }

        @Override
        public List<io.xloud.core.http.ServiceModule> http()
        {
            return delegate.http();
        }
    }
}
