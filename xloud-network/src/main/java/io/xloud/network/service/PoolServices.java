package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/** Subnet pools, address scopes, RBAC policies and metering, built together since pools check scopes and both share through RBAC. */
public final class PoolServices
{
    private final AddressScopeService addressScopes;
    private final SubnetPoolService subnetPools;
    private final RbacPolicyService rbacPolicies;
    private final MeteringService metering;

    /** Builds them and plugs subnet pools into subnet create. */
    public PoolServices(NetworkContext context, SubnetService subnets)
    {
        requireNonNull(context, "context is null");
        PoolEvents events = context::publish;
        this.addressScopes = new AddressScopeService(context.work(), context.clock(), events);
        this.subnetPools = new SubnetPoolService(context.work(), context.clock(), addressScopes, context.quotas(), context.standard(), events);
        this.rbacPolicies = new RbacPolicyService(context.work(), context.clock(), context.quotas(), events);
        this.metering = new MeteringService(context.work(), context.clock());
        subnets.usePools(subnetPools);
    }

    public AddressScopeService addressScopes()
    {
        return addressScopes;
    }

    public SubnetPoolService subnetPools()
    {
        return subnetPools;
    }

    /** For every resource shared through policies: register its type, ask who is granted what. */
    public RbacPolicyService rbacPolicies()
    {
        return rbacPolicies;
    }

    public MeteringService metering()
    {
        return metering;
    }
}
