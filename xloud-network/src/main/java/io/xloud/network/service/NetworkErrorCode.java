package io.xloud.network.service;

import io.xloud.core.error.ErrorCode;

/**
 * Failures of the networking service. The title is Neutron's exception name, which its error body carries as
 * {@code NeutronError.type} and which clients (openstacksdk, Tempest) read.
 */
public enum NetworkErrorCode
        implements ErrorCode
{
    BAD_REQUEST(400, "HTTPBadRequest"),
    INVALID_INPUT(400, "InvalidInput"),
    INVALID_ALLOCATION_POOL(400, "InvalidAllocationPool"),
    OUT_OF_BOUNDS_ALLOCATION_POOL(400, "OutOfBoundsAllocationPool"),
    INVALID_IP_FOR_SUBNET(400, "InvalidIpForSubnet"),
    INVALID_IP_FOR_NETWORK(400, "InvalidIpForNetwork"),
    DNS_NAMESERVERS_EXHAUSTED(400, "DNSNameServersExhausted"),
    HOST_ROUTES_EXHAUSTED(400, "HostRoutesExhausted"),
    INVALID_SHARED_SETTING(409, "InvalidSharedSetting"),
    POLICY_NOT_AUTHORIZED(403, "PolicyNotAuthorized"),
    NOT_FOUND(404, "HTTPNotFound"),
    NETWORK_NOT_FOUND(404, "NetworkNotFound"),
    SUBNET_NOT_FOUND(404, "SubnetNotFound"),
    PORT_NOT_FOUND(404, "PortNotFound"),
    TAG_NOT_FOUND(404, "TagNotFound"),
    EXTENSION_NOT_FOUND(404, "ExtensionNotFound"),
    AVAILABILITY_ZONE_NOT_FOUND(404, "AvailabilityZoneNotFound"),
    AGENT_NOT_FOUND(404, "AgentNotFound"),
    SERVICE_PORT_IN_USE(409, "ServicePortInUse"),
    ADDRESS_PAIR_AND_PORT_SECURITY_REQUIRED(409, "AddressPairAndPortSecurityRequired"),
    PORT_SECURITY_AND_IP_REQUIRED_FOR_SECURITY_GROUPS(409, "PortSecurityAndIPRequiredForSecurityGroups"),
    CONFLICT(409, "Conflict"),
    NETWORK_IN_USE(409, "NetworkInUse"),
    EXTERNAL_NETWORK_IN_USE(409, "ExternalNetworkInUse"),
    SUBNET_IN_USE(409, "SubnetInUse"),
    IP_ADDRESS_GENERATION_FAILURE(409, "IpAddressGenerationFailure"),
    IP_ADDRESS_IN_USE(409, "IpAddressInUse"),
    IP_ADDRESS_ALREADY_ALLOCATED(409, "IpAddressAlreadyAllocated"),
    MAC_ADDRESS_IN_USE(409, "MacAddressInUse"),
    OVERLAPPING_ALLOCATION_POOLS(409, "OverlappingAllocationPools"),
    GATEWAY_CONFLICT_WITH_ALLOCATION_POOLS(409, "GatewayConflictWithAllocationPools"),
    OVER_QUOTA(409, "OverQuota"),
    PORT_BOUND(409, "PortBound"),
    PORT_SECURITY_PORT_HAS_SECURITY_GROUP(409, "PortSecurityPortHasSecurityGroup"),
    ALLOWED_ADDRESS_PAIR_EXHAUSTED(400, "AllowedAddressPairExhausted"),
    DUPLICATE_ADDRESS_PAIR(400, "DuplicateAddressPairInRequest"),
    REVISION_NUMBER_CONSTRAINT_FAILED(412, "RevisionNumberConstraintFailed");

    private final int status;
    private final String title;

    NetworkErrorCode(int status, String title)
    {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status()
    {
        return status;
    }

    @Override
    public String title()
    {
        return title;
    }
}
