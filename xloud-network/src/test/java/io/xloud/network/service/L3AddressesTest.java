package io.xloud.network.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class L3AddressesTest
{
    @Test
    void addressesAreLiteralsInTheirCanonicalSpelling()
    {
        assertThat(L3Addresses.canonical("10.0.0.1")).contains("10.0.0.1");
        assertThat(L3Addresses.canonical("2001:DB8:0:0:0:0:0:1")).contains("2001:db8::1");
        assertThat(L3Addresses.canonical("fe80:0:0:1:0:0:0:0")).contains("fe80:0:0:1::");
        assertThat(L3Addresses.canonical("::")).contains("::");
        assertThat(L3Addresses.canonical("localhost")).isEmpty();
        assertThat(L3Addresses.canonical("10.0.0.256")).isEmpty();
        assertThat(L3Addresses.canonical("010.0.0.1")).isEmpty();
        assertThat(L3Addresses.canonical("")).isEmpty();
        assertThat(L3Addresses.canonical("1:2:3")).isEmpty();
    }

    @Test
    void prefixesContainOverlapAndKnowTheirCanonicalForm()
    {
        L3Addresses.Prefix wide = L3Addresses.prefix("10.0.0.0/16").orElseThrow();
        L3Addresses.Prefix narrow = L3Addresses.prefix("10.0.5.0/24").orElseThrow();
        L3Addresses.Prefix apart = L3Addresses.prefix("10.1.0.0/24").orElseThrow();
        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(wide.overlaps(apart)).isFalse();
        assertThat(wide.contains(L3Addresses.address("10.0.255.255").orElseThrow())).isTrue();
        assertThat(wide.contains(L3Addresses.address("10.1.0.0").orElseThrow())).isFalse();
        assertThat(wide.overlaps(L3Addresses.prefix("2001:db8::/32").orElseThrow())).isFalse();
        assertThat(L3Addresses.isNormal("10.0.0.0/24")).isTrue();
        assertThat(L3Addresses.isNormal("10.0.0.1/24")).isFalse();
        assertThat(L3Addresses.prefix("10.0.0.1/24").orElseThrow()).hasToString("10.0.0.0/24");
        assertThat(L3Addresses.isNormal("2001:db8::/64")).isTrue();
        assertThat(L3Addresses.prefix("10.0.0.0/33")).isEmpty();
        assertThat(L3Addresses.prefix("10.0.0.0/")).isEmpty();
        assertThat(L3Addresses.prefix("10.0.0.0/2/3")).isEmpty();
    }

    @Test
    void portRangesOverlapWhenTheyShareAPort()
    {
        PortForwarding.PortRange range = new PortForwarding.PortRange(1000, 1009);
        assertThat(range.overlaps(new PortForwarding.PortRange(1009, 1009))).isTrue();
        assertThat(range.overlaps(new PortForwarding.PortRange(1010, 1020))).isFalse();
        assertThat(range.size()).isEqualTo(10);
        assertThat(range).hasToString("1000:1009");
    }
}
