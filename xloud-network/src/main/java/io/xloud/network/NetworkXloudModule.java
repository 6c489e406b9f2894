package io.xloud.network;

import io.xloud.core.collection.PageCache;
import io.xloud.core.config.XloudConfig;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ErrorCode;
import io.xloud.core.events.EventPublisher;
import io.xloud.core.http.ServiceModule;
import io.xloud.core.module.CatalogEntry;
import io.xloud.core.module.ModuleContext;
import io.xloud.core.module.QuotaResource;
import io.xloud.core.module.XloudModule;
import io.xloud.network.api.NetworkModule;
import io.xloud.network.service.AdminProject;
import io.xloud.network.service.NetworkBootstrap;
import io.xloud.network.service.NetworkContext;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.NetworkServices;
import io.xloud.network.service.StandardAttributes;
import io.xloud.network.store.TagStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Networking (Neutron v2.0) as a platform module, catalog type {@code network} named {@code neutron} at
 * {@code /networking}. It needs an {@link EventPublisher} for the events of its changes. At first start it makes the
 * external network {@code public} with a subnet of {@code network.public_cidr}.
 */
public final class NetworkXloudModule
        implements XloudModule
{
    public static final String NAME = "network";

    private NetworkServices services;
    private AdminProject adminProject;
    private NetworkSettings settings;
    private List<ServiceModule> http = List.of();

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public List<XloudConfig.Key> settings()
    {
        return NetworkSettings.keys();
    }

    @Override
    public List<String> migrations()
    {
        return List.of("network");
    }

    @Override
    public List<CatalogEntry> catalog()
    {
        return List.of(new CatalogEntry("network", "neutron", NetworkModule.PREFIX));
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return NetworkModule.policies();
    }

    /** Neutron's quota resources and default limits; each resource adds its own line. */
    @Override
    public List<QuotaResource> quotaResources()
    {
        List<QuotaResource> resources = new ArrayList<>();
        resources.add(new QuotaResource("network", 100));
        resources.add(new QuotaResource("subnet", 100));
        resources.add(new QuotaResource("port", 500));
        resources.add(new QuotaResource("security_group", 10));
        resources.add(new QuotaResource("security_group_rule", 100));
        resources.add(new QuotaResource("router", 10));
        resources.add(new QuotaResource("floatingip", 50));
        resources.add(new QuotaResource("subnetpool", -1));
        resources.add(new QuotaResource("rbac_policy", 10));
        return resources;
    }

    @Override
    public ErrorCode quotaExceeded()
    {
        return NetworkErrorCode.OVER_QUOTA;
    }

    @Override
    public Set<Class<?>> needs()
    {
        return Set.of(EventPublisher.class, AdminProject.class);
    }

    @Override
    public void start(ModuleContext context)
    {
        UnitOfWork work = new UnitOfWork(context.database().jdbi());
        StandardAttributes standard = new StandardAttributes(new TagStore(work), context.clock());
        NetworkContext network = new NetworkContext(work, context.clock(), context.need(EventPublisher.class), context.quotas(), standard,
                NetworkSettings.from(context.config()));
        services = new NetworkServices(network);
        adminProject = context.need(AdminProject.class);
        settings = network.settings();
        http = List.of(new NetworkModule(services, context.publicUrl(), PageCache.of(context.database(), context.config())));
    }

    @Override
    public List<ServiceModule> http()
    {
        return http;
    }

    @Override
    public void bootstrap(List<CatalogEntry> catalog)
    {
        String owner = adminProject.id().orElseThrow(() -> new IllegalStateException("the admin project does not exist; Identity bootstraps first"));
        new NetworkBootstrap(services.context(), services.networks(), services.subnets()).run(owner, settings.publicNetworkName(), settings.publicCidr());
    }

    /** The module's services, once started. */
    public NetworkServices services()
    {
        return services;
    }
}
