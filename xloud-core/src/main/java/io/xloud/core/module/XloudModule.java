package io.xloud.core.module;

import io.xloud.core.config.CoreSettings;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.error.ErrorCode;
import io.xloud.core.http.ServiceModule;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service of the platform (Identity, object storage, ...), as the platform loads it: what it declares before it
 * runs (settings, migrations, catalog, policy, quotas, ports) and its lifecycle ({@link #start}, {@link #bootstrap},
 * {@link #close}). Its HTTP faces are {@link ServiceModule}s; one module may have several (Swift and S3).
 * <p>
 * An instance runs once: the platform makes a new one per start. Declarations must not depend on the
 * module having started; {@code xloud policy-list} reads them without a database.
 */
public interface XloudModule
        extends AutoCloseable
{
    /** The service's name: its policy namespace and policy file ({@code data/policy/<name>.yaml}) and its quota prefix. */
    String name();

    default List<XloudConfig.Key> settings()
    {
        return List.of();
    }

    /** Flyway locations ({@code db/migration/<location>}), applied in order after the kernel's. */
    default List<String> migrations()
    {
        return List.of();
    }

    default List<CatalogEntry> catalog()
    {
        return List.of();
    }

    /** The service's policy rules by their OpenStack names, in the service's own namespace. */
    default Map<String, String> policyDefaults()
    {
        return Map.of();
    }

    /** The operator's override files, read in order, later ones winning; absent files override nothing. */
    default List<Path> policyFiles(Path dataDir, XloudConfig config)
    {
        return List.of(dataDir.resolve("policy").resolve(name() + ".yaml"));
    }

    default List<QuotaResource> quotaResources()
    {
        return List.of();
    }

    /** The error a reservation over quota throws, in the service's codes. */
    default ErrorCode quotaExceeded()
    {
        return CoreErrorCode.FORBIDDEN;
    }

    /** Ports this module offers in {@link #start}: the platform starts it before the modules that need them. */
    default Set<Class<?>> offers()
    {
        return Set.of();
    }

    /** Ports this module takes in {@link #start} with {@link ModuleContext#need}. */
    default Set<Class<?>> needs()
    {
        return Set.of();
    }

    /** Builds the service: stores, domain services, workers; offers its ports. The listener is not yet bound. */
    void start(ModuleContext context)
            throws Exception;

    /** The HTTP faces, after {@link #start}. */
    List<ServiceModule> http();

    /**
     * Runs once the listener is bound (so {@link ModuleContext#publicUrl()} is final) and before it serves: first-run
     * set-up such as Identity's bootstrap, given the catalog of every module.
     */
    default void bootstrap(List<CatalogEntry> catalog)
            throws Exception
    {
    }

    @Override
    default void close()
            throws Exception
    {
    }

    /** The kernel's settings and those of every module; a key declared twice stops start-up. */
    static List<XloudConfig.Key> settings(List<? extends XloudModule> modules)
    {
        List<XloudConfig.Key> keys = new java.util.ArrayList<>(CoreSettings.keys());
        keys.addAll(io.xloud.core.jobs.JobSettings.keys());
        modules.forEach(module -> keys.addAll(module.settings()));
        return List.copyOf(keys);
    }
}
