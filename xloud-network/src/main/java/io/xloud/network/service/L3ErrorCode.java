package io.xloud.network.service;

import io.xloud.core.error.ErrorCode;

/** Failures of routers, floating IPs and port forwardings; the name is Neutron's exception type on the wire. */
public enum L3ErrorCode
        implements ErrorCode
{
    BAD_REQUEST(400, "BadRequest"),
    INVALID_INPUT(400, "InvalidInput"),
    INVALID_ROUTES(400, "InvalidRoutes"),
    ROUTES_EXHAUSTED(400, "RoutesExhausted"),
    EXTERNAL_IP_ADDRESS_EXHAUSTED(400, "ExternalIpAddressExhausted"),
    POLICY_NOT_AUTHORIZED(403, "PolicyNotAuthorized"),
    ROUTER_NOT_FOUND(404, "RouterNotFound"),
    FLOATING_IP_NOT_FOUND(404, "FloatingIPNotFound"),
    PORT_FORWARDING_NOT_FOUND(404, "PortForwardingNotFound"),
    NETWORK_NOT_FOUND(404, "NetworkNotFound"),
    SUBNET_NOT_FOUND(404, "SubnetNotFound"),
    PORT_NOT_FOUND(404, "PortNotFound"),
    ROUTER_INTERFACE_NOT_FOUND(404, "RouterInterfaceNotFound"),
    ROUTER_INTERFACE_NOT_FOUND_FOR_SUBNET(404, "RouterInterfaceNotFoundForSubnet"),
    EXTERNAL_GATEWAY_FOR_FLOATING_IP_NOT_FOUND(404, "ExternalGatewayForFloatingIPNotFound"),
    AVAILABILITY_ZONE_NOT_FOUND(404, "AvailabilityZoneNotFound"),
    ROUTER_IN_USE(409, "RouterInUse"),
    PORT_IN_USE(409, "PortInUse"),
    L3_PORT_IN_USE(409, "L3PortInUse"),
    ROUTER_INTERFACE_IN_USE_BY_ROUTE(409, "RouterInterfaceInUseByRoute"),
    ROUTER_INTERFACE_IN_USE_BY_FLOATING_IP(409, "RouterInterfaceInUseByFloatingIP"),
    ROUTER_EXTERNAL_GATEWAY_IN_USE_BY_FLOATING_IP(409, "RouterExternalGatewayInUseByFloatingIp"),
    FLOATING_IP_PORT_ALREADY_ASSOCIATED(409, "FloatingIPPortAlreadyAssociated"),
    FIP_IN_USE_BY_PORT_FORWARDING(409, "FipInUseByPortForwarding"),
    PORT_HAS_PORT_FORWARDING(409, "PortHasPortForwarding"),
    PORT_HAS_BINDING_FLOATING_IP(409, "PortHasBindingFloatingIP"),
    IP_ADDRESS_IN_USE(409, "IpAddressInUse"),
    AUTO_ALLOCATION_FAILURE(409, "AutoAllocationFailure"),
    OVER_QUOTA(409, "OverQuota");

    private final int status;
    private final String type;

    L3ErrorCode(int status, String type)
    {
        this.status = status;
        this.type = type;
    }

    @Override
    public int status()
    {
        return status;
    }

    /** Neutron's exception type, which its error body names. */
    @Override
    public String title()
    {
        return type;
    }
}
