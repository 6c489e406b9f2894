package io.xloud.network.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortRangeTest
{
    @Test
    void rangesOverlapWhenTheyShareAPort()
    {
        PortForwarding.PortRange range = new PortForwarding.PortRange(1000, 1009);
        assertThat(range.overlaps(new PortForwarding.PortRange(1009, 1009))).isTrue();
        assertThat(range.overlaps(new PortForwarding.PortRange(990, 1000))).isTrue();
        assertThat(range.overlaps(new PortForwarding.PortRange(1010, 1020))).isFalse();
        assertThat(range.size()).isEqualTo(10);
        assertThat(range.single()).isFalse();
        assertThat(range).hasToString("1000:1009");
    }

    @Test
    void aRangeLiesWithinTheLayerFourPortsAndRunsForward()
    {
        assertThatThrownBy(() -> new PortForwarding.PortRange(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortForwarding.PortRange(1, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortForwarding.PortRange(9, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PortForwarding.PortRange(22, 22).single()).isTrue();
    }
}
