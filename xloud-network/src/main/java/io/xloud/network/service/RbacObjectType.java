package io.xloud.network.service;

import org.jdbi.v3.core.Handle;

import java.util.Optional;
import java.util.Set;

/**
 * One kind of object RBAC policies may share ({@code network}, {@code qos_policy}, ...): the actions it knows, who
 * owns one, and which projects other than the owner use one (ports on a network, subnets from a pool), so a policy
 * that still lets them in cannot be removed. Each resource registers its own in {@link RbacPolicyService}.
 */
public interface RbacObjectType
{
    String name();

    Set<String> actions();

    /** The owning project of the object, or empty when there is no such object. */
    Optional<String> owner(Handle h, String objectId);

    /** The projects other than the owner that use the object through a grant. */
    Set<String> users(Handle h, String objectId);

    /** Called in the policy's unit of work after a grant is added (e.g. a wildcard share marks a network shared). */
    default void granted(Handle h, RbacPolicy policy)
    {
    }

    /** Called in the policy's unit of work after a grant is withdrawn or retargeted away from {@code policy.targetTenant()}. */
    default void revoked(Handle h, RbacPolicy policy)
    {
    }
}
