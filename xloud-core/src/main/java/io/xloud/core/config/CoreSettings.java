package io.xloud.core.config;

import io.xloud.core.config.XloudConfig.Key;

import java.util.List;

/** Settings of the kernel; each service declares its own beside it. */
public final class CoreSettings
{
    public static final String LISTEN = "listen";
    public static final String DATA_DIR = "data_dir";
    public static final String DB_URL = "db_url";
    public static final String DB_USER = "db_user";
    public static final String DB_PASSWORD = "db_password";
    public static final String DB_POOL_SIZE = "db_pool_size";
    public static final String PUBLIC_URL = "public_url";
    public static final String MAX_REQUEST_BODY_SIZE = "max_request_body_size";
    public static final String RATE_LIMIT_PER_SECOND = "rate_limit.per_second";
    public static final String RATE_LIMIT_BURST = "rate_limit.burst";
    public static final String SHUTDOWN_GRACE_SECONDS = "shutdown_grace_seconds";
    public static final String POLICY_FILE = "policy_file";
    public static final String LIST_CACHE_MB = "list_cache_mb";

    private CoreSettings() {}

    public static List<Key> keys()
    {
        return List.of(
                new Key(LISTEN, "127.0.0.1:8080", "host:port the API listens on"),
                new Key(DATA_DIR, "./data", "directory for the embedded database, keys and stored bytes"),
                new Key(DB_URL, "", "JDBC URL; empty means the embedded H2 database in the data directory"),
                new Key(DB_USER, "", "database user"),
                new Key(DB_PASSWORD, "", "database password"),
                new Key(DB_POOL_SIZE, "16", "database connections per node"),
                new Key(PUBLIC_URL, "", "base URL published in the catalog; empty means http://<listen>"),
                new Key(MAX_REQUEST_BODY_SIZE, "114688", "largest JSON request body in bytes (Keystone's default)"),
                new Key(RATE_LIMIT_PER_SECOND, "2000", "sustained requests per second per user; 0 turns rate limiting off"),
                new Key(RATE_LIMIT_BURST, "20000", "requests a user may burst above the sustained rate"),
                new Key(SHUTDOWN_GRACE_SECONDS, "20", "how long SIGTERM waits for requests in flight"),
                new Key(LIST_CACHE_MB, "64", "memory for list answers kept until data changes (embedded database only); 0 keeps none"),
                new Key(POLICY_FILE, "", "Identity's policy overrides (oslo.policy YAML), read before <data_dir>/policy/identity.yaml; empty means <data_dir>/policy.yaml"));
    }
}
