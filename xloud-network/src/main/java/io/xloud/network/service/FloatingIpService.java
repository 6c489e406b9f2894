package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.FloatingIpStore;
import io.xloud.network.store.PortForwardingStore;
import io.xloud.network.store.RouterStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.xloud.network.service.RouterService.visible;
import static java.util.Objects.requireNonNull;

/**
 * Floating IPs: allocated from an external network's subnets through the core's IPAM (a port of their own),
 * associated with a fixed address of a port that a router with a gateway on that network reaches, disassociated,
 * released.
 */
public final class FloatingIpService
{
    public static final String QUOTA = "floatingip";
    public static final String TABLE = "floatingips";
    public static final String RESOURCE = "floatingip";

    private final NetworkContext context;
    private final NetworkTopology topology;
    private final FloatingIpStore floatingIps;
    private final RouterStore routers;
    private final PortForwardingStore forwardings;
    private volatile QosAttachments qos = QosAttachments.none();

    public FloatingIpService(NetworkContext context, NetworkTopology topology)
    {
        this.context = requireNonNull(context, "context is null");
        this.topology = requireNonNull(topology, "topology is null");
        this.floatingIps = new FloatingIpStore(context.work());
        this.routers = new RouterStore(context.work());
        this.forwardings = new PortForwardingStore(context.work());
    }

    /** Plugs in QoS (the QoS resource calls this as it starts): which policies a floating IP may name (qos-fip). */
    public void useQos(QosAttachments attachments)
    {
        this.qos = requireNonNull(attachments, "attachments is null");
    }

    static ApiException notFound(String id)
    {
        return new ApiException(L3ErrorCode.FLOATING_IP_NOT_FOUND, "Floating IP " + id + " could not be found");
    }

    static ApiException badRequest(String message)
    {
        return new ApiException(L3ErrorCode.BAD_REQUEST, "Bad floatingip request: " + message);
    }

    /** The list's declaration: filters, sort keys, paging. */
    public static final ListSpec LIST = FloatingIpStore.SPEC;

    /** A page of the floating IPs the caller may see: every one for an admin, its project's otherwise. */
    public Page<FloatingIp> list(Caller caller, ListRequest request)
    {
        List<SqlPredicate> scope = caller.admin() ? List.of()
                : List.of(SqlPredicate.of("floatingips.project_id = :l3_scope", "l3_scope", caller.projectId()));
        return floatingIps.page(request, scope);
    }

    /** The port forwardings of a floating IP, for its view. */
    public List<PortForwarding> portForwardings(FloatingIp fip)
    {
        return forwardings.ofFloatingIp(fip.id());
    }

    public FloatingIp get(Caller caller, String id)
    {
        return floatingIps.find(id).filter(fip -> visible(caller, fip.projectId())).orElseThrow(() -> notFound(id));
    }

    /** The associated port as fip-port-details shows it, if it still exists. */
    public Optional<NetworkTopology.PortInfo> portDetails(FloatingIp fip)
    {
        return fip.association().flatMap(association -> topology.port(association.portId()));
    }

    public FloatingIp create(Caller caller, FloatingIpRequests.Create request)
    {
        NetworkTopology.NetworkInfo network = topology.network(request.floatingNetworkId())
                .filter(found -> found.externalTo(request.projectId()) || found.shared() || visible(caller, found.projectId()))
                .orElseThrow(() -> new ApiException(L3ErrorCode.NETWORK_NOT_FOUND, "Network " + request.floatingNetworkId() + " could not be found."));
        if (!network.routerExternal()) {
            throw badRequest("Network " + network.id() + " is not a valid external network.");
        }
        if (request.subnetId().isPresent()) {
            NetworkTopology.SubnetInfo subnet = topology.subnet(request.subnetId().get())
                    .orElseThrow(() -> new ApiException(L3ErrorCode.SUBNET_NOT_FOUND, "Subnet " + request.subnetId().get() + " could not be found."));
            if (!subnet.networkId().equals(network.id())) {
                throw badRequest("Subnet " + subnet.id() + " does not belong to network " + network.id() + ".");
            }
            if (subnet.ipVersion() != 4) {
                throw badRequest("Subnet " + subnet.id() + " is not an IPv4 subnet.");
            }
        }
        boolean hasIpv4 = network.subnetIds().stream().map(topology::subnet).flatMap(Optional::stream).anyMatch(subnet -> subnet.ipVersion() == 4);
        if (!hasIpv4) {
            throw badRequest("Network " + network.id() + " does not contain any IPv4 subnet");
        }
        request.qosPolicyId().ifPresent(policy -> qos.check(caller, request.projectId(), policy));
        return context.work().inTransaction(() -> {
            context.work().transaction(h -> {
                context.quotas().reserve(h, request.projectId(), QUOTA, 1);
                return null;
            });
            String id = UUID.randomUUID().toString();
            List<NetworkTopology.RequestedIp> wanted = request.subnetId().isPresent() || request.floatingIpAddress().isPresent()
                    ? List.of(new NetworkTopology.RequestedIp(request.subnetId(), request.floatingIpAddress()))
                    : List.of();
            NetworkTopology.PortInfo port = topology.createPort(new NetworkTopology.NewPort("", network.id(), wanted, id, FloatingIp.OWNER));
            String address = port.fixedIps().stream().map(NetworkTopology.FixedIp::ipAddress)
                    .filter(ip -> Ip.parse(ip).map(parsed -> parsed.version() == 4).orElse(false))
                    .findFirst()
                    .orElseThrow(() -> badRequest("Network " + network.id() + " does not contain any IPv4 subnet"));
            Instant now = context.standard().now();
            Standard standard = new Standard(request.projectId(), request.description(), List.of(), now, now, 0);
            FloatingIp fip = new FloatingIp(id, standard, address, network.id(), port.id(), Optional.empty(), Optional.empty(), request.qosPolicyId());
            if (request.portId().isPresent()) {
                fip = associate(caller, fip, request.portId().get(), request.fixedIpAddress());
            }
            floatingIps.insert(fip);
            context.publish("floatingip.create.end", request.projectId(), RESOURCE, id, Map.of("floating_ip_address", address));
            return floatingIps.find(id).orElseThrow();
        });
    }

    public FloatingIp update(Caller caller, String id, FloatingIpRequests.Update update)
    {
        return context.work().inTransaction(() -> {
            FloatingIp fip = floatingIps.lock(id).filter(found -> visible(caller, found.projectId())).orElseThrow(() -> notFound(id));
            StandardAttributes.checkRevision(fip.standard().revisionNumber(), update.ifMatch());
            update.qosPolicyId().flatMap(policy -> policy).ifPresent(policy -> qos.check(caller, fip.projectId(), policy));
            FloatingIp next = fip;
            if (update.portId().isPresent()) {
                next = update.portId().get().isPresent()
                        ? associate(caller, fip, update.portId().get().get(), update.fixedIpAddress())
                        : disassociated(fip);
            }
            else if (update.fixedIpAddress().isPresent()) {
                String portId = fip.association().map(FloatingIp.Association::portId)
                        .orElseThrow(() -> badRequest("fixed_ip_address cannot be specified without a port_id"));
                next = associate(caller, fip, portId, update.fixedIpAddress());
            }
            Standard standard = next.standard();
            Standard changed = new Standard(standard.projectId(), update.description().orElse(standard.description()), standard.tags(),
                    standard.createdAt(), standard.updatedAt(), standard.revisionNumber());
            floatingIps.update(new FloatingIp(next.id(), changed, next.floatingIpAddress(), next.floatingNetworkId(), next.floatingPortId(),
                    next.association(), next.routerId(), update.qosPolicyId().orElse(next.qosPolicyId())), context.standard().now());
            context.publish("floatingip.update.end", fip.projectId(), RESOURCE, id, Map.of());
            return floatingIps.find(id).orElseThrow();
        });
    }

    public void delete(Caller caller, String id)
    {
        context.work().run(() -> {
            FloatingIp fip = floatingIps.lock(id).filter(found -> visible(caller, found.projectId())).orElseThrow(() -> notFound(id));
            release(fip);
            context.publish("floatingip.delete.end", fip.projectId(), RESOURCE, id, Map.of());
        });
    }

    private void release(FloatingIp fip)
    {
        floatingIps.delete(fip.id());
        topology.deletePort(fip.floatingPortId());
        context.work().transaction(h -> {
            context.quotas().reserve(h, fip.projectId(), QUOTA, -1);
            return null;
        });
    }

    private static FloatingIp disassociated(FloatingIp fip)
    {
        return new FloatingIp(fip.id(), fip.standard(), fip.floatingIpAddress(), fip.floatingNetworkId(), fip.floatingPortId(), Optional.empty(),
                Optional.empty(), fip.qosPolicyId());
    }

    /** The floating IP mapped to a fixed address of the port, through the router that joins the port's subnet to its network. */
    private FloatingIp associate(Caller caller, FloatingIp fip, String portId, Optional<String> requestedFixedIp)
    {
        NetworkTopology.PortInfo port = topology.port(portId)
                .filter(found -> visible(caller, found.projectId()))
                .orElseThrow(() -> new ApiException(L3ErrorCode.PORT_NOT_FOUND, "Port " + portId + " could not be found."));
        if (!caller.admin() && !port.projectId().equals(fip.projectId())) {
            throw badRequest("Cannot create floating IP and bind it to Port " + portId + ", since that port is owned by a different project");
        }
        if (!forwardings.ofFloatingIp(fip.id()).isEmpty()) {
            throw new ApiException(L3ErrorCode.FIP_IN_USE_BY_PORT_FORWARDING, "Floating IP " + fip.id() + " has port forwardings; it cannot be"
                    + " associated with a port.");
        }
        NetworkTopology.FixedIp fixedIp = fixedIp(port, requestedFixedIp);
        NetworkTopology.SubnetInfo subnet = topology.subnet(fixedIp.subnetId()).orElseThrow();
        String routerId = routerFor(fip.floatingNetworkId(), subnet, port);
        Optional<FloatingIp> holder = floatingIps.associatedWith(fip.floatingNetworkId(), port.id(), fixedIp.ipAddress());
        if (holder.isPresent() && !holder.get().id().equals(fip.id())) {
            throw new ApiException(L3ErrorCode.FLOATING_IP_PORT_ALREADY_ASSOCIATED, "Cannot associate floating IP " + fip.floatingIpAddress()
                    + " (" + fip.id() + ") with port " + port.id() + " using fixed IP " + fixedIp.ipAddress() + ", as that fixed IP already has"
                    + " a floating IP on external network " + fip.floatingNetworkId() + ".");
        }
        return new FloatingIp(fip.id(), fip.standard(), fip.floatingIpAddress(), fip.floatingNetworkId(), fip.floatingPortId(),
                Optional.of(new FloatingIp.Association(port.id(), fixedIp.ipAddress())), Optional.of(routerId), fip.qosPolicyId());
    }

    private static NetworkTopology.FixedIp fixedIp(NetworkTopology.PortInfo port, Optional<String> requested)
    {
        if (requested.isPresent()) {
            String wanted = Ip.parse(requested.get()).map(Ip::format).orElse(requested.get());
            NetworkTopology.FixedIp found = port.fixedIps().stream().filter(ip -> ip.ipAddress().equals(wanted)).findFirst()
                    .orElseThrow(() -> badRequest("Port " + port.id() + " does not have fixed ip " + requested.get()));
            if (Ip.parse(found.ipAddress()).map(address -> address.version() != 4).orElse(true)) {
                throw badRequest("Cannot add floating IP to port " + port.id() + " that has no fixed IPv4 addresses");
            }
            return found;
        }
        List<NetworkTopology.FixedIp> ipv4 = port.fixedIps().stream()
                .filter(ip -> Ip.parse(ip.ipAddress()).map(address -> address.version() == 4).orElse(false))
                .toList();
        if (ipv4.isEmpty()) {
            throw badRequest("Cannot add floating IP to port " + port.id() + " that has no fixed IPv4 addresses");
        }
        if (ipv4.size() > 1) {
            throw badRequest("Port " + port.id() + " has multiple fixed IPv4 addresses.  Must provide a specific IPv4 address when assigning a"
                    + " floating IP");
        }
        return ipv4.getFirst();
    }

    /** A router with a gateway on the external network and an interface on the subnet, else Neutron's 404. */
    String routerFor(String externalNetworkId, NetworkTopology.SubnetInfo subnet, NetworkTopology.PortInfo port)
    {
        List<String> interfaces = topology.portsOfSubnet(subnet.id(), Router.INTERFACE_OWNER).stream().map(NetworkTopology.PortInfo::id).toList();
        return routers.routersWithGatewayAndInterface(externalNetworkId, interfaces).stream().findFirst()
                .orElseThrow(() -> new ApiException(L3ErrorCode.EXTERNAL_GATEWAY_FOR_FLOATING_IP_NOT_FOUND, "External network " + externalNetworkId
                        + " is not reachable from subnet " + subnet.id() + ".  Therefore, cannot associate Port " + port.id()
                        + " with a Floating IP."));
    }

    /** When a port goes: floating IPs mapped to it are disassociated, its port forwardings deleted. */
    public void portDeleted(String portId)
    {
        context.work().run(() -> {
            for (FloatingIp fip : floatingIps.ofFixedPort(portId)) {
                floatingIps.update(disassociated(fip), context.standard().now());
            }
            forwardings.deleteOfInternalPort(portId);
        });
    }

    /** When an external network goes, its floating IPs go first (Neutron deletes unassociated ones with it). */
    public void networkDeleting(String networkId)
    {
        context.work().run(() -> floatingIps.onNetwork(networkId).forEach(this::release));
    }
}
