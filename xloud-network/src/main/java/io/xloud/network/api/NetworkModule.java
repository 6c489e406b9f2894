package io.xloud.network.api;

import io.xloud.core.collection.PageCache;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.http.Router;
import io.xloud.core.http.ServiceModule;
import io.xloud.network.service.NetworkServices;

import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Neutron's v2.0 API under {@code /networking}, errors as {@code NeutronError}.
 * <p>
 * How a resource joins: its own {@code XxxResource} (api) registers its routes from {@link #routes} with one line,
 * its service is built in {@code NetworkServices}, its rules come from {@link #policies()}, its list spec from
 * {@code store.NeutronListQuery.spec(table)} rendered by {@link NeutronLists}, its tags through {@link TagsResource},
 * its extension aliases in {@code service.Extensions}, its quota resource in {@code NetworkXloudModule.quotaResources}.
 * Item paths name the resource {@code {id}} ({@code /v2.0/networks/{id}}), so that the tag routes of every
 * collection share the same template.
 */
public final class NetworkModule
        implements ServiceModule
{
    public static final String NAME = "network";
    public static final String PREFIX = "/networking";
    public static final String V2 = PREFIX + "/v2.0";

    private final NetworkServices services;
    private final NeutronLists lists;
    private final Supplier<String> publicUrl;

    public NetworkModule(NetworkServices services, Supplier<String> publicUrl, PageCache pages)
    {
        this.services = requireNonNull(services, "services is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null");
        this.lists = new NeutronLists(publicUrl, pages);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String pathPrefix()
    {
        return PREFIX;
    }

    @Override
    public ErrorDialect errorDialect()
    {
        return new NeutronErrorDialect();
    }

    @Override
    public void routes(Router.Builder routes)
    {
        new VersionResource(publicUrl).routes(routes);
        new ExtensionsResource().routes(routes);
        new QuotaResource(services.quotas()).routes(routes);
        new NetworkResource(services, lists).routes(routes);
        new SubnetResource(services, lists).routes(routes);
        new PortResource(services, lists).routes(routes);
        new IpAvailabilityResource(services.ipAvailability()).routes(routes);
        new AvailabilityZoneResource().routes(routes);
        new AgentResource().routes(routes);
        new ServiceProviderResource().routes(routes);
        // one line per resource
        SecurityRoutes.add(routes, services, lists);
        new L3Resources(services.l3(), services.standard(), lists).routes(routes);
        new PoolResources(services.pools(), services.standard(), lists).routes(routes);
        new TrunkResource(services.trunks(), services.standard(), lists).routes(routes);
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return policies();
    }

    /** Every rule of the service: the core's, then each resource's. */
    public static Map<String, String> policies()
    {
        Map<String, String> rules = NetworkPolicies.defaults();
        // one line per resource: rules.putAll(XxxPolicies.defaults());
        rules.putAll(SecurityGroupPolicies.defaults());
        rules.putAll(L3Policies.defaults());
        rules.putAll(PoolPolicies.defaults());
        rules.putAll(TrunkPolicies.defaults());
        return rules;
    }

    NetworkServices services()
    {
        return services;
    }

    NeutronLists lists()
    {
        return lists;
    }
}
