package io.xloud.network.service;

import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPrefixTest
{
    @Test
    void prefixesAreWrittenAsTheirNetwork()
    {
        assertThat(AddressPrefix.parse("10.0.0.7/24")).hasToString("10.0.0.0/24");
        assertThat(AddressPrefix.parse("10.0.0.7")).hasToString("10.0.0.7/32");
        assertThat(AddressPrefix.parse("0.0.0.0/0").isAny()).isTrue();
        assertThat(AddressPrefix.parse("255.255.255.255/1")).hasToString("128.0.0.0/1");
        assertThat(AddressPrefix.parse("2001:DB8:0:0::1/64")).hasToString("2001:db8::/64");
        assertThat(AddressPrefix.parse("::/0")).hasToString("::/0");
        assertThat(AddressPrefix.parse("::1")).hasToString("::1/128");
        assertThat(AddressPrefix.parse("fe80::1:0:0:1/128")).hasToString("fe80::1:0:0:1/128");
        assertThat(AddressPrefix.parse("2001:db8:0:1:0:0:0:1/128")).hasToString("2001:db8:0:1::1/128");
        assertThat(AddressPrefix.parse("::ffff:10.0.0.1/128")).hasToString("::ffff:a00:1/128");
        assertThat(AddressPrefix.parse("1:0:0:2:0:0:0:3")).hasToString("1:0:0:2::3/128");
        assertThat(AddressPrefix.parse("10.0.0.0/8").ethertype()).isEqualTo("IPv4");
        assertThat(AddressPrefix.parse("2001:db8::/32").ethertype()).isEqualTo("IPv6");
    }

    @Test
    void anythingElseIsInvalidWithoutAnyNameLookup()
    {
        for (String bad : List.of("192.168.1./24", "192.168.1.1/33", "bad_prefix", "256", "1.2.3.4/", "1.2.3.4/a", "1.2.3.256", "::1/129",
                "fe80::1%eth0", "localhost", "example.com", ":::", "1:2:3:4:5:6:7:8:9", "", "/24", "1.2.3.4/-1", "10.0.0.0/8/8")) {
            assertThat(AddressPrefix.tryParse(bad)).as(bad).isEmpty();
        }
        assertThatThrownBy(() -> AddressPrefix.parse("nope")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(SecurityErrorCode.INVALID_CIDR));
    }
}
