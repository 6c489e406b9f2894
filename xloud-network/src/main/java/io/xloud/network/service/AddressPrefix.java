package io.xloud.network.service;

import io.xloud.core.error.ApiException;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An IPv4 or IPv6 prefix as security group rules and address groups take it ({@code 10.0.0.0/8}, {@code 2001:db8::/32},
 * or a bare address meaning /32 or /128), parsed without name lookups and written as Neutron writes it: the network
 * address (host bits cleared) with its length, IPv6 in its compressed lower-case form.
 */
public record AddressPrefix(int version, BigInteger network, int length)
{
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern LENGTH = Pattern.compile("\\d{1,3}");

    public AddressPrefix
    {
        requireNonNull(network, "network is null");
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("version must be 4 or 6");
        }
        if (length < 0 || length > bits(version)) {
            throw new IllegalArgumentException("bad prefix length " + length);
        }
    }

    /** The prefix of a client's text, or an {@code InvalidCIDR} 400. */
    public static AddressPrefix parse(String text)
    {
        return tryParse(text).orElseThrow(() -> new ApiException(SecurityErrorCode.INVALID_CIDR,
                "Invalid input for remote_ip_prefix. Reason: '" + text + "' is not a valid IP subnet."));
    }

    public static Optional<AddressPrefix> tryParse(String text)
    {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        String address = text;
        Optional<Integer> length = Optional.empty();
        int slash = text.indexOf('/');
        if (slash >= 0) {
            address = text.substring(0, slash);
            String given = text.substring(slash + 1);
            if (!LENGTH.matcher(given).matches()) {
                return Optional.empty();
            }
            length = Optional.of(Integer.parseInt(given));
        }
        Optional<BigInteger> value;
        int version;
        if (address.contains(":")) {
            version = 6;
            value = ipv6(address);
        }
        else {
            version = 4;
            value = ipv4(address);
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int bits = bits(version);
        int prefix = length.orElse(bits);
        if (prefix > bits) {
            return Optional.empty();
        }
        return Optional.of(new AddressPrefix(version, mask(value.get(), prefix, bits), prefix));
    }

    public String ethertype()
    {
        return "IPv" + version;
    }

    /** Whether this is every address of its version ({@code 0.0.0.0/0} or {@code ::/0}). */
    public boolean isAny()
    {
        return length == 0;
    }

    @Override
    public String toString()
    {
        return (version == 4 ? formatIpv4(network) : formatIpv6(network)) + "/" + length;
    }

    private static int bits(int version)
    {
        return version == 4 ? 32 : 128;
    }

    private static BigInteger mask(BigInteger value, int prefix, int bits)
    {
        BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        return value.and(all.xor(hostMask));
    }

    private static Optional<BigInteger> ipv4(String text)
    {
        var matcher = IPV4.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(matcher.group(i));
            if (octet > 255) {
                return Optional.empty();
            }
            value = value << 8 | octet;
        }
        return Optional.of(BigInteger.valueOf(value));
    }

    private static Optional<BigInteger> ipv6(String text)
    {
        // only hex digits, colons and dots reach the JDK's parser, so it never resolves a name
        if (!IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName("[" + text + "]").getAddress();
            if (bytes.length == 4) {
                // an IPv4-mapped address the JDK folds to IPv4: keep it as the IPv6 address it was given as
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                bytes = mapped;
            }
            return Optional.of(new BigInteger(1, bytes));
        }
        catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String formatIpv4(BigInteger value)
    {
        long v = value.longValue();
        return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String formatIpv6(BigInteger value)
    {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
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
}
