package io.xloud.network.pools;

import io.xloud.network.service.CidrBlock;
import io.xloud.network.service.PrefixAllocator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Prefix arithmetic: strict parsing, canonical text, merging, subtraction and the search for free blocks. */
class CidrBlockTest
{
    private static List<CidrBlock> blocks(String... texts)
    {
        return Stream.of(texts).map(CidrBlock::of).toList();
    }

    @Test
    void parsesStrictlyAndNormalises()
    {
        assertThat(CidrBlock.of("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
        assertThat(CidrBlock.of("10.1.2.3").toString()).isEqualTo("10.1.2.3/32");
        assertThat(CidrBlock.of("2001:DB8:0:0:1::/64").toString()).isEqualTo("2001:db8:0:0::/64".replace("0:0::", ":"));
        assertThat(CidrBlock.of("::ffff:10.0.0.1/128").toString()).isEqualTo("::ffff:a00:1/128");
        assertThat(CidrBlock.of("2001:db8:0:1:1:1:1:1/128").toString()).isEqualTo("2001:db8:0:1:1:1:1:1/128");
        assertThat(CidrBlock.of("::/0").toString()).isEqualTo("::/0");
        for (String bad : List.of("", "10.0.0/8", "10.0.0.256/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "1::2::3/64", "2001:db8::/129",
                "12345::/64", "localhost", "10.0.0.0/8/8", "a.b.c.d/8", "1:2:3:4:5:6:7:8:9/64", " 10.0.0.0/8", "10.0.0.0/0x8")) {
            assertThat(CidrBlock.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void mergesAndSubtracts()
    {
        assertThat(CidrBlock.merge(blocks("10.0.1.0/24", "10.0.0.0/24", "10.0.0.128/25")).toString()).isEqualTo("[10.0.0.0/23]");
        assertThat(CidrBlock.merge(blocks("10.0.1.0/24", "10.0.2.0/24")).toString()).isEqualTo("[10.0.1.0/24, 10.0.2.0/24]");
        assertThat(CidrBlock.subtract(blocks("10.0.0.0/23"), blocks("10.0.1.0/24")).toString()).isEqualTo("[10.0.0.0/24]");
        assertThat(CidrBlock.subtract(blocks("10.0.0.0/22"), blocks("10.0.1.0/24")).toString()).isEqualTo("[10.0.0.0/24, 10.0.2.0/23]");
        assertThat(CidrBlock.subtract(blocks("10.0.0.0/24"), blocks("10.0.0.0/8"))).isEmpty();
    }

    @Test
    void findsTheLowestFreeBlock()
    {
        List<CidrBlock> pool = blocks("10.0.0.0/24");
        assertThat(PrefixAllocator.firstFree(pool, List.of(), 26).orElseThrow().toString()).isEqualTo("10.0.0.0/26");
        assertThat(PrefixAllocator.firstFree(pool, blocks("10.0.0.0/28"), 26).orElseThrow().toString()).isEqualTo("10.0.0.64/26");
        assertThat(PrefixAllocator.firstFree(pool, blocks("10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/27"), 27).orElseThrow().toString())
                .isEqualTo("10.0.0.224/27");
        assertThat(PrefixAllocator.firstFree(pool, blocks("10.0.0.0/25", "10.0.0.128/25"), 30)).isEmpty();
        assertThat(PrefixAllocator.firstFree(pool, List.of(), 16)).isEmpty();
        assertThat(PrefixAllocator.isFree(pool, blocks("10.0.0.0/28"), CidrBlock.of("10.0.0.16/28"))).isTrue();
        assertThat(PrefixAllocator.isFree(pool, blocks("10.0.0.0/28"), CidrBlock.of("10.0.0.0/27"))).isFalse();
        assertThat(PrefixAllocator.isFree(pool, List.of(), CidrBlock.of("10.0.1.0/28"))).isFalse();
        assertThat(PrefixAllocator.firstFree(blocks("2001:db8::/48"), blocks("2001:db8::/64"), 64).orElseThrow().toString())
                .isEqualTo("2001:db8:0:1::/64");
    }
}
