package io.xloud.network.service;

import io.xloud.network.store.NetworkRbacStore;
import io.xloud.network.store.RbacPolicyStore;
import org.jdbi.v3.core.Handle;

import java.util.Optional;
import java.util.Set;

/**
 * Networks in RBAC policies. A policy for every project ({@code *}) is what Neutron's network attributes show:
 * access_as_shared makes the network {@code shared}, access_as_external makes it {@code router:external}; a policy
 * for one project lets that project see and use the network. Its users are the projects with ports on it.
 */
final class NetworkRbac
        implements RbacObjectType
{
    static final String TYPE = "network";

    @Override
    public String name()
    {
        return TYPE;
    }

    @Override
    public Set<String> actions()
    {
        return Set.of(RbacPolicy.ACCESS_AS_SHARED, RbacPolicy.ACCESS_AS_EXTERNAL);
    }

    @Override
    public Optional<String> owner(Handle h, String objectId)
    {
        return NetworkRbacStore.owner(h, objectId);
    }

    @Override
    public Set<String> users(Handle h, String objectId)
    {
        return NetworkRbacStore.portProjects(h, objectId);
    }

    @Override
    public void granted(Handle h, RbacPolicy policy)
    {
        if (policy.targetTenant().equals(RbacPolicy.WILDCARD)) {
            NetworkRbacStore.setFlag(h, policy.objectId(), flag(policy), true);
        }
    }

    @Override
    public void revoked(Handle h, RbacPolicy policy)
    {
        if (policy.targetTenant().equals(RbacPolicy.WILDCARD)
                && !RbacPolicyStore.grantsAll(h, TYPE, policy.objectId(), policy.action())) {
            NetworkRbacStore.setFlag(h, policy.objectId(), flag(policy), false);
        }
    }

    private static NetworkRbacStore.Flag flag(RbacPolicy policy)
    {
        return policy.action().equals(RbacPolicy.ACCESS_AS_EXTERNAL) ? NetworkRbacStore.Flag.EXTERNAL : NetworkRbacStore.Flag.SHARED;
    }
}
