package io.xloud.network.service;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * IPv4 and IPv6 addresses and prefixes as routes and floating IPs compare them. Only literals are parsed: a host
 * name is never resolved.
 */
public final class L3Addresses
{
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private L3Addresses() {}

    /** An address as a number, with its version. */
    public record Address(int version, BigInteger value)
    {
        public Address
        {
            requireNonNull(value, "value is null");
        }

        @Override
        public String toString()
        {
            byte[] bytes = value.toByteArray();
            int size = version == 4 ? 4 : 16;
            byte[] fixed = new byte[size];
            for (int i = 0; i < Math.min(size, bytes.length); i++) {
                fixed[size - 1 - i] = bytes[bytes.length - 1 - i];
            }
            try {
                String text = InetAddress.getByAddress(fixed).getHostAddress();
                return version == 6 ? compress(text) : text;
            }
            catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A prefix: a network address and a length. */
    public record Prefix(int version, BigInteger network, int length)
    {
        public Prefix
        {
            requireNonNull(network, "network is null");
        }

        private int bits()
        {
            return version == 4 ? 32 : 128;
        }

        private BigInteger size()
        {
            return BigInteger.ONE.shiftLeft(bits() - length);
        }

        public boolean contains(Address address)
        {
            return address.version() == version && address.value().subtract(network).signum() >= 0
                    && address.value().compareTo(network.add(size())) < 0;
        }

        public boolean overlaps(Prefix other)
        {
            if (other.version != version) {
                return false;
            }
            BigInteger end = network.add(size());
            BigInteger otherEnd = other.network.add(other.size());
            return network.compareTo(otherEnd) < 0 && other.network.compareTo(end) < 0;
        }

        @Override
        public String toString()
        {
            return new Address(version, network) + "/" + length;
        }
    }

    public static Optional<Address> address(String text)
    {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        if (IPV4.matcher(text).matches()) {
            return parse(text, 4);
        }
        if (text.contains(":") && IPV6.matcher(text).matches()) {
            return parse(text, 6);
        }
        return Optional.empty();
    }

    private static Optional<Address> parse(String text, int version)
    {
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            if ((version == 4) != (bytes.length == 4)) {
                return Optional.empty();
            }
            return Optional.of(new Address(version, new BigInteger(1, bytes)));
        }
        catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** A prefix as written, host bits included; {@link #isNormal} tells whether it has none. */
    public static Optional<Prefix> prefix(String text)
    {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            return Optional.empty();
        }
        Optional<Address> address = address(text.substring(0, slash));
        String lengthText = text.substring(slash + 1);
        if (address.isEmpty() || !lengthText.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int length = Integer.parseInt(lengthText);
        int bits = address.get().version() == 4 ? 32 : 128;
        if (length > bits) {
            return Optional.empty();
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE.shiftLeft(bits - length));
        return Optional.of(new Prefix(address.get().version(), address.get().value().and(mask), length));
    }

    /** Whether the text is the prefix's canonical spelling (no host bits, compressed IPv6). */
    public static boolean isNormal(String text)
    {
        return prefix(text).map(prefix -> prefix.toString().equals(text)).orElse(false);
    }

    /** The canonical spelling of an address: 10.0.0.1, 2001:db8::1. */
    public static Optional<String> canonical(String text)
    {
        return address(text).map(Address::toString);
    }

    /** Java spells IPv6 in full; Neutron (netaddr) compresses the longest run of zero groups. */
    static String compress(String full)
    {
        String[] groups = full.split(":");
        StringBuilder expanded = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            expanded.append(i == 0 ? "" : ":").append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
        }
        String[] parts = expanded.toString().split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < parts.length; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < parts.length && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength && j - i > 1) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            else {
                i++;
            }
        }
        if (bestStart < 0) {
            return String.join(":", parts);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLength, parts.length));
        return head + "::" + tail;
    }
}
