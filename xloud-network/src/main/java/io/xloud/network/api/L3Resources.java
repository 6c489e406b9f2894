package io.xloud.network.api;

import io.xloud.core.http.Router;
import io.xloud.network.service.L3Services;
import io.xloud.network.service.StandardAttributes;

import static java.util.Objects.requireNonNull;

/** The routes of routers, floating IPs, floating IP pools and port forwardings. */
public final class L3Resources
{
    private final L3Services l3;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    public L3Resources(L3Services l3, StandardAttributes standard, NeutronLists lists)
    {
        this.l3 = requireNonNull(l3, "l3 is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        new RouterResource(l3.routers(), l3.interfaces(), standard, lists).routes(routes);
        new FloatingIpResource(l3.floatingIps(), l3.topology(), standard, lists).routes(routes);
        new PortForwardingResource(l3.portForwardings(), l3.floatingIps()).routes(routes);
        new AutoAllocatedTopologyResource(l3.autoAllocation()).routes(routes);
    }
}
