package io.xloud.network.service;

import io.xloud.core.error.ErrorCode;

/**
 * Failures of security groups, their rules, address groups and QoS. As with {@link NetworkErrorCode}, the title is
 * Neutron's exception name, the {@code NeutronError.type} clients read.
 */
public enum SecurityErrorCode
        implements ErrorCode
{
    SECURITY_GROUP_NOT_FOUND(404, "SecurityGroupNotFound"),
    SECURITY_GROUP_RULE_NOT_FOUND(404, "SecurityGroupRuleNotFound"),
    SECURITY_GROUP_IN_USE(409, "SecurityGroupInUse"),
    SECURITY_GROUP_CANNOT_REMOVE_DEFAULT(409, "SecurityGroupCannotRemoveDefault"),
    SECURITY_GROUP_CANNOT_UPDATE_DEFAULT(409, "SecurityGroupCannotUpdateDefault"),
    SECURITY_GROUP_DEFAULT_ALREADY_EXISTS(409, "SecurityGroupDefaultAlreadyExists"),
    SECURITY_GROUP_RULE_EXISTS(409, "SecurityGroupRuleExists"),
    DUPLICATE_SECURITY_GROUP_RULE_IN_POST(409, "DuplicateSecurityGroupRuleInPost"),
    SECURITY_GROUP_RULE_INVALID_PROTOCOL(400, "SecurityGroupRuleInvalidProtocol"),
    SECURITY_GROUP_INVALID_PORT_RANGE(400, "SecurityGroupInvalidPortRange"),
    SECURITY_GROUP_INVALID_PORT_VALUE(400, "SecurityGroupInvalidPortValue"),
    SECURITY_GROUP_INVALID_ICMP_VALUE(400, "SecurityGroupInvalidIcmpValue"),
    SECURITY_GROUP_MISSING_ICMP_TYPE(400, "SecurityGroupMissingIcmpType"),
    SECURITY_GROUP_PROTOCOL_REQUIRED_WITH_PORTS(400, "SecurityGroupProtocolRequiredWithPorts"),
    SECURITY_GROUP_INVALID_PROTOCOL_FOR_PORT(400, "SecurityGroupInvalidProtocolForPort"),
    SECURITY_GROUP_ETHERTYPE_CONFLICT_WITH_PROTOCOL(400, "SecurityGroupEthertypeConflictWithProtocol"),
    SECURITY_GROUP_RULE_PARAMETER_CONFLICT(400, "SecurityGroupRuleParameterConflict"),
    SECURITY_GROUP_REMOTE_GROUP_AND_REMOTE_IP_PREFIX(400, "SecurityGroupRemoteGroupAndRemoteIpPrefix"),
    SECURITY_GROUP_MULTIPLE_REMOTE_ENTITIES(400, "SecurityGroupMultipleRemoteEntites"),
    INVALID_CIDR(400, "InvalidCIDR"),

    ADDRESS_GROUP_NOT_FOUND(404, "AddressGroupNotFound"),
    ADDRESS_GROUP_IN_USE(409, "AddressGroupInUse"),
    ADDRESSES_ALREADY_EXIST(400, "AddressesAlreadyExist"),
    ADDRESSES_NOT_FOUND(400, "AddressesNotFound"),

    QOS_POLICY_NOT_FOUND(404, "QosPolicyNotFound"),
    QOS_RULE_NOT_FOUND(404, "QosRuleNotFound"),
    QOS_RULE_TYPE_NOT_FOUND(404, "QosRuleTypeNotFound"),
    QOS_POLICY_IN_USE(409, "QosPolicyInUse"),
    QOS_POLICY_DEFAULT_ALREADY_EXISTS(409, "QoSPolicyDefaultAlreadyExists"),
    QOS_RULES_CONFLICT(409, "QoSRulesConflict"),
    QOS_RULE_PARAMETER_CONFLICT(400, "QoSRuleParameterConflict");

    private final int status;
    private final String title;

    SecurityErrorCode(int status, String title)
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
