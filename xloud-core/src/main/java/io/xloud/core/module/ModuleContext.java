package io.xloud.core.module;

import io.xloud.core.jobs.JobSystem;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.Database;
import io.xloud.core.limits.QuotaService;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a module is given when it starts. The kernel's later facilities (durable jobs, events,
 * microversions) join here as methods, so modules reach them without a change to {@link XloudModule}.
 */
public interface ModuleContext
{
    /** Every setting of the process, the module's own among them. */
    XloudConfig config();

    /** Already migrated, with the module's {@link XloudModule#migrations()} too. */
    Database database();

    Path dataDir();

    /** The base URL clients reach this cloud by; final only once the listener is bound, so read it per use. */
    Supplier<String> publicUrl();

    Clock clock();

    /**
     * A port this module declared in {@link XloudModule#needs()}, offered by a module started earlier, made by an
     * adapter, or given by a test.
     *
     * @throws IllegalStateException if the module did not declare the need, or nothing provides the port
     */
    <T> T need(Class<T> port);

    /**
     * Offers a port this module declared in {@link XloudModule#offers()}, to the kernel and to modules started later.
     *
     * @throws IllegalStateException if the module did not declare it, or another already offered it
     */
    <T> void offer(Class<T> port, T implementation);

    /**
     * The durable jobs of the cluster: register handlers and periodic jobs while starting; claiming begins once the
     * node serves.
     */
    JobSystem jobs();

    /** The quotas of this module's {@link XloudModule#quotaResources()}, stored under its name. */
    QuotaService quotas();

    /** Runs a task every period on every node, from when the platform serves until it closes; a task that throws is logged and runs again. */
    void schedule(String name, Duration period, Runnable task);

    /** Asks for a second listener, bound and served with the main one. */
    void listen(ModuleListener listener);
}
