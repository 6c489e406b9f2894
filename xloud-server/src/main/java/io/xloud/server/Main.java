package io.xloud.server;

import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.module.ModuleHost;
import io.xloud.core.policy.ServicePolicies;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.IdentityXloudModule;
import io.xloud.identity.service.FernetKeys;
import io.xloud.objectstore.api.S3Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The launcher: {@code xloud serve}, {@code xloud fernet-rotate}, {@code xloud policy-list}. */
@Command(name = "xloud", mixinStandardHelpOptions = true, version = "xloud 0.1.0",
        description = "OpenStack APIs in one process.",
        subcommands = {Main.Serve.class, Main.FernetRotate.class, Main.PolicyList.class})
public final class Main
        implements Runnable
{
    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args)
    {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    static class Common
    {
        @Option(names = "--data-dir", description = "data directory (XLOUD_DATA_DIR, default ./data)")
        String dataDir;

        @Option(names = "--db-url", description = "JDBC URL (XLOUD_DB_URL, default the embedded H2 database)")
        String dbUrl;

        @Option(names = "--set", description = "any setting, key=value (repeatable)")
        Map<String, String> settings = new HashMap<>();

        XloudConfig config(Map<String, String> more)
        {
            Map<String, String> flags = new HashMap<>(settings);
            if (dataDir != null) {
                flags.put(CoreSettings.DATA_DIR, dataDir);
            }
            if (dbUrl != null) {
                flags.put(CoreSettings.DB_URL, dbUrl);
            }
            flags.putAll(more);
            Map<String, String> env = System.getenv();
            String directory = flags.getOrDefault(CoreSettings.DATA_DIR, env.getOrDefault("XLOUD_DATA_DIR", "./data"));
            return XloudConfig.load(Platform.settings(), Optional.of(Path.of(directory, "xloud.conf")), env, flags);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the platform in the foreground.")
    static final class Serve
            extends Common
            implements Callable<Integer>
    {
        @Option(names = "--listen", description = "host:port (XLOUD_LISTEN, default 127.0.0.1:8080)")
        String listen;

        @Option(names = "--public-url", description = "base URL in the catalog (XLOUD_PUBLIC_URL)")
        String publicUrl;

        @Option(names = "--s3-listen", description = "host:port of a second listener serving S3 at its root (XLOUD_S3_LISTEN, default none)")
        String s3Listen;

        @Override
        public Integer call()
                throws Exception
        {
            long start = System.nanoTime();
            Map<String, String> more = new HashMap<>();
            if (listen != null) {
                more.put(CoreSettings.LISTEN, listen);
            }
            if (publicUrl != null) {
                more.put(CoreSettings.PUBLIC_URL, publicUrl);
            }
            if (s3Listen != null) {
                more.put(S3Settings.S3_LISTEN, s3Listen);
            }
            XloudConfig config = config(more);
            Platform platform = Platform.start(config, Optional.ofNullable(System.getenv("XLOUD_ADMIN_PASSWORD")).filter(p -> !p.isEmpty()));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    platform.close();
                }
                catch (Exception e) {
                    System.err.println("shutdown: " + e);
                }
                stopped.countDown();
            }, "xloud-shutdown"));
            platform.module(IdentityXloudModule.class).generatedPassword().ifPresent(password -> System.out.println(
                    "Generated admin password (also in " + platform.dataDir().resolve("admin-password") + "): " + password));
            System.out.printf("Xloud serving on %s (data %s) in %d ms%n", platform.publicUrl(), platform.dataDir(),
                    (System.nanoTime() - start) / 1_000_000);
            System.out.println("export OS_CLIENT_CONFIG_FILE=" + platform.dataDir().resolve("clouds.yaml") + "; openstack --os-cloud xloud token issue");
            System.out.flush();
            platform.join();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "fernet-rotate", mixinStandardHelpOptions = true, description = "Rotate the Fernet token keys, as keystone-manage fernet_rotate.")
    static final class FernetRotate
            extends Common
            implements Callable<Integer>
    {
        @Override
        public Integer call()
        {
            XloudConfig config = config(Map.of());
            FernetKeys keys = new FernetKeys(Path.of(config.get(CoreSettings.DATA_DIR)).resolve("fernet-keys"));
            keys.rotate(IdentitySettings.from(config).fernetMaxActiveKeys());
            System.out.println("rotated Fernet keys in " + keys.directory());
            return 0;
        }
    }

    @Command(name = "policy-list", mixinStandardHelpOptions = true,
            description = "Print each service's effective policy rules, defaults with the policy files applied, as oslopolicy-policy-generator does.")
    static final class PolicyList
            extends Common
            implements Callable<Integer>
    {
        @Option(names = "--service", description = "only this service (identity, object-store, ...)")
        String service;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call()
        {
            XloudConfig config = config(Map.of());
            Path dataDir = Path.of(config.get(CoreSettings.DATA_DIR)).toAbsolutePath().normalize();
            ServicePolicies policies = ModuleHost.policies(Platform.modules(Optional.empty()), dataDir, config);
            if (service != null && !policies.namespaces().contains(service)) {
                spec.commandLine().getErr().println("no service named '" + service + "'; services: " + String.join(", ", policies.namespaces()));
                return 2;
            }
            spec.commandLine().getOut().print(PolicyListing.render(policies, Optional.ofNullable(service)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
