package io.xloud.server;

import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.http.HttpServer;
import io.xloud.core.http.Kernel;
import io.xloud.core.http.ServiceModule;
import io.xloud.core.limits.RateLimiter;
import io.xloud.core.metrics.Metrics;
import io.xloud.core.policy.PolicyEngine;
import io.xloud.identity.IdentityModule;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.api.IdentityApi;
import io.xloud.identity.service.AuthService;
import io.xloud.identity.service.Bootstrap;
import io.xloud.identity.service.FernetKeys;
import io.xloud.identity.service.IdentityServices;
import io.xloud.identity.service.PasswordHasher;
import io.xloud.identity.service.TokenService;
import io.xloud.identity.store.IdentityStore;
import io.xloud.objectstore.ObjectStore;
import io.xloud.objectstore.ObjectStoreSettings;
import io.xloud.objectstore.api.S3Listener;
import io.xloud.objectstore.api.S3Module;
import io.xloud.objectstore.api.S3Settings;
import io.xloud.objectstore.api.SwiftModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The whole platform in one process: configuration, database, every service, the HTTP listener. */
public final class Platform
        implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /** The catalog this build serves; a service joins it when its module lands. */
    static final List<Bootstrap.CatalogEntry> CATALOG = List.of(
            new Bootstrap.CatalogEntry("identity", "keystone", "/identity"),
            new Bootstrap.CatalogEntry("object-store", "swift", "/object-store/v1/AUTH_$(project_id)s"),
            new Bootstrap.CatalogEntry("s3", "s3", "/s3"));

    private final XloudConfig config;
    private final Path dataDir;
    private final Database database;
    private final HttpServer server;
    private final Optional<HttpServer> s3Server;
    private final ObjectStore objectStore;
    private final Kernel kernel;
    private final TokenService tokens;
    private final IdentityStore identityStore;
    private final ScheduledExecutorService poller;
    private final AtomicReference<String> publicUrl;
    private final Optional<String> generatedPassword;
    private final String adminPassword;

    private Platform(XloudConfig config, Path dataDir, Database database, HttpServer server, Optional<HttpServer> s3Server, ObjectStore objectStore,
            Kernel kernel, TokenService tokens, IdentityStore identityStore, ScheduledExecutorService poller, AtomicReference<String> publicUrl,
            Optional<String> generatedPassword, String adminPassword)
    {
        this.s3Server = s3Server;
        this.objectStore = objectStore;
        this.config = config;
        this.dataDir = dataDir;
        this.database = database;
        this.server = server;
        this.kernel = kernel;
        this.tokens = tokens;
        this.identityStore = identityStore;
        this.poller = poller;
        this.publicUrl = publicUrl;
        this.generatedPassword = generatedPassword;
        this.adminPassword = adminPassword;
    }

    public static List<XloudConfig.Key> settings()
    {
        List<XloudConfig.Key> keys = new ArrayList<>(CoreSettings.keys());
        keys.addAll(IdentitySettings.keys());
        keys.addAll(ObjectStoreSettings.keys());
        keys.addAll(S3Settings.keys());
        return keys;
    }

    public static Platform start(XloudConfig config, Optional<String> adminPasswordFromEnvironment)
            throws Exception
    {
        Path dataDir = Path.of(config.get(CoreSettings.DATA_DIR)).toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        String dbUrl = config.optional(CoreSettings.DB_URL).orElse(Database.embeddedUrl(dataDir));
        Database database = Database.open(dbUrl, config.get(CoreSettings.DB_USER), config.get(CoreSettings.DB_PASSWORD),
                config.getInt(CoreSettings.DB_POOL_SIZE));
        ObjectStore objectStore = null;
        try {
            database.migrate("core");
            database.migrate("identity");
            database.migrate("object-store");

            Path passwordFile = dataDir.resolve("admin-password");
            Optional<String> generated = Optional.empty();
            String adminPassword;
            if (adminPasswordFromEnvironment.isPresent()) {
                adminPassword = adminPasswordFromEnvironment.get();
            }
            else if (Files.isRegularFile(passwordFile)) {
                adminPassword = Files.readString(passwordFile).strip();
            }
            else {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                adminPassword = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                generated = Optional.of(adminPassword);
            }
            IdentitySettings identitySettings = IdentitySettings.from(config);
            FernetKeys keys = new FernetKeys(dataDir.resolve("fernet-keys"));
            keys.initialize();
            IdentityStore identityStore = new IdentityStore(database.jdbi());
            TokenService tokens = new TokenService(identityStore, keys, identitySettings);
            PasswordHasher hasher = new PasswordHasher(identitySettings.passwordHashRounds());
            // on a first start, bcrypt of the admin password (a quarter second) overlaps the rest of start-up
            String password = adminPassword;
            java.util.concurrent.CompletableFuture<String> adminHash = Bootstrap.needed(identityStore)
                    ? java.util.concurrent.CompletableFuture.supplyAsync(() -> hasher.hash(password), Executors.newVirtualThreadPerTaskExecutor())
                    : java.util.concurrent.CompletableFuture.completedFuture(null);
            AuthService auth = new AuthService(identityStore, tokens, hasher, identitySettings);

            String listen = config.get(CoreSettings.LISTEN);
            int colon = listen.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("listen must be host:port, not '" + listen + "'");
            }
            String host = listen.substring(0, colon);
            int port = Integer.parseInt(listen.substring(colon + 1));
            AtomicReference<String> publicUrl = new AtomicReference<>(config.optional(CoreSettings.PUBLIC_URL)
                    .map(url -> url.replaceAll("/+$", "")).orElse("http://" + listen));
            IdentityServices identityServices = new IdentityServices(identityStore, tokens, auth, hasher, identitySettings);
            IdentityApi identityApi = new IdentityApi(identityServices, publicUrl::get);

            ObjectStoreSettings objectStoreSettings = ObjectStoreSettings.from(config);
            objectStore = ObjectStore.start(database, dataDir, objectStoreSettings);
            S3Module s3 = new S3Module(objectStore.objects(), new IdentityS3Credentials(identityServices.ec2Credentials()), identitySettings.region(),
                    java.time.Clock.systemUTC());
            List<ServiceModule> modules = List.of(new IdentityModule(identityApi), s3, new SwiftModule(objectStore.objects(),
                    objectStore.maintenance(), objectStoreSettings.syncRealm(), objectStoreSettings.syncCluster(), objectStoreSettings.syncInterval()));
            Path policyFile = config.optional(CoreSettings.POLICY_FILE).map(Path::of).orElse(dataDir.resolve("policy.yaml"));
            Metrics metrics = new Metrics();
            Kernel kernel = new Kernel(modules, PolicyEngine.loadOverrides(policyFile), tokens,
                    new RateLimiter(config.getLong(CoreSettings.RATE_LIMIT_PER_SECOND), config.getLong(CoreSettings.RATE_LIMIT_BURST)),
                    metrics, config.getLong(CoreSettings.MAX_REQUEST_BODY_SIZE), () -> publicUrl.get() + "/identity");
            HttpServer server = new HttpServer(host, port, kernel, config.getLong(CoreSettings.SHUTDOWN_GRACE_SECONDS) * 1000);
            Optional<HttpServer> s3Server = config.optional(S3Settings.S3_LISTEN).filter(value -> !value.isBlank()).map(s3Listen -> {
                int s3Colon = s3Listen.lastIndexOf(':');
                if (s3Colon < 0) {
                    throw new IllegalArgumentException("s3_listen must be host:port, not '" + s3Listen + "'");
                }
                List<String> domains = List.of(config.optional(S3Settings.S3_DOMAINS).orElse("").split(","));
                return new HttpServer(s3Listen.substring(0, s3Colon), Integer.parseInt(s3Listen.substring(s3Colon + 1)), new S3Listener(kernel, domains),
                        config.getLong(CoreSettings.SHUTDOWN_GRACE_SECONDS) * 1000);
            });
            // bound now, served only after bootstrap: /healthz answering means the cloud is ready
            server.bind();
            if (s3Server.isPresent()) {
                s3Server.get().bind();
            }
            if (config.optional(CoreSettings.PUBLIC_URL).isEmpty()) {
                publicUrl.set("http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.port());
            }

            boolean bootstrapped = Bootstrap.run(identityStore, () -> adminHash.join() != null ? adminHash.join() : hasher.hash(password),
                    identitySettings.region(), publicUrl.get(), CATALOG);
            if (bootstrapped && (generated.isPresent() || !Files.exists(passwordFile))) {
                writeSecret(passwordFile, adminPassword);
            }
            if (!bootstrapped) {
                generated = Optional.empty();
            }
            CloudsYaml.write(dataDir.resolve("clouds.yaml"), publicUrl.get(), identitySettings.region(),
                    Files.isRegularFile(passwordFile) ? Files.readString(passwordFile).strip() : adminPassword);

            server.start();
            if (s3Server.isPresent()) {
                s3Server.get().start();
            }

            // every node follows the others' identity writes and key rotations within half a second
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("xloud-poller").factory());
            AtomicLong seen = new AtomicLong(identityStore.revision());
            poller.scheduleWithFixedDelay(() -> {
                try {
                    long revision = identityStore.revision();
                    if (seen.getAndSet(revision) != revision) {
                        identityStore.invalidateLocal();
                    }
                    keys.refresh();
                }
                catch (RuntimeException e) {
                    LOG.warn("identity poll failed: {}", e.toString());
                }
            }, 500, 500, TimeUnit.MILLISECONDS);
            return new Platform(config, dataDir, database, server, s3Server, objectStore, kernel, tokens, identityStore, poller, publicUrl, generated, adminPassword);
        }
        catch (Exception | Error e) {
            if (objectStore != null) {
                objectStore.close();
            }
            database.close();
            throw e;
        }
    }

    static void writeSecret(Path file, String secret)
            throws IOException
    {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, secret + "\n");
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public String publicUrl()
    {
        return publicUrl.get();
    }

    public int port()
    {
        return server.port();
    }

    public ObjectStore objectStore()
    {
        return objectStore;
    }

    /** The port of the S3 listener, when one is configured. */
    public OptionalInt s3Port()
    {
        return s3Server.map(s3 -> OptionalInt.of(s3.port())).orElse(OptionalInt.empty());
    }

    public Kernel kernel()
    {
        return kernel;
    }

    public TokenService tokens()
    {
        return tokens;
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public String adminPassword()
    {
        return adminPassword;
    }

    /** The admin password when this start generated it, to be shown once. */
    public Optional<String> generatedPassword()
    {
        return generatedPassword;
    }

    public XloudConfig config()
    {
        return config;
    }

    public void join()
            throws InterruptedException
    {
        server.join();
    }

    @Override
    public void close()
            throws Exception
    {
        poller.shutdownNow();
        try {
            try {
                if (s3Server.isPresent()) {
                    s3Server.get().close();
                }
            }
            finally {
                server.close();
            }
        }
        finally {
            try {
                objectStore.close();
            }
            finally {
                database.close();
            }
        }
    }
}
