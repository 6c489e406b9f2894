package io.xloud.network.api;

import io.xloud.core.http.Router;
import io.xloud.network.service.PoolServices;
import io.xloud.network.service.StandardAttributes;

import static java.util.Objects.requireNonNull;

/** The routes of subnet pools, address scopes, RBAC policies, metering and network IP availability. */
final class PoolResources
{
    private final PoolServices services;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    PoolResources(PoolServices services, StandardAttributes standard, NeutronLists lists)
    {
        this.services = requireNonNull(services, "services is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    void routes(Router.Builder routes)
    {
        new SubnetPoolResource(services.subnetPools(), standard, lists).routes(routes);
        new AddressScopeResource(services.addressScopes(), lists).routes(routes);
        new RbacPolicyResource(services.rbacPolicies(), lists).routes(routes);
        new MeteringResource(services.metering(), lists).routes(routes);
    }
}
