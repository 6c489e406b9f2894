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
import io.xloud.identity.service.PasswordHasher;
import io.xloud.identity.service.TokenService;
import io.xloud.identity.store.IdentityStore;
import io.xloud.objectstore.ObjectStore;
import io.xloud.objectstore.ObjectStoreSettings;
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
            new Bootstrap.CatalogEntry("object-store", "swift", "/object-store/v1/AUTH_$(project_id)s"));

    private final XloudConfig config;
    private final Path dataDir;
    private final Database database;
    private final HttpServer server;
    private final Kernel kernel;
    private final TokenService tokens;
    private final IdentityStore identityStore;
    private final ObjectStore objectStore;
    private final ScheduledExecutorService poller;
    private final AtomicReference<String> publicUrl;
    private final Optional<String> generatedPassword;
    private final String adminPassword;

    private Platform(XloudConfig config, Path dataDir, Database database, HttpServer server, Kernel kernel, TokenService tokens,
            IdentityStore identityStore, ObjectStore objectStore, ScheduledExecutorService poller, AtomicReference<String> publicUrl,
            Optional<String> generatedPassword, String adminPassword)
    {
        this.config = config;
        this.dataDir = dataDir;
        this.database = database;
        this.server = server;
        this.kernel = kernel;
        this.tokens = tokens;
        this.identityStore = identityStore;
        this.objectStore = objectStore;
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

            IdentitySettings identitySettings = IdentitySettings.from(config);
            FernetKeys keys = new FernetKeys(dataDir.resolve("fernet-keys"));
            keys.initialize();
            IdentityStore identityStore = new IdentityStore(database.jdbi());
            TokenService tokens = new TokenService(identityStore, keys, identitySettings);
            PasswordHasher hasher = new PasswordHasher(identitySettings.passwordHashRounds());
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
            IdentityApi identityApi = new IdentityApi(identityStore, tokens, auth, hasher, identitySettings, publicUrl::get);

            ObjectStoreSettings objectStoreSettings = ObjectStoreSettings.from(config);
            objectStore = ObjectStore.start(database, dataDir, objectStoreSettings);
            List<ServiceModule> modules = List.of(new IdentityModule(identityApi), new SwiftModule(objectStore.objects(), objectStore.maintenance(),
                    objectStoreSettings.syncRealm(), objectStoreSettings.syncCluster(), objectStoreSettings.syncInterval()));
            Path policyFile = config.optional(CoreSettings.POLICY_FILE).map(Path::of).orElse(dataDir.resolve("policy.yaml"));
            Metrics metrics = new Metrics();
            Kernel kernel = new Kernel(modules, PolicyEngine.loadOverrides(policyFile), tokens,
                    new RateLimiter(config.getLong(CoreSettings.RATE_LIMIT_PER_SECOND), config.getLong(CoreSettings.RATE_LIMIT_BURST)),
                    metrics, config.getLong(CoreSettings.MAX_REQUEST_BODY_SIZE), () -> publicUrl.get() + "/identity");
            HttpServer server = new HttpServer(host, port, kernel, config.getLong(CoreSettings.SHUTDOWN_GRACE_SECONDS) * 1000);
            // bound now, served only after bootstrap: /healthz answering means the cloud is ready
            server.bind();
            if (config.optional(CoreSettings.PUBLIC_URL).isEmpty()) {
                publicUrl.set("http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.port());
            }

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
            boolean bootstrapped = Bootstrap.run(identityStore, hasher, adminPassword, identitySettings.region(), publicUrl.get(), CATALOG);
            if (bootstrapped && (generated.isPresent() || !Files.exists(passwordFile))) {
                writeSecret(passwordFile, adminPassword);
            }
            if (!bootstrapped) {
                generated = Optional.empty();
            }
            CloudsYaml.write(dataDir.resolve("clouds.yaml"), publicUrl.get(), identitySettings.region(),
                    Files.isRegularFile(passwordFile) ? Files.readString(passwordFile).strip() : adminPassword);

            server.start();

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
            return new Platform(config, dataDir, database, server, kernel, tokens, identityStore, objectStore, poller, publicUrl, generated,
                    adminPassword);
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

    public Kernel kernel()
    {
        return kernel;
    }

    public TokenService tokens()
    {
        return tokens;
    }

    /** The object engine, which the Swift and S3 faces share. */
    public ObjectStore objectStore()
    {
        return objectStore;
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
            server.close();
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
