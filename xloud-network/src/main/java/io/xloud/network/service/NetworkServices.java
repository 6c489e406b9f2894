package io.xloud.network.service;

import static java.util.Objects.requireNonNull;

/**
 * The domain services of the networking module, made once per start and shared by the HTTP resources, so that one
 * resource's service can use another's (a router interface makes a port; a port checks its security groups).
 * Each resource adds its service here with one field and one line in the constructor.
 */
public final class NetworkServices
{
    private final NetworkContext context;
    private final PoolServices pools;

    public NetworkServices(NetworkContext context)
    {
        this.context = requireNonNull(context, "context is null");
        this.pools = new PoolServices(context);
    }

    public NetworkContext context()
    {
        return context;
    }

    public StandardAttributes standard()
    {
        return context.standard();
    }

    /** Subnet pools, address scopes, RBAC policies, metering. */
    public PoolServices pools()
    {
        return pools;
    }
}
