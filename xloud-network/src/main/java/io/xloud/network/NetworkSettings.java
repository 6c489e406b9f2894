package io.xloud.network;

import io.xloud.core.config.XloudConfig;
import io.xloud.core.config.XloudConfig.Key;

import java.util.List;

/** Settings of the networking service. */
public record NetworkSettings(String publicCidr, String publicNetworkName, int defaultMtu, String macPrefix)
{
    public static final String PUBLIC_CIDR = "network.public_cidr";

    public static List<Key> keys()
    {
        return List.of(
                new Key(PUBLIC_CIDR, "172.24.4.0/24", "CIDR of the subnet of the external network 'public' made at first start; empty makes none"),
                new Key("network.public_network_name", "public", "name of the external network made at first start"),
                new Key("network.default_mtu", "1500", "MTU of new networks"),
                new Key("network.mac_prefix", "fa:16:3e", "first three octets of the MAC addresses of new ports"));
    }

    public static NetworkSettings from(XloudConfig config)
    {
        return new NetworkSettings(config.optional(PUBLIC_CIDR).orElse(""), config.get("network.public_network_name"),
                config.getInt("network.default_mtu"), config.get("network.mac_prefix"));
    }

    /** For a module started without configuration (tests). */
    public static NetworkSettings defaults()
    {
        return new NetworkSettings("172.24.4.0/24", "public", 1500, "fa:16:3e");
    }
}
