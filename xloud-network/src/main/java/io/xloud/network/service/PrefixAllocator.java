package io.xloud.network.service;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds room in a subnet pool: the lowest free prefix of a length, or whether a given prefix is free. Pure
 * arithmetic; the caller holds the pool's lock, so what it finds is still free when it records it.
 */
public final class PrefixAllocator
{
    private PrefixAllocator() {}

    /** The lowest block of {@code length} inside one of {@code prefixes} that overlaps none of {@code allocated}. */
    public static Optional<CidrBlock> firstFree(List<CidrBlock> prefixes, List<CidrBlock> allocated, int length)
    {
        List<CidrBlock> taken = new ArrayList<>(allocated);
        taken.sort(CidrBlock.ORDER);
        for (CidrBlock prefix : CidrBlock.merge(prefixes)) {
            if (prefix.prefixLength() > length) {
                continue;
            }
            BigInteger blockSize = BigInteger.ONE.shiftLeft(CidrBlock.bits(prefix.version()) - length);
            BigInteger cursor = prefix.first();
            while (cursor.add(blockSize).subtract(BigInteger.ONE).compareTo(prefix.last()) <= 0) {
                CidrBlock candidate = new CidrBlock(prefix.version(), cursor, length);
                Optional<CidrBlock> clash = taken.stream().filter(candidate::overlaps).findFirst();
                if (clash.isEmpty()) {
                    return Optional.of(candidate);
                }
                // jump past the clash, aligned to the block size
                BigInteger next = clash.get().last().add(BigInteger.ONE);
                BigInteger remainder = next.mod(blockSize);
                cursor = remainder.signum() == 0 ? next : next.add(blockSize.subtract(remainder));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code wanted} lies inside one of {@code prefixes} and overlaps none of {@code allocated}. */
    public static boolean isFree(List<CidrBlock> prefixes, List<CidrBlock> allocated, CidrBlock wanted)
    {
        return CidrBlock.merge(prefixes).stream().anyMatch(prefix -> prefix.contains(wanted))
                && allocated.stream().noneMatch(wanted::overlaps);
    }
}
