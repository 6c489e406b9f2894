package io.xloud.server;

import io.xloud.core.auth.TokenValidator;
import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.events.EventsXloudModule;
import io.xloud.core.http.Kernel;
import io.xloud.core.jobs.JobSystem;
import io.xloud.core.module.ModuleHost;
import io.xloud.core.module.PortAdapter;
import io.xloud.core.module.XloudModule;
import io.xloud.identity.IdentityXloudModule;
import io.xloud.image.ImageXloudModule;
import io.xloud.image.service.ImageBytes;
import io.xloud.network.NetworkXloudModule;
import io.xloud.network.service.AdminProject;
import io.xloud.objectstore.ObjectStoreXloudModule;
import io.xloud.objectstore.s3.S3Credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The whole platform in one process: configuration, database, then every module of this build started, wired
 * and served by a {@link ModuleHost}. What a service needs from another is a port of its own, made here by an
 * adapter over the other's module.
 */
public final class Platform
        implements AutoCloseable
{
    private final XloudConfig config;
    private final Path dataDir;
    private final Database database;
    /** How long after serving the services that tokens do not need start, unless a request needs one sooner. */
    static final Duration LATER_START = Duration.ofSeconds(1);

    private final ModuleHost host;

    private Platform(XloudConfig config, Path dataDir, Database database, ModuleHost host)
    {
        this.config = config;
        this.dataDir = dataDir;
        this.database = database;
        this.host = host;
    }

    /** The modules of this build, in catalog order; a new set per start. */
    public static List<XloudModule> modules(Optional<String> adminPasswordFromEnvironment)
    {
        return List.of(new IdentityXloudModule(adminPasswordFromEnvironment), new ObjectStoreXloudModule(), new ImageXloudModule(),
                new NetworkXloudModule(),
                new EventsXloudModule());
    }

    /** Ports one module needs, made from another. */
    static List<PortAdapter<?, ?>> adapters()
    {
        return List.of(PortAdapter.of(S3Credentials.class, IdentityXloudModule.class, identity -> new IdentityS3Credentials(identity.services().ec2Credentials())),
                PortAdapter.of(ImageBytes.class, ObjectStoreXloudModule.class, objects -> new ObjectStoreImageBytes(objects.objectStore().objects())),
                PortAdapter.of(AdminProject.class, IdentityXloudModule.class, identity -> () -> identity.services().projects().projects().stream()
                        .filter(project -> project.name().equals("admin") && project.domainId().equals("default"))
                        .map(project -> project.id()).findFirst()));
    }

    public static List<XloudConfig.Key> settings()
    {
        return XloudModule.settings(modules(Optional.empty()));
    }

    public static Platform start(XloudConfig config, Optional<String> adminPasswordFromEnvironment)
            throws Exception
    {
        return start(config, modules(adminPasswordFromEnvironment));
    }

    /**
     * Starts the platform the way {@code xloud serve} does: it serves tokens as soon as identity runs, and starts
     * the other services a second later, or at the first request that needs one of them. A failure to start one of
     * those goes to {@code laterFailure}.
     */
    public static Platform serve(XloudConfig config, Optional<String> adminPasswordFromEnvironment, Consumer<Throwable> laterFailure)
            throws Exception
    {
        return start(config, modules(adminPasswordFromEnvironment), host -> host.startLater(LATER_START, laterFailure));
    }

    public static Platform start(XloudConfig config, List<XloudModule> modules)
            throws Exception
    {
        return start(config, modules, host -> {});
    }

    private static Platform start(XloudConfig config, List<XloudModule> modules, Consumer<ModuleHost.Builder> options)
            throws Exception
    {
        requireNonNull(modules, "modules is null");
        Path dataDir = Path.of(config.get(CoreSettings.DATA_DIR)).toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        String dbUrl = config.optional(CoreSettings.DB_URL).orElse(Database.embeddedUrl(dataDir));
        Database database = Database.open(dbUrl, config.get(CoreSettings.DB_USER), config.get(CoreSettings.DB_PASSWORD),
                config.getInt(CoreSettings.DB_POOL_SIZE));
        try {
            ModuleHost.Builder host = ModuleHost.builder(config, database).modules(modules);
            adapters().forEach(host::adapter);
            options.accept(host);
            return new Platform(config, dataDir, database, host.start());
        }
        catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    public String publicUrl()
    {
        return host.publicUrl();
    }

    public int port()
    {
        return host.port();
    }

    /** A module of this platform by its class, e.g. {@code module(ObjectStoreXloudModule.class).objectStore()}. */
    public <T extends XloudModule> T module(Class<T> type)
    {
        return host.module(type).orElseThrow(() -> new IllegalArgumentException("no module " + type.getSimpleName() + " is loaded"));
    }

    /** The port of a module's extra listener ({@code s3} when {@code s3_listen} is set). */
    public OptionalInt listenerPort(String name)
    {
        return host.listenerPort(name);
    }

    /** The cluster's durable jobs, as this node runs them. */
    public JobSystem jobs()
    {
        return host.jobs();
    }

    public Kernel kernel()
    {
        return host.kernel();
    }

    public TokenValidator tokens()
    {
        return host.port(TokenValidator.class).orElseThrow();
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public XloudConfig config()
    {
        return config;
    }

    public void join()
            throws InterruptedException
    {
        host.join();
    }

    @Override
    public void close()
            throws Exception
    {
        try {
            host.close();
        }
        finally {
            database.close();
        }
    }
}
