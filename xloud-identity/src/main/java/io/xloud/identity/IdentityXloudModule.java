package io.xloud.identity;

import io.xloud.core.auth.TokenValidator;
import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.http.ServiceModule;
import io.xloud.core.jobs.PeriodicJob;
import io.xloud.core.module.CatalogEntry;
import io.xloud.core.module.ModuleContext;
import io.xloud.core.module.XloudModule;
import io.xloud.identity.api.IdentityApi;
import io.xloud.identity.api.IdentityPolicies;
import io.xloud.identity.service.AuthService;
import io.xloud.identity.service.Bootstrap;
import io.xloud.identity.service.FernetKeys;
import io.xloud.identity.service.PasswordHasher;
import io.xloud.identity.service.TokenService;
import io.xloud.identity.service.IdentityServices;
import io.xloud.identity.store.IdentityStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Keystone v3 as a platform module: its settings, schema, catalog entry and policy; the Fernet keys, the admin
 * password and bootstrap, clouds.yaml; token validation offered to the kernel; every node following the others'
 * identity writes and key rotations.
 */
public final class IdentityXloudModule
        implements XloudModule
{
    public static final String NAME = "identity";
    /** The periodic job that deletes revocation events no token can outlive. */
    public static final String REVOCATION_PURGE_JOB = "identity.revocation-purge";

    private final Optional<String> adminPasswordFromEnvironment;

    private ModuleContext context;
    private IdentitySettings settings;
    private FernetKeys keys;
    private IdentityStore store;
    private IdentityServices services;
    private TokenService tokens;
    private PasswordHasher hasher;
    private IdentityModule http;
    private String adminPassword;
    private Optional<String> generatedPassword = Optional.empty();
    private CompletableFuture<String> adminHash;

    /** @param adminPasswordFromEnvironment the admin password to bootstrap with; else the one in data/admin-password, else a generated one */
    public IdentityXloudModule(Optional<String> adminPasswordFromEnvironment)
    {
        this.adminPasswordFromEnvironment = requireNonNull(adminPasswordFromEnvironment, "adminPasswordFromEnvironment is null");
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public List<XloudConfig.Key> settings()
    {
        return IdentitySettings.keys();
    }

    @Override
    public List<String> migrations()
    {
        return List.of("identity");
    }

    @Override
    public List<CatalogEntry> catalog()
    {
        return List.of(new CatalogEntry("identity", "keystone", "/identity"));
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return IdentityPolicies.defaults();
    }

    /** {@code policy_file} (default data/policy.yaml) as before services had files of their own, then data/policy/identity.yaml. */
    @Override
    public List<Path> policyFiles(Path dataDir, XloudConfig config)
    {
        Path legacy = config.optional(CoreSettings.POLICY_FILE).map(Path::of).orElse(dataDir.resolve("policy.yaml"));
        return List.of(legacy, dataDir.resolve("policy").resolve(NAME + ".yaml"));
    }

    @Override
    public Set<Class<?>> offers()
    {
        return Set.of(TokenValidator.class);
    }

    @Override
    public void start(ModuleContext context)
            throws Exception
    {
        this.context = context;
        Path dataDir = context.dataDir();
        Path passwordFile = dataDir.resolve("admin-password");
        if (adminPasswordFromEnvironment.isPresent()) {
            adminPassword = adminPasswordFromEnvironment.get();
        }
        else if (Files.isRegularFile(passwordFile)) {
            adminPassword = Files.readString(passwordFile).strip();
        }
        else {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            adminPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            generatedPassword = Optional.of(adminPassword);
        }
        settings = IdentitySettings.from(context.config());
        keys = new FernetKeys(dataDir.resolve("fernet-keys"));
        keys.initialize();
        store = new IdentityStore(context.database().jdbi());
        tokens = new TokenService(store, keys, settings);
        hasher = new PasswordHasher(settings.passwordHashRounds());
        // on a first start, bcrypt of the admin password (a quarter second) overlaps the rest of start-up
        String password = adminPassword;
        boolean firstStart = Bootstrap.needed(store);
        adminHash = firstStart
                ? CompletableFuture.supplyAsync(() -> hasher.hash(password), Executors.newVirtualThreadPerTaskExecutor())
                : CompletableFuture.completedFuture(null);
        if (!firstStart) {
            // on a restart, bcrypt is compiled while the other modules start, for the first password authentication
            Thread.ofVirtual().name("bcrypt-warm-up").start(hasher::warmUp);
        }
        AuthService auth = new AuthService(store, tokens, hasher, settings);
        Supplier<String> publicUrl = context.publicUrl();
        services = new IdentityServices(store, tokens, auth, hasher, settings);
        http = new IdentityModule(new IdentityApi(services, publicUrl));
        context.offer(TokenValidator.class, tokens);

        // expired revocation events are skipped when read; one node a period deletes them
        context.jobs().schedule(PeriodicJob.every(REVOCATION_PURGE_JOB, Duration.ofHours(1)),
                job -> "{\"deleted\":" + tokens.purgeExpiredRevocations() + "}");

        // every node follows the others' identity writes and key rotations within half a second
        AtomicLong seen = new AtomicLong(store.revision());
        context.schedule("identity revision poll", Duration.ofMillis(500), () -> {
            long revision = store.revision();
            if (seen.getAndSet(revision) != revision) {
                store.invalidateLocal();
            }
            keys.refresh();
        });
    }

    @Override
    public List<ServiceModule> http()
    {
        return List.of(http);
    }

    /** keystone-manage bootstrap on the first start; the catalog brought up to date on every start; clouds.yaml. */
    @Override
    public void bootstrap(List<CatalogEntry> catalog)
            throws Exception
    {
        Path passwordFile = context.dataDir().resolve("admin-password");
        String password = adminPassword;
        boolean bootstrapped = Bootstrap.run(store, () -> adminHash.join() != null ? adminHash.join() : hasher.hash(password),
                settings.region(), context.publicUrl().get(),
                catalog.stream().map(entry -> new Bootstrap.CatalogEntry(entry.type(), entry.name(), entry.path())).toList());
        if (bootstrapped && (generatedPassword.isPresent() || !Files.exists(passwordFile))) {
            writeSecret(passwordFile, adminPassword);
        }
        if (!bootstrapped) {
            generatedPassword = Optional.empty();
        }
        CloudsYaml.write(context.dataDir().resolve("clouds.yaml"), context.publicUrl().get(), settings.region(),
                Files.isRegularFile(passwordFile) ? Files.readString(passwordFile).strip() : adminPassword);
    }

    /** Identity's domain layer, for the ports other modules need from it. */
    public IdentityServices services()
    {
        return services;
    }

    public TokenService tokens()
    {
        return tokens;
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

    static void writeSecret(Path file, String secret)
            throws IOException
    {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, secret + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
