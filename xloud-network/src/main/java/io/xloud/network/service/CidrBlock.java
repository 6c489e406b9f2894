package io.xloud.network.service;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An IPv4 or IPv6 prefix ({@code 10.0.0.0/24}, {@code 2001:db8::/48}) as plain numbers: the network address with its
 * host bits cleared and the prefix length. Parsing is strict and never resolves names; a CIDR with host bits set is
 * normalised, as Neutron does.
 */
public record CidrBlock(int version, BigInteger network, int prefixLength)
        implements Comparable<CidrBlock>
{
    public static final Comparator<CidrBlock> ORDER = Comparator.comparingInt(CidrBlock::version)
            .thenComparing(CidrBlock::network)
            .thenComparingInt(CidrBlock::prefixLength);

    public CidrBlock
    {
        requireNonNull(network, "network is null");
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("version must be 4 or 6");
        }
        if (prefixLength < 0 || prefixLength > bits(version)) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        network = network.andNot(hostMask(version, prefixLength));
    }

    public static int bits(int version)
    {
        return version == 4 ? 32 : 128;
    }

    private static BigInteger hostMask(int version, int prefixLength)
    {
        return BigInteger.ONE.shiftLeft(bits(version) - prefixLength).subtract(BigInteger.ONE);
    }

    /** Parses {@code address/length}; an address without a length is a host prefix (/32 or /128). */
    public static Optional<CidrBlock> parse(String text)
    {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<Address> parsed = Address.parse(address);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        int version = parsed.get().version();
        int length = bits(version);
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            length = Integer.parseInt(digits);
            if (length > bits(version)) {
                return Optional.empty();
            }
        }
        return Optional.of(new CidrBlock(version, parsed.get().value(), length));
    }

    public static CidrBlock of(String text)
    {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + text));
    }

    public BigInteger size()
    {
        return BigInteger.ONE.shiftLeft(bits(version) - prefixLength);
    }

    public BigInteger first()
    {
        return network;
    }

    public BigInteger last()
    {
        return network.add(size()).subtract(BigInteger.ONE);
    }

    public boolean contains(CidrBlock other)
    {
        return version == other.version && prefixLength <= other.prefixLength
                && other.network.compareTo(network) >= 0 && other.last().compareTo(last()) <= 0;
    }

    public boolean contains(BigInteger address)
    {
        return address.compareTo(first()) >= 0 && address.compareTo(last()) <= 0;
    }

    public boolean overlaps(CidrBlock other)
    {
        return version == other.version && other.first().compareTo(last()) <= 0 && other.last().compareTo(first()) >= 0;
    }

    /**
     * The fewest prefixes that cover exactly the given ones (netaddr's cidr_merge): duplicates and contained prefixes
     * disappear and adjacent halves join; sorted.
     */
    public static List<CidrBlock> merge(List<CidrBlock> blocks)
    {
        List<CidrBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(ORDER);
        List<CidrBlock> result = new ArrayList<>();
        for (CidrBlock block : sorted) {
            CidrBlock current = block;
            if (!result.isEmpty() && result.getLast().contains(current)) {
                continue;
            }
            result.add(current);
            // join a block with the one before it while the two are the halves of one larger block
            while (result.size() >= 2) {
                CidrBlock right = result.getLast();
                CidrBlock left = result.get(result.size() - 2);
                if (left.version == right.version && left.prefixLength == right.prefixLength && left.prefixLength > 0
                        && left.last().add(BigInteger.ONE).equals(right.first())
                        && !left.network.testBit(bits(left.version) - left.prefixLength)) {
                    result.removeLast();
                    result.removeLast();
                    CidrBlock joined = new CidrBlock(left.version, left.network, left.prefixLength - 1);
                    while (!result.isEmpty() && joined.contains(result.getLast())) {
                        result.removeLast();
                    }
                    result.add(joined);
                }
                else {
                    break;
                }
            }
        }
        return List.copyOf(result);
    }

    /** The prefixes that cover what is in {@code from} but not in {@code remove} (netaddr's IPSet difference). */
    public static List<CidrBlock> subtract(List<CidrBlock> from, List<CidrBlock> remove)
    {
        List<CidrBlock> pending = new ArrayList<>(merge(from));
        List<CidrBlock> result = new ArrayList<>();
        while (!pending.isEmpty()) {
            CidrBlock block = pending.removeFirst();
            boolean covered = false;
            boolean split = false;
            for (CidrBlock cut : remove) {
                if (cut.contains(block)) {
                    covered = true;
                    break;
                }
                if (block.overlaps(cut)) {
                    split = true;
                    break;
                }
            }
            if (covered) {
                continue;
            }
            if (split) {
                CidrBlock low = new CidrBlock(block.version, block.network, block.prefixLength + 1);
                CidrBlock high = new CidrBlock(block.version, block.network.add(low.size()), block.prefixLength + 1);
                pending.addFirst(high);
                pending.addFirst(low);
                continue;
            }
            result.add(block);
        }
        return merge(result);
    }

    public String address()
    {
        return Address.format(version, network);
    }

    @Override
    public String toString()
    {
        return address() + "/" + prefixLength;
    }

    @Override
    public int compareTo(CidrBlock other)
    {
        return ORDER.compare(this, other);
    }

    /** One IP address as a number, parsed strictly (dotted quad, or IPv6 text with an optional dotted tail). */
    public record Address(int version, BigInteger value)
    {
        public Address
        {
            requireNonNull(value, "value is null");
        }

        public static Optional<Address> parse(String text)
        {
            if (text == null || text.isEmpty() || text.length() > 45) {
                return Optional.empty();
            }
            if (text.indexOf(':') < 0) {
                return parseIpv4(text).map(value -> new Address(4, BigInteger.valueOf(value)));
            }
            return parseIpv6(text).map(value -> new Address(6, value));
        }

        private static Optional<Long> parseIpv4(String text)
        {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            long value = 0;
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Optional.empty();
                }
                int octet = Integer.parseInt(part);
                if (octet > 255) {
                    return Optional.empty();
                }
                value = value << 8 | octet;
            }
            return Optional.of(value);
        }

        private static Optional<BigInteger> parseIpv6(String text)
        {
            int doubleColon = text.indexOf("::");
            if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
                return Optional.empty();
            }
            List<Integer> head = new ArrayList<>();
            List<Integer> tail = new ArrayList<>();
            String before = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
            String after = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
            if (!groups(before, head, doubleColon < 0 || after.isEmpty()) || !groups(after, tail, true)) {
                return Optional.empty();
            }
            int count = head.size() + tail.size();
            if (doubleColon < 0 ? count != 8 : count > 7) {
                return Optional.empty();
            }
            List<Integer> all = new ArrayList<>(head);
            for (int i = count; i < 8; i++) {
                all.add(0);
            }
            all.addAll(tail);
            BigInteger value = BigInteger.ZERO;
            for (int group : all) {
                value = value.shiftLeft(16).or(BigInteger.valueOf(group));
            }
            return Optional.of(value);
        }

        /** Hex groups separated by ':'; the last may be a dotted quad (two groups) when {@code ipv4Tail}. */
        private static boolean groups(String text, List<Integer> out, boolean ipv4Tail)
        {
            if (text.isEmpty()) {
                return true;
            }
            String[] parts = text.split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (i == parts.length - 1 && ipv4Tail && part.indexOf('.') >= 0) {
                    Optional<Long> ipv4 = parseIpv4(part);
                    if (ipv4.isEmpty()) {
                        return false;
                    }
                    out.add((int) (ipv4.get() >> 16));
                    out.add((int) (ipv4.get() & 0xffff));
                    continue;
                }
                if (part.isEmpty() || part.length() > 4) {
                    return false;
                }
                for (int c = 0; c < part.length(); c++) {
                    if (Character.digit(part.charAt(c), 16) < 0) {
                        return false;
                    }
                }
                out.add(Integer.parseInt(part, 16));
            }
            return true;
        }

        /** Canonical text: dotted quad, or lower-case IPv6 with the longest run of two or more zero groups as "::". */
        public static String format(int version, BigInteger value)
        {
            if (version == 4) {
                long v = value.longValue();
                return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
            }
            int[] groups = new int[8];
            for (int i = 0; i < 8; i++) {
                groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
            }
            int bestStart = -1;
            int bestLength = 0;
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
            if (bestLength < 2) {
                bestStart = -1;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    out.append("::");
                    i += bestLength - 1;
                    continue;
                }
                if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                    out.append(':');
                }
                out.append(Integer.toHexString(groups[i]));
            }
            return out.toString();
        }

        @Override
        public String toString()
        {
            return format(version, value);
        }
    }
}
