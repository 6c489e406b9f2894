package io.xloud.network.service;

import io.xloud.core.error.ErrorCode;

/**
 * Failures of subnet pools, address scopes, RBAC policies, metering and IP availability; the constant's name is
 * Neutron's exception type, the {@code type} of a NeutronError body.
 */
public enum PoolErrorCode
        implements ErrorCode
{
    HTTPBadRequest(400),
    InvalidInput(400),
    IllegalSubnetPoolPrefixBounds(400),
    IllegalSubnetPoolPrefixUpdate(400),
    IllegalSubnetPoolUpdate(400),
    IllegalSubnetPoolAssociationToAddressScope(400),
    IllegalSubnetPoolIpVersionAssociationToAddressScope(400),
    AddressScopePrefixConflict(400),
    AddressScopeUpdateError(400),
    PrefixVersionMismatch(400),
    NetworkSubnetPoolAffinityError(400),
    InvalidActionForType(400),
    InvalidSharedSetting(400),
    PolicyNotAuthorized(403),
    NotFound(404),
    SubnetPoolNotFound(404),
    AddressScopeNotFound(404),
    RbacPolicyNotFound(404),
    QosPolicyNotFound(404),
    SecurityGroupNotFound(404),
    AddressGroupNotFound(404),
    NetworkNotFound(404),
    MeteringLabelNotFound(404),
    MeteringLabelRuleNotFound(404),
    SubnetPoolInUse(409),
    AddressScopeInUse(409),
    RbacPolicyInUse(409),
    DuplicateRbacPolicy(409),
    SubnetAllocationError(409),
    SubnetPoolQuotaExceeded(409),
    MeteringLabelRuleOverlaps(409);

    private final int status;

    PoolErrorCode(int status)
    {
        this.status = status;
    }

    @Override
    public int status()
    {
        return status;
    }

    /** Neutron's exception name, as the error body's {@code type}. */
    @Override
    public String title()
    {
        return name();
    }
}
