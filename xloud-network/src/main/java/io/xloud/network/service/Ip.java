package io.xloud.network.service;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 addresses as numbers, and CIDRs, parsed strictly from text (never through DNS) and written in their
 * canonical form, as Neutron (netaddr) writes them.
 */
public final class Ip
{
    private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");

    /** An address: its version and value. */
    public record Address(int version, BigInteger value)
            implements Comparable<Address>
    {
        public int bits()
        {
            return version == 4 ? 32 : 128;
        }

        public Address plus(long delta)
        {
            return new Address(version, value.add(BigInteger.valueOf(delta)));
        }

        @Override
        public int compareTo(Address other)
        {
            return version != other.version ? Integer.compare(version, other.version) : value.compareTo(other.value);
        }

        @Override
        public String toString()
        {
            return format(this);
        }
    }

    /** A network: its first address and prefix length. */
    public record Cidr(Address network, int prefix)
    {
        public int version()
        {
            return network.version();
        }

        public BigInteger size()
        {
            return BigInteger.ONE.shiftLeft(network.bits() - prefix);
        }

        public Address first()
        {
            return network;
        }

        public Address last()
        {
            return new Address(network.version(), network.value().add(size()).subtract(BigInteger.ONE));
        }

        public boolean contains(Address address)
        {
            return address.version() == version() && address.value().compareTo(first().value()) >= 0 && address.value().compareTo(last().value()) <= 0;
        }

        public boolean overlaps(Cidr other)
        {
            return other.version() == version() && contains(other.first()) || other.contains(first());
        }

        @Override
        public String toString()
        {
            return format(network) + "/" + prefix;
        }
    }

    private Ip() {}

    public static Optional<Address> parse(String text)
    {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        if (V4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            long value = 0;
            for (String part : parts) {
                value = value * 256 + Integer.parseInt(part);
            }
            return Optional.of(new Address(4, BigInteger.valueOf(value)));
        }
        if (!text.contains(":") || !V6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // only a literal reaches here (hex digits, colons and dots), so no name is ever resolved
            byte[] bytes = InetAddress.getByName(text).getAddress();
            if (bytes.length != 16) {
                return Optional.empty();
            }
            return Optional.of(new Address(6, new BigInteger(1, bytes)));
        }
        catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A CIDR ({@code 10.0.0.0/24}); host bits set are cleared, as Neutron normalises them. A bare address is a /32 or /128. */
    public static Optional<Cidr> parseCidr(String text)
    {
        if (text == null || text.length() > 49) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        Optional<Address> address = parse(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().bits();
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(length);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return Optional.of(new Cidr(new Address(address.get().version(), address.get().value().and(mask)), prefix));
    }

    public static String format(Address address)
    {
        if (address.version() == 4) {
            long value = address.value().longValue();
            return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
        }
        int[] groups = new int[8];
        BigInteger value = address.value();
        for (int i = 7; i >= 0; i--) {
            groups[i] = value.and(BigInteger.valueOf(0xffff)).intValue();
            value = value.shiftRight(16);
        }
        // RFC 5952: the longest run (of two or more) of zero groups becomes ::
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            else {
                i++;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** A MAC address in Neutron's form (lower case, colons), or empty when the text is none. */
    public static Optional<String> mac(String text)
    {
        if (text == null || !MAC.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(text.toLowerCase(Locale.ROOT).replace('-', ':'));
    }

    /** The EUI-64 address of a MAC in a /64 prefix, as SLAAC makes it. */
    public static Address eui64(Cidr prefix, String mac)
    {
        String[] octets = mac.split(":");
        int[] bytes = new int[8];
        bytes[0] = Integer.parseInt(octets[0], 16) ^ 0x02;
        bytes[1] = Integer.parseInt(octets[1], 16);
        bytes[2] = Integer.parseInt(octets[2], 16);
        bytes[3] = 0xff;
        bytes[4] = 0xfe;
        bytes[5] = Integer.parseInt(octets[3], 16);
        bytes[6] = Integer.parseInt(octets[4], 16);
        bytes[7] = Integer.parseInt(octets[5], 16);
        BigInteger value = BigInteger.ZERO;
        for (int b : bytes) {
            value = value.shiftLeft(8).or(BigInteger.valueOf(b));
        }
        return new Address(6, prefix.first().value().or(value));
    }
}
