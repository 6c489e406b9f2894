package io.xloud.network.service;

import io.xloud.core.error.ApiException;
import io.xloud.core.error.ErrorCode;
import io.xloud.network.service.SecurityGroupRuleChecks.CheckedRule;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SecurityGroupRuleChecksTest
{
    private static SecurityGroupRuleRequest request(String ethertype, String protocol, String min, String max, String prefix)
    {
        return new SecurityGroupRuleRequest("g", Optional.empty(), Optional.of("ingress"), Optional.ofNullable(ethertype), Optional.ofNullable(protocol),
                Optional.ofNullable(min), Optional.ofNullable(max), Optional.ofNullable(prefix), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ErrorCode failure(SecurityGroupRuleRequest request)
    {
        return catchThrowableOfType(ApiException.class, () -> SecurityGroupRuleChecks.check(request)).code();
    }

    @Test
    void rulesThatMeanTheSameHaveOneKey()
    {
        CheckedRule byName = SecurityGroupRuleChecks.check(request(null, "tcp", "22", "22", null));
        CheckedRule byNumber = SecurityGroupRuleChecks.check(request("ipv4", "6", "22", "22", "0.0.0.0/0"));
        assertThat(byName.key()).isEqualTo(byNumber.key());
        assertThat(SecurityGroupRuleChecks.check(request(null, "udp", "22", "22", null)).key()).isNotEqualTo(byName.key());
        CheckedRule legacy = SecurityGroupRuleChecks.check(request("IPv6", "icmpv6", null, null, null));
        assertThat(legacy.protocol()).contains("ipv6-icmp");
        assertThat(legacy.key()).isEqualTo(SecurityGroupRuleChecks.check(request("IPv6", "58", null, null, null)).key());
        assertThat(SecurityGroupRuleChecks.check(request(null, "any", null, null, null)).protocol()).isEmpty();
        assertThat(SecurityGroupRuleChecks.check(request(null, "0", null, null, null)).protocol()).isEmpty();
    }

    @Test
    void eachBadRuleHasNeutronsError()
    {
        assertThat(failure(request(null, "nope", null, null, null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_RULE_INVALID_PROTOCOL);
        assertThat(failure(request(null, "300", null, null, null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_RULE_INVALID_PROTOCOL);
        assertThat(failure(request(null, "tcp", "65536", "1", null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_INVALID_PORT_VALUE);
        assertThat(failure(request(null, "tcp", "9", "8", null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_INVALID_PORT_RANGE);
        assertThat(failure(request(null, "sctp", "0", "8", null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_INVALID_PORT_VALUE);
        assertThat(failure(request(null, "icmp", "256", null, null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_INVALID_ICMP_VALUE);
        assertThat(failure(request(null, "icmp", null, "0", null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_MISSING_ICMP_TYPE);
        assertThat(failure(request(null, null, "1", "2", null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_PROTOCOL_REQUIRED_WITH_PORTS);
        assertThat(failure(request(null, "esp", "1", "2", null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_INVALID_PROTOCOL_FOR_PORT);
        assertThat(failure(request("IPv4", "ipv6-frag", null, null, null))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_ETHERTYPE_CONFLICT_WITH_PROTOCOL);
        assertThat(failure(request("IPv6", null, null, null, "10.0.0.0/8"))).isEqualTo(SecurityErrorCode.SECURITY_GROUP_RULE_PARAMETER_CONFLICT);
        assertThat(failure(request("IPv5", null, null, null, null))).isEqualTo(NetworkErrorCode.BAD_REQUEST);
        assertThat(failure(request(null, null, null, null, "10.0.0.0/33"))).isEqualTo(SecurityErrorCode.INVALID_CIDR);
    }
}
