package io.xloud.network.service;

import io.xloud.core.error.ApiException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_ETHERTYPE_CONFLICT_WITH_PROTOCOL;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_INVALID_ICMP_VALUE;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_INVALID_PORT_RANGE;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_INVALID_PORT_VALUE;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_INVALID_PROTOCOL_FOR_PORT;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_MISSING_ICMP_TYPE;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_MULTIPLE_REMOTE_ENTITIES;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_PROTOCOL_REQUIRED_WITH_PORTS;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_REMOTE_GROUP_AND_REMOTE_IP_PREFIX;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_RULE_INVALID_PROTOCOL;
import static io.xloud.network.service.SecurityErrorCode.SECURITY_GROUP_RULE_PARAMETER_CONFLICT;
import static java.util.Objects.requireNonNull;

/**
 * Neutron's checks of a new security group rule, in Neutron's order and with its messages (clients and Tempest match
 * on them): attribute conversion first (protocol, ports, ethertype, prefix), then the port range against the
 * protocol, the prefix against the ethertype, the protocol against the ethertype, and one remote at most.
 */
public final class SecurityGroupRuleChecks
{
    public static final List<String> ETHERTYPES = List.of("IPv4", "IPv6");
    public static final List<String> DIRECTIONS = List.of(SecurityGroupRule.INGRESS, SecurityGroupRule.EGRESS);
    private static final int MAX_DESCRIPTION = 255;

    /** A rule that passed every check, its values as stored, with the key that finds its duplicates. */
    public record CheckedRule(
            String direction,
            String ethertype,
            Optional<String> protocol,
            Optional<Integer> portRangeMin,
            Optional<Integer> portRangeMax,
            Optional<String> remoteIpPrefix,
            Optional<String> remoteGroupId,
            Optional<String> remoteAddressGroupId,
            String description)
    {
        public CheckedRule
        {
            requireNonNull(direction, "direction is null");
            requireNonNull(ethertype, "ethertype is null");
            requireNonNull(protocol, "protocol is null");
            requireNonNull(portRangeMin, "portRangeMin is null");
            requireNonNull(portRangeMax, "portRangeMax is null");
            requireNonNull(remoteIpPrefix, "remoteIpPrefix is null");
            requireNonNull(remoteGroupId, "remoteGroupId is null");
            requireNonNull(remoteAddressGroupId, "remoteAddressGroupId is null");
            requireNonNull(description, "description is null");
        }

        /**
         * The rule's meaning as one text: protocols by number ({@code tcp} and {@code 6} are one), a prefix of every
         * address as none, as Neutron compares rules for {@code SecurityGroupRuleExists}.
         */
        public String key()
        {
            String none = "+";
            String prefix = remoteIpPrefix.filter(text -> !AddressPrefix.parse(text).isAny()).orElse(none);
            String proto = protocol.map(name -> IpProtocols.number(name).map(String::valueOf).orElse(name)).orElse(none);
            return String.join("_", direction, ethertype, portRangeMax.map(String::valueOf).orElse(none),
                    portRangeMin.map(String::valueOf).orElse(none), proto, remoteGroupId.orElse(none), prefix,
                    remoteAddressGroupId.orElse(none));
        }

        public static CheckedRule egress(String ethertype)
        {
            return new CheckedRule(SecurityGroupRule.EGRESS, ethertype, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), "");
        }

        public static CheckedRule ingressFrom(String ethertype, String groupId)
        {
            return new CheckedRule(SecurityGroupRule.INGRESS, ethertype, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(groupId), Optional.empty(), "");
        }
    }

    private SecurityGroupRuleChecks() {}

    public static CheckedRule check(SecurityGroupRuleRequest request)
    {
        String direction = request.direction().orElseThrow(() -> badRequest("Failed to parse request. Required attribute 'direction' not specified"));
        if (!DIRECTIONS.contains(direction)) {
            throw badRequest("Invalid input for direction. Reason: '" + direction + "' is not in " + quoted(DIRECTIONS) + ".");
        }
        String ethertype = ethertype(request.ethertype());
        Optional<String> protocol = protocol(request.protocol());
        Optional<Integer> min = port(request.portRangeMin());
        Optional<Integer> max = port(request.portRangeMax());
        Optional<AddressPrefix> prefix = request.remoteIpPrefix().map(AddressPrefix::parse);
        String description = request.description().orElse("");
        if (description.length() > MAX_DESCRIPTION) {
            throw badRequest("Invalid input for description. Reason: '" + description.substring(0, 20) + "...' exceeds maximum length of "
                    + MAX_DESCRIPTION + ".");
        }

        // Neutron writes every IPv6 ICMP as ipv6-icmp (and protocol 1 as 58)
        if (ethertype.equals("IPv6") && protocol.isPresent()) {
            String given = protocol.get();
            if (given.equals(IpProtocols.ICMP) || given.equals(IpProtocols.IPV6_ICMP_LEGACY)) {
                protocol = Optional.of(IpProtocols.IPV6_ICMP);
            }
            else if (given.equals("1")) {
                protocol = Optional.of("58");
            }
        }
        checkPortRange(protocol, min, max);
        if (prefix.isPresent() && !prefix.get().ethertype().equals(ethertype)) {
            throw new ApiException(SECURITY_GROUP_RULE_PARAMETER_CONFLICT,
                    "Conflicting value ethertype " + ethertype + " for CIDR " + request.remoteIpPrefix().orElseThrow());
        }
        if (protocol.isPresent() && ethertype.equals("IPv4") && IpProtocols.ipv6Only(protocol.get())) {
            throw new ApiException(SECURITY_GROUP_ETHERTYPE_CONFLICT_WITH_PROTOCOL,
                    "Invalid ethertype " + ethertype + " for protocol " + protocol.get() + ".");
        }
        int remotes = (prefix.isPresent() ? 1 : 0) + (request.remoteGroupId().isPresent() ? 1 : 0) + (request.remoteAddressGroupId().isPresent() ? 1 : 0);
        if (remotes > 1) {
            if (request.remoteAddressGroupId().isEmpty()) {
                throw new ApiException(SECURITY_GROUP_REMOTE_GROUP_AND_REMOTE_IP_PREFIX, "Only remote_ip_prefix or remote_group_id may be provided.");
            }
            throw new ApiException(SECURITY_GROUP_MULTIPLE_REMOTE_ENTITIES,
                    "Only one of remote_ip_prefix, remote_group_id and remote_address_group_id may be provided.");
        }
        return new CheckedRule(direction, ethertype, protocol, min, max, prefix.map(AddressPrefix::toString), request.remoteGroupId(),
                request.remoteAddressGroupId(), description);
    }

    private static String ethertype(Optional<String> given)
    {
        if (given.isEmpty()) {
            return "IPv4";
        }
        for (String ethertype : ETHERTYPES) {
            if (ethertype.equalsIgnoreCase(given.get())) {
                return ethertype;
            }
        }
        throw badRequest("Invalid input for ethertype. Reason: '" + given.get() + "' is not in " + quoted(ETHERTYPES) + ".");
    }

    /** A name (lower-cased), a number 0 to 255 as its digits, or none for {@code any}, {@code 0} or null. */
    static Optional<String> protocol(Optional<String> given)
    {
        if (given.isEmpty()) {
            return Optional.empty();
        }
        String text = given.get().strip().toLowerCase(Locale.ROOT);
        if (!text.isEmpty() && text.length() <= 4 && text.chars().allMatch(Character::isDigit)) {
            int number = Integer.parseInt(text);
            if (number <= 255) {
                return number == 0 ? Optional.empty() : Optional.of(String.valueOf(number));
            }
        }
        else if (text.equals("any")) {
            return Optional.empty();
        }
        else if (IpProtocols.NUMBERS.containsKey(text)) {
            return Optional.of(text);
        }
        throw new ApiException(SECURITY_GROUP_RULE_INVALID_PROTOCOL, "Security group rule protocol " + given.get()
                + " not supported. Only protocol values " + IpProtocols.supportedNames() + " and integer representations [0 to 255] are supported.");
    }

    static Optional<Integer> port(Optional<String> given)
    {
        if (given.isEmpty()) {
            return Optional.empty();
        }
        String text = given.get().strip();
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            throw new ApiException(SECURITY_GROUP_INVALID_PORT_VALUE, "Invalid value for port " + given.get());
        }
        int value = Integer.parseInt(digits) * (negative ? -1 : 1);
        if (value < 0 || value > 65535) {
            throw new ApiException(SECURITY_GROUP_INVALID_PORT_VALUE, "Invalid value for port " + given.get());
        }
        return Optional.of(value);
    }

    private static void checkPortRange(Optional<String> protocol, Optional<Integer> min, Optional<Integer> max)
    {
        if (min.isEmpty() && max.isEmpty()) {
            return;
        }
        if (protocol.isEmpty()) {
            throw new ApiException(SECURITY_GROUP_PROTOCOL_REQUIRED_WITH_PORTS, "Must also specify protocol if port range is given.");
        }
        int number = IpProtocols.number(protocol.get()).orElseThrow();
        if (IpProtocols.takesPorts(number)) {
            if (min.equals(Optional.of(0)) || max.equals(Optional.of(0))) {
                throw new ApiException(SECURITY_GROUP_INVALID_PORT_VALUE, "Invalid value for port 0");
            }
            if (min.isEmpty() || max.isEmpty() || min.get() > max.get()) {
                throw new ApiException(SECURITY_GROUP_INVALID_PORT_RANGE, "For TCP/UDP protocols, port_range_min must be <= port_range_max");
            }
        }
        else if (IpProtocols.isIcmp(number)) {
            if (min.isPresent() && min.get() > 255) {
                throw new ApiException(SECURITY_GROUP_INVALID_ICMP_VALUE,
                        "Invalid value for ICMP type (port-range-min) " + min.get() + ". It must be 0 to 255.");
            }
            if (max.isPresent() && max.get() > 255) {
                throw new ApiException(SECURITY_GROUP_INVALID_ICMP_VALUE,
                        "Invalid value for ICMP code (port-range-max) " + max.get() + ". It must be 0 to 255.");
            }
            if (min.isEmpty()) {
                throw new ApiException(SECURITY_GROUP_MISSING_ICMP_TYPE,
                        "ICMP code (port-range-max) " + max.orElseThrow() + " is provided but ICMP type (port-range-min) is missing.");
            }
        }
        else {
            throw new ApiException(SECURITY_GROUP_INVALID_PROTOCOL_FOR_PORT, "Ports cannot be specified for protocol " + protocol.get()
                    + ". Only ports for TCP, UDP, UDPLITE, SCTP, DCCP are supported.");
        }
    }

    private static String quoted(List<String> values)
    {
        return "[" + String.join(", ", values.stream().map(value -> "'" + value + "'").toList()) + "]";
    }

    private static ApiException badRequest(String message)
    {
        return new ApiException(NetworkErrorCode.BAD_REQUEST, message);
    }
}
