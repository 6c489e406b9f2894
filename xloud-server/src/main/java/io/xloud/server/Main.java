package io.xloud.server;

import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.module.ModuleHost;
import io.xloud.core.policy.ServicePolicies;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.IdentityXloudModule;
import io.xloud.identity.service.FernetKeys;
import io.xloud.objectstore.api.S3Settings;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The launcher: {@code xloud serve}, {@code xloud fernet-rotate}, {@code xloud policy-list}.
 * <p>
 * Its few options are parsed here rather than by a command-line library: the one it used, built for Java 5, could
 * not be kept in the JVM's start-up cache and cost a quarter of a second of every start.
 */
public final class Main
{
    static final String VERSION = "xloud 0.1.0";

    /** An option that takes a value ({@code --name VALUE} or {@code --name=VALUE}). */
    private record Opt(String name, String value, String help) {}

    private record Command(String name, String description, List<Opt> options) {}

    private static final List<Opt> COMMON = List.of(
            new Opt("--data-dir", "DIR", "data directory (XLOUD_DATA_DIR, default ./data)"),
            new Opt("--db-url", "URL", "JDBC URL (XLOUD_DB_URL, default the embedded H2 database)"),
            new Opt("--set", "KEY=VALUE", "any setting (repeatable)"));

    private static final Command SERVE = new Command("serve", "Run the platform in the foreground.", Stream.concat(Stream.of(
            new Opt("--listen", "HOST:PORT", "where to listen (XLOUD_LISTEN, default 127.0.0.1:8080)"),
            new Opt("--public-url", "URL", "base URL in the catalog (XLOUD_PUBLIC_URL)"),
            new Opt("--s3-listen", "HOST:PORT", "a second listener serving S3 at its root (XLOUD_S3_LISTEN, default none)")),
            COMMON.stream()).toList());
    private static final Command FERNET_ROTATE = new Command("fernet-rotate",
            "Rotate the Fernet token keys, as keystone-manage fernet_rotate.", COMMON);
    private static final Command POLICY_LIST = new Command("policy-list",
            "Print each service's effective policy rules, defaults with the policy files applied, as oslopolicy-policy-generator does.",
            Stream.concat(Stream.of(new Opt("--service", "NAME", "only this service (identity, object-store, ...)")), COMMON.stream()).toList());
    private static final List<Command> COMMANDS = List.of(SERVE, FERNET_ROTATE, POLICY_LIST);

    private Main() {}

    public static void main(String[] args)
    {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        System.exit(run(args, out, err));
    }

    /** Runs one command line; returns the exit code (0 done, 1 failed, 2 a usage error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err)
    {
        try {
            return dispatch(args, out, err);
        }
        finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(String[] args, PrintWriter out, PrintWriter err)
    {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.print(usage());
            return 0;
        }
        if (args[0].equals("-V") || args[0].equals("--version")) {
            out.println(VERSION);
            return 0;
        }
        Command command = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("xloud: unknown command '" + args[0] + "'");
            err.print(usage());
            return 2;
        }
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                out.print(usage(command));
                return 0;
            }
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            Opt opt = command.options().stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
            if (opt == null) {
                return usageError(err, command, "unknown " + (arg.startsWith("-") ? "option '" : "argument '") + arg + "'");
            }
            String value;
            if (equals > 0 && arg.startsWith("--")) {
                value = arg.substring(equals + 1);
            }
            else if (i + 1 < args.length) {
                value = args[++i];
            }
            else {
                return usageError(err, command, "option '" + name + "' needs a value (" + opt.value() + ")");
            }
            if (opt.name().equals("--set") && value.indexOf('=') <= 0) {
                return usageError(err, command, "--set takes KEY=VALUE, not '" + value + "'");
            }
            options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        try {
            if (command == SERVE) {
                return serve(options, out);
            }
            if (command == FERNET_ROTATE) {
                return fernetRotate(options, out);
            }
            return policyList(options, out, err);
        }
        catch (Exception e) {
            err.println("xloud " + command.name() + ": " + e.getMessage());
            e.printStackTrace(err);
            return 1;
        }
    }

    private static int usageError(PrintWriter err, Command command, String message)
    {
        err.println("xloud " + command.name() + ": " + message);
        err.print(usage(command));
        return 2;
    }

    static String usage()
    {
        StringBuilder text = new StringBuilder("Usage: xloud [-hV] COMMAND [OPTION ...]\nOpenStack APIs in one process.\n"
                + "  -h, --help      show this help and exit\n  -V, --version   print the version and exit\nCommands:\n");
        for (Command command : COMMANDS) {
            text.append(String.format("  %-14s %s%n", command.name(), command.description()));
        }
        return text.append("Run 'xloud COMMAND --help' for a command's options.\n").toString();
    }

    static String usage(Command command)
    {
        StringBuilder text = new StringBuilder("Usage: xloud ").append(command.name()).append(" [OPTION ...]\n")
                .append(command.description()).append('\n');
        for (Opt opt : command.options()) {
            text.append(String.format("  %-24s %s%n", opt.name() + " " + opt.value(), opt.help()));
        }
        return text.append(String.format("  %-24s %s%n", "-h, --help", "show this help and exit")).toString();
    }

    private static Optional<String> single(Map<String, List<String>> options, String name)
    {
        List<String> values = options.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    /** The settings: {@code --set} pairs and the named options, over the environment and {@code <data dir>/xloud.conf}. */
    private static XloudConfig config(Map<String, List<String>> options, Map<String, String> more)
    {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String pair : options.getOrDefault("--set", List.of())) {
            int equals = pair.indexOf('=');
            flags.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        single(options, "--data-dir").ifPresent(dir -> flags.put(CoreSettings.DATA_DIR, dir));
        single(options, "--db-url").ifPresent(url -> flags.put(CoreSettings.DB_URL, url));
        flags.putAll(more);
        Map<String, String> env = System.getenv();
        String directory = flags.getOrDefault(CoreSettings.DATA_DIR, env.getOrDefault("XLOUD_DATA_DIR", "./data"));
        return XloudConfig.load(Platform.settings(), Optional.of(Path.of(directory, "xloud.conf")), env, flags);
    }

    private static int serve(Map<String, List<String>> options, PrintWriter out)
            throws Exception
    {
        long start = System.nanoTime();
        Map<String, String> more = new HashMap<>();
        single(options, "--listen").ifPresent(listen -> more.put(CoreSettings.LISTEN, listen));
        single(options, "--public-url").ifPresent(url -> more.put(CoreSettings.PUBLIC_URL, url));
        single(options, "--s3-listen").ifPresent(listen -> more.put(S3Settings.S3_LISTEN, listen));
        XloudConfig config = config(options, more);
        // a service that starts after serving and fails stops the process, as a failure before serving does
        Platform platform = Platform.serve(config, Optional.ofNullable(System.getenv("XLOUD_ADMIN_PASSWORD")).filter(p -> !p.isEmpty()), failure -> {
            System.err.println("Xloud could not start: " + failure.getMessage());
            Thread.ofPlatform().name("xloud-exit").start(() -> System.exit(1));
        });
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
        platform.module(IdentityXloudModule.class).generatedPassword().ifPresent(password -> out.println(
                "Generated admin password (also in " + platform.dataDir().resolve("admin-password") + "): " + password));
        out.printf("Xloud serving on %s (data %s) in %d ms%n", platform.publicUrl(), platform.dataDir(), (System.nanoTime() - start) / 1_000_000);
        out.println("export OS_CLIENT_CONFIG_FILE=" + platform.dataDir().resolve("clouds.yaml") + "; openstack --os-cloud xloud token issue");
        out.flush();
        platform.join();
        stopped.await();
        return 0;
    }

    private static int fernetRotate(Map<String, List<String>> options, PrintWriter out)
    {
        XloudConfig config = config(options, Map.of());
        FernetKeys keys = new FernetKeys(Path.of(config.get(CoreSettings.DATA_DIR)).resolve("fernet-keys"));
        keys.rotate(IdentitySettings.from(config).fernetMaxActiveKeys());
        out.println("rotated Fernet keys in " + keys.directory());
        return 0;
    }

    private static int policyList(Map<String, List<String>> options, PrintWriter out, PrintWriter err)
    {
        XloudConfig config = config(options, Map.of());
        Path dataDir = Path.of(config.get(CoreSettings.DATA_DIR)).toAbsolutePath().normalize();
        ServicePolicies policies = ModuleHost.policies(Platform.modules(Optional.empty()), dataDir, config);
        Optional<String> service = single(options, "--service");
        if (service.isPresent() && !policies.namespaces().contains(service.get())) {
            err.println("no service named '" + service.get() + "'; services: " + String.join(", ", policies.namespaces()));
            return 2;
        }
        out.print(PolicyListing.render(policies, service));
        return 0;
    }
}
