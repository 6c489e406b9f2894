package io.xloud.network.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Addresses and CIDRs parsed strictly and written as netaddr writes them. */
class IpTest
{
    @Test
    void ipv4AddressesAndCidrs()
    {
        assertThat(Ip.parse("10.0.0.1").map(Ip::format)).contains("10.0.0.1");
        assertThat(Ip.parseCidr("10.0.0.77/24").map(Ip.Cidr::toString)).contains("10.0.0.0/24");
        assertThat(Ip.parseCidr("10.0.0.0/24").orElseThrow().last().toString()).isEqualTo("10.0.0.255");
        assertThat(Ip.parseCidr("10.0.0.0/24").orElseThrow().overlaps(Ip.parseCidr("10.0.0.128/25").orElseThrow())).isTrue();
        assertThat(Ip.parseCidr("10.0.0.0/24").orElseThrow().overlaps(Ip.parseCidr("10.0.1.0/24").orElseThrow())).isFalse();
        assertThat(Ip.parseCidr("10.0.0.0/24").orElseThrow().overlaps(Ip.parseCidr("2001:db8::/64").orElseThrow())).isFalse();
    }

    @Test
    void ipv6IsWrittenInItsCanonicalForm()
    {
        assertThat(Ip.parse("2001:0DB8:0000:0000:0000:0000:0000:0001").map(Ip::format)).contains("2001:db8::1");
        assertThat(Ip.parse("2001:db8:1:0:ffff:0:0:1").map(Ip::format)).contains("2001:db8:1:0:ffff::1");
        assertThat(Ip.parse("::").map(Ip::format)).contains("::");
        assertThat(Ip.parse("::1").map(Ip::format)).contains("::1");
        assertThat(Ip.parseCidr("2001:db8::5/64").map(Ip.Cidr::toString)).contains("2001:db8::/64");
    }

    @Test
    void anythingElseIsNoAddress()
    {
        for (String text : List.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "localhost", "example.com", ":::", "1::2::3", "[::1]",
                "::ffff:1.2.3.4", "1.2.3.4 ", "g::1", "x".repeat(100))) {
            assertThat(Ip.parse(text)).as(text).isEqualTo(Optional.empty());
        }
        for (String text : List.of("10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/a", "2001:db8::/129", "nonsense/24")) {
            assertThat(Ip.parseCidr(text)).as(text).isEmpty();
        }
    }

    @Test
    void eui64FollowsTheMac()
    {
        Ip.Cidr prefix = Ip.parseCidr("2001:db8:30::/64").orElseThrow();
        assertThat(Ip.format(Ip.eui64(prefix, "fa:16:3e:12:34:56"))).isEqualTo("2001:db8:30:0:f816:3eff:fe12:3456");
        assertThat(Ip.mac("FA-16-3E-12-34-56")).contains("fa:16:3e:12:34:56");
        assertThat(Ip.mac("fa:16:3e:12:34")).isEmpty();
    }
}
