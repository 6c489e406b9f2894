package io.xloud.objectstore;

import io.xloud.core.config.XloudConfig;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.http.ServiceModule;
import io.xloud.core.module.CatalogEntry;
import io.xloud.core.module.ModuleContext;
import io.xloud.core.module.ModuleListener;
import io.xloud.core.module.XloudModule;
import io.xloud.objectstore.api.S3Listener;
import io.xloud.objectstore.api.S3LifecycleResource;
import io.xloud.objectstore.api.S3Module;
import io.xloud.objectstore.api.S3Policies;
import io.xloud.objectstore.api.S3Settings;
import io.xloud.objectstore.api.SwiftModule;
import io.xloud.objectstore.api.SwiftPolicies;
import io.xloud.objectstore.s3.S3Credentials;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Object storage as a platform module: the object engine and its maintenance, with two HTTP faces, Swift v1 and
 * S3 (and S3's own listener when {@code s3_listen} is set). It needs {@link S3Credentials}: who holds an access key,
 * and an {@link EventPublisher} for the events of its changes.
 */
public final class ObjectStoreXloudModule
        implements XloudModule
{
    public static final String NAME = "object-store";
    /** The region S3 signs for: the cloud's, when Identity declares it. */
    private static final String REGION_SETTING = "identity.region";

    private ObjectStore objectStore;
    private List<ServiceModule> http = List.of();

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public List<XloudConfig.Key> settings()
    {
        List<XloudConfig.Key> keys = new ArrayList<>(ObjectStoreSettings.keys());
        keys.addAll(S3Settings.keys());
        return keys;
    }

    @Override
    public List<String> migrations()
    {
        return List.of("object-store");
    }

    @Override
    public List<CatalogEntry> catalog()
    {
        return List.of(
                new CatalogEntry("object-store", "swift", SwiftModule.V1 + "/AUTH_$(project_id)s"),
                new CatalogEntry("s3", "s3", S3Module.PATH_PREFIX));
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        Map<String, String> rules = new HashMap<>(SwiftPolicies.defaults());
        rules.putAll(S3Policies.defaults());
        return rules;
    }

    @Override
    public Set<Class<?>> needs()
    {
        return Set.of(S3Credentials.class, EventPublisher.class);
    }

    @Override
    public void start(ModuleContext context)
            throws Exception
    {
        XloudConfig config = context.config();
        ObjectStoreSettings settings = ObjectStoreSettings.from(config);
        objectStore = ObjectStore.start(context.database(), context.dataDir(), settings, context.need(EventPublisher.class), context.jobs());
        boolean regionDeclared = config.keys().stream().anyMatch(key -> key.name().equals(REGION_SETTING));
        String region = regionDeclared ? config.get(REGION_SETTING) : "RegionOne";
        S3Module s3 = new S3Module(objectStore.objects(), context.need(S3Credentials.class), region, context.clock());
        S3LifecycleResource.schedule(context.jobs(), objectStore.objects(), settings.lifecycleInterval(), settings.lifecycleDay(), context.clock());
        http = List.of(new SwiftModule(objectStore.objects(), context.jobs(), settings.syncRealm(), settings.syncCluster(),
                settings.syncInterval()), s3);
        config.optional(S3Settings.S3_LISTEN).ifPresent(address -> {
            List<String> domains = List.of(config.optional(S3Settings.S3_DOMAINS).orElse("").split(","));
            context.listen(new ModuleListener(S3Module.NAME, address, kernel -> new S3Listener(kernel, domains)));
        });
    }

    @Override
    public List<ServiceModule> http()
    {
        return http;
    }

    /** The engine, once started. */
    public ObjectStore objectStore()
    {
        return objectStore;
    }

    @Override
    public void close()
            throws Exception
    {
        if (objectStore != null) {
            objectStore.close();
        }
    }
}
