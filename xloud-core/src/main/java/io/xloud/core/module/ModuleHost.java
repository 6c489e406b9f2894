package io.xloud.core.module;

import io.xloud.core.auth.TokenValidator;
import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.http.HttpServer;
import io.xloud.core.http.Kernel;
import io.xloud.core.jobs.JobSettings;
import io.xloud.core.jobs.JobSystem;
import io.xloud.core.http.ServiceModule;
import io.xloud.core.limits.QuotaService;
import io.xloud.core.limits.RateLimiter;
import io.xloud.core.metrics.Metrics;
import io.xloud.core.policy.PolicyEngine;
import io.xloud.core.policy.ServicePolicies;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Runs modules on a migrated database: starts them in the order of their ports, builds the kernel from their
 * HTTP faces and policies, binds the listeners, bootstraps, serves, and runs their scheduled tasks. The
 * platform runs every module through it; a test runs one module through it, with fakes for the ports it needs.
 */
public final class ModuleHost
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ModuleHost.class);

    private final List<XloudModule> started;
    private final Ports ports;
    private final Kernel kernel;
    private final HttpServer server;
    private final Map<String, HttpServer> listeners;
    private final ScheduledExecutorService scheduler;
    private final JobSystem jobs;
    private final AtomicReference<String> publicUrl;
    private volatile LaterStart later;

    private ModuleHost(List<XloudModule> started, Ports ports, Kernel kernel, HttpServer server, Map<String, HttpServer> listeners,
            ScheduledExecutorService scheduler, JobSystem jobs, AtomicReference<String> publicUrl)
    {
        this.started = started;
        this.ports = ports;
        this.kernel = kernel;
        this.server = server;
        this.listeners = listeners;
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.publicUrl = publicUrl;
    }

    public static Builder builder(XloudConfig config, Database database)
    {
        return new Builder(config, database);
    }

    /** Each module's policy, its defaults with its override files applied; a malformed rule or file throws, naming it. */
    public static ServicePolicies policies(List<? extends XloudModule> modules, Path dataDir, XloudConfig config)
    {
        Map<String, Map<String, String>> defaults = new LinkedHashMap<>();
        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        for (XloudModule module : modules) {
            defaults.put(module.name(), module.policyDefaults());
            Map<String, String> merged = new LinkedHashMap<>();
            for (Path file : module.policyFiles(dataDir, config)) {
                merged.putAll(PolicyEngine.loadOverrides(file));
            }
            overrides.put(module.name(), merged);
        }
        return ServicePolicies.of(defaults, overrides);
    }

    public static final class Builder
    {
        private final XloudConfig config;
        private final Database database;
        private final List<XloudModule> modules = new ArrayList<>();
        private final List<PortAdapter<?, ?>> adapters = new ArrayList<>();
        private final Ports given = new Ports();
        private Clock clock = Clock.systemUTC();
        private Duration later;
        private Consumer<Throwable> laterFailure = failure -> {};

        private Builder(XloudConfig config, Database database)
        {
            this.config = requireNonNull(config, "config is null");
            this.database = requireNonNull(database, "database is null");
        }

        public Builder module(XloudModule module)
        {
            modules.add(requireNonNull(module, "module is null"));
            return this;
        }

        public Builder modules(List<? extends XloudModule> modules)
        {
            modules.forEach(this::module);
            return this;
        }

        public Builder adapter(PortAdapter<?, ?> adapter)
        {
            adapters.add(requireNonNull(adapter, "adapter is null"));
            return this;
        }

        /** A port no module offers, e.g. a fake in a test of one module. */
        public <T> Builder port(Class<T> port, T implementation)
        {
            given.offer(port, implementation, "the host");
            return this;
        }

        public Builder clock(Clock clock)
        {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /**
         * Serves once the modules that answer for tokens have started (the one offering {@link TokenValidator} and
         * what it needs); the others start after that, when a request first needs one of them (a request for a path
         * no started module serves, or {@code /healthz}) or {@code after} serving began, whichever comes first.
         * Their failure to start goes to {@code failure}, and requests for them are then answered 503.
         */
        public Builder startLater(Duration after, Consumer<Throwable> failure)
        {
            this.later = requireNonNull(after, "after is null");
            this.laterFailure = requireNonNull(failure, "failure is null");
            return this;
        }

        /** Starts every module (or, with {@link #startLater}, those serving tokens) and serves; on failure, closes what started and throws. */
        public ModuleHost start()
                throws Exception
        {
            return ModuleHost.start(this);
        }
    }

    private static ModuleHost start(Builder setup)
            throws Exception
    {
        XloudConfig config = setup.config;
        Path dataDir = Path.of(config.get(CoreSettings.DATA_DIR)).toAbsolutePath().normalize();
        Set<String> names = new java.util.HashSet<>();
        for (XloudModule module : setup.modules) {
            if (!names.add(module.name())) {
                throw new IllegalStateException("two modules are named " + module.name());
            }
        }
        Phases phases = new Phases();
        List<XloudModule> order = ModuleOrder.of(setup.modules, setup.adapters, setup.given.types());
        List<XloudModule> tokenModules = setup.later == null ? List.of() : ModuleOrder.neededFor(TokenValidator.class, order, setup.adapters, setup.given.types());
        List<XloudModule> first = tokenModules.isEmpty() ? order : tokenModules;
        List<XloudModule> rest = order.stream().filter(module -> !first.contains(module)).toList();
        setup.database.migrate("core");
        for (XloudModule module : first) {
            module.migrations().forEach(setup.database::migrate);
        }
        phases.mark("migrations");
        ServicePolicies policies = policies(setup.modules, dataDir, config);
        phases.mark("policies");

        String listen = config.get(CoreSettings.LISTEN);
        HostPort main = HostPort.parse(CoreSettings.LISTEN, listen);
        AtomicReference<String> publicUrl = new AtomicReference<>(config.optional(CoreSettings.PUBLIC_URL)
                .map(url -> url.replaceAll("/+$", "")).orElse("http://" + listen));
        long grace = config.getLong(CoreSettings.SHUTDOWN_GRACE_SECONDS) * 1000;
        Ports ports = new Ports();
        ports.putAll(setup.given);
        List<XloudModule> started = new CopyOnWriteArrayList<>();
        Map<String, HttpServer> listeners = new ConcurrentHashMap<>();
        HttpServer server = null;
        ScheduledExecutorService scheduler = null;
        // modules register job handlers and periodic jobs as they start; claiming begins once the node serves
        JobSystem jobs = JobSystem.create(setup.database, JobSettings.from(config, Duration.ofMillis(grace)));
        Starter starter = new Starter(setup, dataDir, publicUrl, ports, started, jobs, grace);
        phases.mark("jobs");
        try {
            for (XloudModule module : first) {
                starter.start(module);
                phases.mark(module.name());
            }
            List<CatalogEntry> catalog = setup.modules.stream().flatMap(module -> module.catalog().stream()).toList();
            String identityPath = catalog.stream().filter(entry -> entry.type().equals("identity")).map(CatalogEntry::path).findFirst().orElse("/identity");
            TokenValidator tokens = ports.find(TokenValidator.class)
                    .orElseThrow(() -> new IllegalStateException("no module offers a TokenValidator, which the kernel needs"));
            Kernel kernel = new Kernel(starter.faces(first), policies, tokens,
                    new RateLimiter(config.getLong(CoreSettings.RATE_LIMIT_PER_SECOND), config.getLong(CoreSettings.RATE_LIMIT_BURST)),
                    new Metrics(), config.getLong(CoreSettings.MAX_REQUEST_BODY_SIZE), () -> publicUrl.get() + identityPath);
            phases.mark("kernel");
            server = new HttpServer(main.host(), main.port(), kernel, grace);
            // bound now, served only after bootstrap: /healthz answering means the cloud is ready
            List<HttpServer> extra = starter.bindListeners(kernel, listeners);
            server.bind();
            if (config.optional(CoreSettings.PUBLIC_URL).isEmpty()) {
                publicUrl.set("http://" + (main.host().equals("0.0.0.0") ? "127.0.0.1" : main.host()) + ":" + server.port());
            }
            phases.mark("listeners");
            for (XloudModule module : first) {
                module.bootstrap(catalog);
            }
            phases.mark("bootstrap");
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("xloud-scheduler").factory());
            // before the first request can arrive: a request for what starts later waits for it
            LaterStart later = rest.isEmpty() ? null : new LaterStart(rest, starter, catalog, kernel, listeners, scheduler, setup.laterFailure);
            if (later != null) {
                kernel.pending(later);
            }
            server.start();
            for (HttpServer listener : extra) {
                listener.start();
            }
            starter.scheduleTasks(scheduler);
            jobs.start();
            ModuleHost host = new ModuleHost(started, ports, kernel, server, listeners, scheduler, jobs, publicUrl);
            if (later != null) {
                host.later = later;
                scheduler.schedule(later::begin, setup.later.toMillis(), TimeUnit.MILLISECONDS);
            }
            phases.mark("serving");
            LOG.info("start phases: {}{}", phases, rest.isEmpty() ? "" : "; starting later: " + rest.stream().map(XloudModule::name).toList());
            return host;
        }
        catch (Exception | Error e) {
            try {
                closeAll(scheduler, jobs, listeners, server, started);
            }
            catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** How long each step of a start took, for one log line: where a slow start spends its time. */
    private static final class Phases
    {
        private final StringBuilder text = new StringBuilder();
        private long mark = System.nanoTime();

        void mark(String name)
        {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append((now - mark) / 1_000_000).append(" ms");
            mark = now;
        }

        @Override
        public String toString()
        {
            return text.toString();
        }
    }

    /** Starts modules one after another, first on the thread that serves, later on another; one at a time. */
    private static final class Starter
    {
        private final Builder setup;
        private final Path dataDir;
        private final AtomicReference<String> publicUrl;
        private final Ports ports;
        private final List<XloudModule> started;
        private final JobSystem jobs;
        private final long grace;
        private final List<ModuleListener> wanted = new ArrayList<>();
        private final List<ScheduledTask> tasks = new ArrayList<>();
        private int listenersBound;
        private int tasksScheduled;

        Starter(Builder setup, Path dataDir, AtomicReference<String> publicUrl, Ports ports, List<XloudModule> started, JobSystem jobs, long grace)
        {
            this.setup = setup;
            this.dataDir = dataDir;
            this.publicUrl = publicUrl;
            this.ports = ports;
            this.started = started;
            this.jobs = jobs;
            this.grace = grace;
        }

        void start(XloudModule module)
                throws Exception
        {
            for (Class<?> port : module.needs()) {
                if (!ports.has(port)) {
                    adapt(port, setup.adapters, started, ports);
                }
            }
            Context context = new Context(module, setup.config, setup.database, dataDir, publicUrl::get, setup.clock, ports, wanted, tasks, jobs);
            started.add(module);
            module.start(context);
            for (Class<?> port : module.offers()) {
                if (!ports.has(port)) {
                    throw new IllegalStateException("module " + module.name() + " declares port " + port.getSimpleName() + " but did not offer it");
                }
            }
        }

        List<ServiceModule> faces(List<XloudModule> modules)
        {
            List<ServiceModule> faces = new ArrayList<>();
            for (XloudModule module : modules) {
                for (ServiceModule face : module.http()) {
                    if (!face.policyNamespace().equals(module.name())) {
                        throw new IllegalStateException("HTTP face " + face.name() + " of module " + module.name() + " enforces the rules of "
                                + face.policyNamespace());
                    }
                    faces.add(face);
                }
            }
            return faces;
        }

        /** Binds the listeners modules asked for since the last call, and adds them to {@code listeners}; returns them. */
        List<HttpServer> bindListeners(Kernel kernel, Map<String, HttpServer> listeners)
                throws Exception
        {
            List<HttpServer> bound = new ArrayList<>();
            for (ModuleListener listener : wanted.subList(listenersBound, wanted.size())) {
                HostPort address = HostPort.parse(listener.name() + " listener", listener.address());
                HttpServer server = new HttpServer(address.host(), address.port(), listener.handler().apply(forwardingTo(kernel)), grace);
                if (listeners.putIfAbsent(listener.name(), server) != null) {
                    throw new IllegalStateException("two listeners are named " + listener.name());
                }
                server.bind();
                bound.add(server);
            }
            listenersBound = wanted.size();
            return bound;
        }

        /**
         * The kernel as a second server's handler: it hands each request to the kernel, which stays the main
         * server's own (Jetty refuses to give a running handler to another server, as a later start would).
         */
        private static Handler forwardingTo(Kernel kernel)
        {
            return new Handler.Abstract()
            {
                @Override
                public boolean handle(Request request, Response response, Callback callback)
                        throws Exception
                {
                    return kernel.handle(request, response, callback);
                }
            };
        }

        /** Runs the tasks modules scheduled since the last call. */
        void scheduleTasks(ScheduledExecutorService scheduler)
        {
            for (ScheduledTask task : tasks.subList(tasksScheduled, tasks.size())) {
                long millis = task.period().toMillis();
                scheduler.scheduleWithFixedDelay(task::runLogged, millis, millis, TimeUnit.MILLISECONDS);
            }
            tasksScheduled = tasks.size();
        }
    }

    /** The modules that start after the node serves: on a thread of their own, once. */
    private static final class LaterStart
            implements Kernel.PendingServices
    {
        private final List<XloudModule> modules;
        private final Starter starter;
        private final List<CatalogEntry> catalog;
        private final Kernel kernel;
        private final Map<String, HttpServer> listeners;
        private final ScheduledExecutorService scheduler;
        private final Consumer<Throwable> failure;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean begun = new AtomicBoolean();

        LaterStart(List<XloudModule> modules, Starter starter, List<CatalogEntry> catalog, Kernel kernel, Map<String, HttpServer> listeners,
                ScheduledExecutorService scheduler, Consumer<Throwable> failure)
        {
            this.modules = modules;
            this.starter = starter;
            this.catalog = catalog;
            this.kernel = kernel;
            this.listeners = listeners;
            this.scheduler = scheduler;
            this.failure = failure;
        }

        void begin()
        {
            if (begun.compareAndSet(false, true)) {
                Thread.ofPlatform().name("xloud-later-start").start(this::run);
            }
        }

        @Override
        public void await()
        {
            begin();
            try {
                done.join();
            }
            catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }

        /** For a close: keeps a start that has not begun from beginning, and waits for one under way. */
        void stop()
        {
            if (begun.compareAndSet(false, true)) {
                done.completeExceptionally(new IllegalStateException("the node is closing"));
                kernel.started();
                return;
            }
            done.exceptionally(ignored -> null).join();
        }

        private void run()
        {
            Phases phases = new Phases();
            try {
                for (XloudModule module : modules) {
                    module.migrations().forEach(starter.setup.database::migrate);
                }
                phases.mark("migrations");
                for (XloudModule module : modules) {
                    starter.start(module);
                    phases.mark(module.name());
                }
                kernel.add(starter.faces(modules));
                phases.mark("kernel");
                for (HttpServer listener : starter.bindListeners(kernel, listeners)) {
                    listener.start();
                }
                phases.mark("listeners");
                for (XloudModule module : modules) {
                    module.bootstrap(catalog);
                }
                phases.mark("bootstrap");
                starter.scheduleTasks(scheduler);
                LOG.info("later start phases: {}", phases);
                done.complete(null);
                kernel.started();
            }
            catch (Exception | Error e) {
                // requests for what did not start keep finding the failure (503)
                LOG.error("modules {} failed to start", modules.stream().map(XloudModule::name).toList(), e);
                // reported before any waiting request is answered
                try {
                    failure.accept(e);
                }
                finally {
                    done.completeExceptionally(e);
                }
            }
        }
    }

    private static void adapt(Class<?> port, List<PortAdapter<?, ?>> adapters, List<XloudModule> started, Ports ports)
    {
        for (PortAdapter<?, ?> adapter : adapters) {
            if (adapter.port().equals(port)) {
                XloudModule from = started.stream().filter(adapter.from()::isInstance).findFirst()
                        .orElseThrow(() -> new IllegalStateException("adapter to " + port.getSimpleName() + " needs " + adapter.from().getSimpleName()
                                + " started first"));
                offerAdapted(adapter, from, ports);
                return;
            }
        }
    }

    private static <T> void offerAdapted(PortAdapter<?, T> adapter, XloudModule from, Ports ports)
    {
        ports.offer(adapter.port(), adapter.adapt(from), "adapter from " + from.name());
    }

    public Kernel kernel()
    {
        return kernel;
    }

    public int port()
    {
        return server.port();
    }

    /** The port of a module's extra listener, when it asked for one. */
    public OptionalInt listenerPort(String name)
    {
        if (!listeners.containsKey(name)) {
            awaitLater();
        }
        HttpServer listener = listeners.get(name);
        return listener == null ? OptionalInt.empty() : OptionalInt.of(listener.port());
    }

    public String publicUrl()
    {
        return publicUrl.get();
    }

    /** A running module by its class. */
    public <T extends XloudModule> Optional<T> module(Class<T> type)
    {
        if (started.stream().noneMatch(type::isInstance)) {
            awaitLater();
        }
        return started.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Waits for the modules that start after serving, starting them now if they had not begun; true when they all run. */
    private boolean awaitLater()
    {
        LaterStart pending = later;
        if (pending == null) {
            return true;
        }
        try {
            pending.await();
            return true;
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    public List<XloudModule> modules()
    {
        return started;
    }

    /** A port offered by a module, an adapter or the host. */
    public <T> Optional<T> port(Class<T> port)
    {
        if (ports.find(port).isEmpty()) {
            awaitLater();
        }
        return ports.find(port);
    }

    public void join()
            throws InterruptedException
    {
        server.join();
    }

    /** The cluster's durable jobs, as this node runs them. */
    public JobSystem jobs()
    {
        return jobs;
    }

    /**
     * Stops the tasks, the listeners, the job system (running jobs finish or are given back while the modules and
     * the database are still open), then the modules in the reverse order of their start.
     */
    @Override
    public void close()
            throws Exception
    {
        LaterStart pending = later;
        if (pending != null) {
            pending.stop();
        }
        closeAll(scheduler, jobs, listeners, server, started);
    }

    private static void closeAll(ScheduledExecutorService scheduler, JobSystem jobs, Map<String, HttpServer> listeners, HttpServer server,
            List<XloudModule> started)
            throws Exception
    {
        Exception failure = null;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        List<AutoCloseable> closing = new ArrayList<>(listeners.values());
        if (server != null) {
            closing.add(server);
        }
        closing.add(jobs::close);
        closing.addAll(started.reversed());
        for (AutoCloseable closeable : closing) {
            try {
                closeable.close();
            }
            catch (Exception e) {
                if (failure == null) {
                    failure = e;
                }
                else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private record HostPort(String host, int port)
    {
        static HostPort parse(String setting, String value)
        {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(setting + " must be host:port, not '" + value + "'");
            }
            try {
                return new HostPort(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting + " must be host:port, not '" + value + "'");
            }
        }
    }

    private record ScheduledTask(String name, Duration period, Runnable task)
    {
        void runLogged()
        {
            try {
                task.run();
            }
            catch (RuntimeException e) {
                LOG.warn("{} failed: {}", name, e.toString());
            }
        }
    }

    private static final class Context
            implements ModuleContext
    {
        private final XloudModule module;
        private final XloudConfig config;
        private final Database database;
        private final Path dataDir;
        private final Supplier<String> publicUrl;
        private final Clock clock;
        private final Ports ports;
        private final List<ModuleListener> listeners;
        private final List<ScheduledTask> tasks;
        private final JobSystem jobs;
        private QuotaService quotas;

        Context(XloudModule module, XloudConfig config, Database database, Path dataDir, Supplier<String> publicUrl, Clock clock, Ports ports,
                List<ModuleListener> listeners, List<ScheduledTask> tasks, JobSystem jobs)
        {
            this.jobs = jobs;
            this.module = module;
            this.config = config;
            this.database = database;
            this.dataDir = dataDir;
            this.publicUrl = publicUrl;
            this.clock = clock;
            this.ports = ports;
            this.listeners = listeners;
            this.tasks = tasks;
        }

        @Override
        public XloudConfig config()
        {
            return config;
        }

        @Override
        public JobSystem jobs()
        {
            return jobs;
        }

        @Override
        public Database database()
        {
            return database;
        }

        @Override
        public Path dataDir()
        {
            return dataDir;
        }

        @Override
        public Supplier<String> publicUrl()
        {
            return publicUrl;
        }

        @Override
        public Clock clock()
        {
            return clock;
        }

        @Override
        public <T> T need(Class<T> port)
        {
            if (!module.needs().contains(port)) {
                throw new IllegalStateException("module " + module.name() + " takes port " + port.getSimpleName() + " without declaring it in needs()");
            }
            return ports.find(port).orElseThrow(() -> new IllegalStateException("nothing provides port " + port.getSimpleName()
                    + " to module " + module.name()));
        }

        @Override
        public <T> void offer(Class<T> port, T implementation)
        {
            if (!module.offers().contains(port)) {
                throw new IllegalStateException("module " + module.name() + " offers port " + port.getSimpleName() + " without declaring it in offers()");
            }
            ports.offer(port, implementation, module.name());
        }

        @Override
        public synchronized QuotaService quotas()
        {
            if (quotas == null) {
                Map<String, Long> defaults = new HashMap<>();
                for (QuotaResource resource : module.quotaResources()) {
                    if (defaults.put(resource.name(), resource.defaultLimit()) != null) {
                        throw new IllegalStateException("module " + module.name() + " declares quota resource " + resource.name() + " twice");
                    }
                }
                quotas = new QuotaService(module.name(), defaults, module.quotaExceeded());
            }
            return quotas;
        }

        @Override
        public void schedule(String name, Duration period, Runnable task)
        {
            requireNonNull(name, "name is null");
            requireNonNull(task, "task is null");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period of " + name + " must be positive");
            }
            tasks.add(new ScheduledTask(module.name() + ": " + name, period, task));
        }

        @Override
        public void listen(ModuleListener listener)
        {
            listeners.add(requireNonNull(listener, "listener is null"));
        }
    }
}
