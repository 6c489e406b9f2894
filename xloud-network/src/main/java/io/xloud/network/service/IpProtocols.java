package io.xloud.network.service;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The IP protocols a security group rule names, as Neutron knows them (neutron-lib's IP_PROTOCOL_MAP): a name or a
 * number 0 to 255, and which of them carry ports or ICMP types.
 */
public final class IpProtocols
{
    public static final String ICMP = "icmp";
    public static final String IPV6_ICMP = "ipv6-icmp";
    public static final String IPV6_ICMP_LEGACY = "icmpv6";

    /** Names to numbers; {@code any} is every protocol. */
    public static final Map<String, Integer> NUMBERS;

    static {
        Map<String, Integer> numbers = new TreeMap<>();
        numbers.put("any", 0);
        numbers.put("ah", 51);
        numbers.put("dccp", 33);
        numbers.put("egp", 8);
        numbers.put("esp", 50);
        numbers.put("gre", 47);
        numbers.put("hopopt", 0);
        numbers.put("icmp", 1);
        numbers.put("igmp", 2);
        numbers.put("ip", 0);
        numbers.put("ipip", 4);
        numbers.put("ipv6-encap", 41);
        numbers.put("ipv6-frag", 44);
        numbers.put("ipv6-icmp", 58);
        numbers.put("icmpv6", 58);
        numbers.put("ipv6-nonxt", 59);
        numbers.put("ipv6-opts", 60);
        numbers.put("ipv6-route", 43);
        numbers.put("ospf", 89);
        numbers.put("pgm", 113);
        numbers.put("rsvp", 46);
        numbers.put("sctp", 132);
        numbers.put("tcp", 6);
        numbers.put("udp", 17);
        numbers.put("udplite", 136);
        numbers.put("vrrp", 112);
        NUMBERS = java.util.Collections.unmodifiableMap(numbers);
    }

    /** Protocols whose rules take a port range: TCP, UDP, UDP-Lite, SCTP, DCCP. */
    private static final Set<Integer> WITH_PORTS = Set.of(6, 17, 136, 132, 33);
    /** Protocols that exist only for IPv6 and conflict with an IPv4 rule. */
    private static final Set<String> IPV6_ONLY = Set.of("ipv6-encap", "ipv6-frag", "ipv6-icmp", "icmpv6", "ipv6-nonxt", "ipv6-opts",
            "ipv6-route", "41", "43", "44", "58", "59", "60");

    private IpProtocols() {}

    /** The protocol's number: its own for a numeric one, the map's for a name; empty for an unknown name. */
    public static Optional<Integer> number(String protocol)
    {
        if (protocol.chars().allMatch(Character::isDigit) && !protocol.isEmpty() && protocol.length() <= 3) {
            int number = Integer.parseInt(protocol);
            return number <= 255 ? Optional.of(number) : Optional.empty();
        }
        return Optional.ofNullable(NUMBERS.get(protocol));
    }

    public static boolean takesPorts(int number)
    {
        return WITH_PORTS.contains(number);
    }

    public static boolean isIcmp(int number)
    {
        return number == 1 || number == 58;
    }

    public static boolean ipv6Only(String protocol)
    {
        return IPV6_ONLY.contains(protocol);
    }

    /** The names Neutron lists in its "only protocol values ... are supported" message. */
    public static String supportedNames()
    {
        return "[None, " + String.join(", ", NUMBERS.keySet().stream().map(name -> "'" + name + "'").toList()) + "]";
    }
}
