package io.xloud.network.api;

import io.xloud.network.service.FloatingIp;
import io.xloud.network.service.NetworkTopology;
import io.xloud.network.service.PortForwarding;
import io.xloud.network.service.Router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Routers, floating IPs and port forwardings as Neutron shows them. */
final class L3Views
{
    private L3Views() {}

    static Map<String, Object> router(Router router, List<NetworkTopology.FixedIp> gatewayAddresses)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", router.id());
        view.put("name", router.name());
        view.put("status", router.status());
        view.put("admin_state_up", router.adminStateUp());
        view.put("external_gateway_info", router.gateway().map(gateway -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("network_id", gateway.networkId());
            info.put("enable_snat", gateway.enableSnat());
            info.put("external_fixed_ips", fixedIps(gatewayAddresses));
            return (Object) info;
        }).orElse(null));
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Router.Route route : router.routes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("destination", route.destination());
            entry.put("nexthop", route.nexthop());
            routes.add(entry);
        }
        view.put("routes", routes);
        view.put("availability_zone_hints", router.availabilityZoneHints());
        view.put("availability_zones", List.of("nova"));
        return StandardViews.put(view, router.standard());
    }

    static List<Map<String, Object>> fixedIps(List<NetworkTopology.FixedIp> fixedIps)
    {
        List<Map<String, Object>> shown = new ArrayList<>();
        for (NetworkTopology.FixedIp ip : fixedIps) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("subnet_id", ip.subnetId());
            entry.put("ip_address", ip.ipAddress());
            shown.add(entry);
        }
        return shown;
    }

    static Map<String, Object> floatingIp(FloatingIp fip, Optional<NetworkTopology.PortInfo> port, List<PortForwarding> forwardings)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", fip.id());
        view.put("floating_ip_address", fip.floatingIpAddress());
        view.put("floating_network_id", fip.floatingNetworkId());
        view.put("router_id", fip.routerId().orElse(null));
        view.put("port_id", fip.association().map(FloatingIp.Association::portId).orElse(null));
        view.put("fixed_ip_address", fip.association().map(FloatingIp.Association::fixedIpAddress).orElse(null));
        view.put("status", fip.status());
        view.put("qos_policy_id", fip.qosPolicyId().orElse(null));
        view.put("port_details", port.map(found -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", found.name());
            details.put("network_id", found.networkId());
            details.put("mac_address", found.macAddress());
            details.put("admin_state_up", found.adminStateUp());
            details.put("status", found.status());
            details.put("device_id", found.deviceId());
            details.put("device_owner", found.deviceOwner());
            return (Object) details;
        }).orElse(null));
        List<Map<String, Object>> shown = new ArrayList<>();
        for (PortForwarding forwarding : forwardings) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("protocol", forwarding.protocol());
            entry.put("internal_ip_address", forwarding.internalIpAddress());
            entry.put("internal_port", forwarding.internalPorts().single() ? forwarding.internalPorts().first() : null);
            entry.put("external_port", forwarding.externalPorts().single() ? forwarding.externalPorts().first() : null);
            entry.put("internal_port_range", forwarding.internalPorts().toString());
            entry.put("external_port_range", forwarding.externalPorts().toString());
            shown.add(entry);
        }
        view.put("port_forwardings", shown);
        return StandardViews.put(view, fip.standard());
    }

    static Map<String, Object> portForwarding(PortForwarding forwarding)
    {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", forwarding.id());
        view.put("external_port", forwarding.externalPorts().single() ? forwarding.externalPorts().first() : null);
        view.put("internal_port", forwarding.internalPorts().single() ? forwarding.internalPorts().first() : null);
        view.put("internal_ip_address", forwarding.internalIpAddress());
        view.put("protocol", forwarding.protocol());
        view.put("internal_port_id", forwarding.internalPortId());
        view.put("description", forwarding.description());
        view.put("external_port_range", forwarding.externalPorts().toString());
        view.put("internal_port_range", forwarding.internalPorts().toString());
        return view;
    }
}
