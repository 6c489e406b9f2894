package io.xloud.network.service;

import io.xloud.network.store.RbacObjectStore;
import io.xloud.network.store.RbacPolicyStore;
import org.jdbi.v3.core.Handle;

import java.util.Optional;
import java.util.Set;

/**
 * QoS policies, security groups and address groups in RBAC policies (access_as_shared). A project a policy names sees
 * the object and may use it: a QoS policy on its ports, networks and floating IPs, a security group on its ports, an
 * address group in its security group rules. Those uses are what keep a policy from being withdrawn. A policy for every
 * project is what a QoS policy's {@code shared} attribute shows.
 */
final class SecurityRbacTypes
{
    private SecurityRbacTypes() {}

    static RbacObjectType qosPolicies()
    {
        return new Type(QosService.RESOURCE, RbacObjectStore.Kind.QOS_POLICY)
        {
            @Override
            public void granted(Handle h, RbacPolicy policy)
            {
                if (policy.targetTenant().equals(RbacPolicy.WILDCARD)) {
                    RbacObjectStore.setQosPolicyShared(h, policy.objectId(), true);
                }
            }

            @Override
            public void revoked(Handle h, RbacPolicy policy)
            {
                if (policy.targetTenant().equals(RbacPolicy.WILDCARD) && !RbacPolicyStore.grantsAll(h, name(), policy.objectId(), policy.action())) {
                    RbacObjectStore.setQosPolicyShared(h, policy.objectId(), false);
                }
            }
        };
    }

    static RbacObjectType securityGroups()
    {
        return new Type(SecurityGroupService.GROUP, RbacObjectStore.Kind.SECURITY_GROUP);
    }

    static RbacObjectType addressGroups()
    {
        return new Type(AddressGroupService.RESOURCE, RbacObjectStore.Kind.ADDRESS_GROUP);
    }

    private static class Type
            implements RbacObjectType
    {
        private final String name;
        private final RbacObjectStore.Kind kind;

        Type(String name, RbacObjectStore.Kind kind)
        {
            this.name = name;
            this.kind = kind;
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public Set<String> actions()
        {
            return Set.of(RbacPolicy.ACCESS_AS_SHARED);
        }

        @Override
        public Optional<String> owner(Handle h, String objectId)
        {
            return RbacObjectStore.owner(h, kind, objectId);
        }

        @Override
        public Set<String> users(Handle h, String objectId)
        {
            return RbacObjectStore.users(h, kind, objectId);
        }
    }
}
