package io.xloud.network.service;

import io.xloud.core.error.ApiException;
import io.xloud.network.store.FloatingIpStore;
import io.xloud.network.store.PortForwardingStore;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.xloud.network.service.RouterService.visible;
import static java.util.Objects.requireNonNull;

/**
 * Port forwardings of a floating IP that is not associated with a port: its external ports of one protocol go to the
 * internal ports of an IPv4 fixed address of a port reached through the floating IP's router.
 */
public final class PortForwardingService
{
    public static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "udplite", "sctp", "dccp");

    private final NetworkContext context;
    private final NetworkTopology topology;
    private final FloatingIpStore floatingIps;
    private final PortForwardingStore forwardings;
    private final FloatingIpService floatingIpService;

    /** What a client asks: every field optional on update; on create the API layer requires the mandatory ones. */
    public record Request(Optional<String> internalPortId, Optional<String> internalIpAddress, Optional<String> protocol,
            Optional<PortForwarding.PortRange> internalPorts, Optional<PortForwarding.PortRange> externalPorts, Optional<String> description)
    {
        public Request
        {
            requireNonNull(internalPortId, "internalPortId is null");
            requireNonNull(internalIpAddress, "internalIpAddress is null");
            requireNonNull(protocol, "protocol is null");
            requireNonNull(internalPorts, "internalPorts is null");
            requireNonNull(externalPorts, "externalPorts is null");
            requireNonNull(description, "description is null");
        }
    }

    public PortForwardingService(NetworkContext context, NetworkTopology topology, FloatingIpService floatingIpService)
    {
        this.context = requireNonNull(context, "context is null");
        this.topology = requireNonNull(topology, "topology is null");
        this.floatingIpService = requireNonNull(floatingIpService, "floatingIpService is null");
        this.floatingIps = new FloatingIpStore(context.work());
        this.forwardings = new PortForwardingStore(context.work());
    }

    static ApiException notFound(String id)
    {
        return new ApiException(L3ErrorCode.PORT_FORWARDING_NOT_FOUND, "Port Forwarding " + id + " could not be found.");
    }

    static ApiException badRequest(String message)
    {
        return new ApiException(L3ErrorCode.BAD_REQUEST, "Bad port_forwarding request: " + message);
    }

    public PortForwarding get(Caller caller, String floatingIpId, String id)
    {
        floatingIpService.get(caller, floatingIpId);
        return forwardings.find(floatingIpId, id).orElseThrow(() -> notFound(id));
    }

    public List<PortForwarding> list(Caller caller, String floatingIpId)
    {
        floatingIpService.get(caller, floatingIpId);
        return forwardings.ofFloatingIp(floatingIpId);
    }

    public PortForwarding create(Caller caller, String floatingIpId, Request request)
    {
        return context.work().inTransaction(() -> {
            FloatingIp fip = floatingIps.lock(floatingIpId).filter(found -> visible(caller, found.projectId()))
                    .orElseThrow(() -> FloatingIpService.notFound(floatingIpId));
            if (fip.association().isPresent()) {
                throw new ApiException(L3ErrorCode.FLOATING_IP_PORT_ALREADY_ASSOCIATED, "Cannot create port forwarding for floating IP "
                        + fip.floatingIpAddress() + " (" + fip.id() + "): it is associated with port " + fip.association().get().portId() + ".");
            }
            PortForwarding forwarding = new PortForwarding(UUID.randomUUID().toString(), fip.id(), fip.projectId(), request.internalPortId().orElseThrow(),
                    request.internalIpAddress().orElse(""), request.protocol().orElseThrow(), request.internalPorts().orElseThrow(),
                    request.externalPorts().orElseThrow(), request.description().orElse(""));
            PortForwarding checked = check(caller, fip, forwarding, Optional.empty());
            forwardings.insert(checked);
            context.standard().bumpRevision(FloatingIpService.TABLE, fip.id());
            return forwardings.find(fip.id(), checked.id()).orElseThrow();
        });
    }

    public PortForwarding update(Caller caller, String floatingIpId, String id, Request request)
    {
        return context.work().inTransaction(() -> {
            FloatingIp fip = floatingIps.lock(floatingIpId).filter(found -> visible(caller, found.projectId()))
                    .orElseThrow(() -> FloatingIpService.notFound(floatingIpId));
            PortForwarding current = forwardings.find(floatingIpId, id).orElseThrow(() -> notFound(id));
            boolean portChanged = request.internalPortId().isPresent() && !request.internalPortId().get().equals(current.internalPortId());
            PortForwarding next = new PortForwarding(id, fip.id(), fip.projectId(), request.internalPortId().orElse(current.internalPortId()),
                    request.internalIpAddress().orElse(portChanged ? "" : current.internalIpAddress()), request.protocol().orElse(current.protocol()),
                    request.internalPorts().orElse(current.internalPorts()), request.externalPorts().orElse(current.externalPorts()),
                    request.description().orElse(current.description()));
            PortForwarding checked = check(caller, fip, next, Optional.of(id));
            forwardings.update(checked);
            return forwardings.find(fip.id(), id).orElseThrow();
        });
    }

    public void delete(Caller caller, String floatingIpId, String id)
    {
        context.work().run(() -> {
            FloatingIp fip = floatingIps.lock(floatingIpId).filter(found -> visible(caller, found.projectId()))
                    .orElseThrow(() -> FloatingIpService.notFound(floatingIpId));
            if (forwardings.find(floatingIpId, id).isEmpty()) {
                throw notFound(id);
            }
            forwardings.delete(id);
            if (forwardings.ofFloatingIp(floatingIpId).isEmpty()) {
                floatingIps.update(new FloatingIp(fip.id(), fip.standard(), fip.floatingIpAddress(), fip.floatingNetworkId(), fip.floatingPortId(),
                        Optional.empty(), Optional.empty(), fip.qosPolicyId()), context.standard().now());
            }
        });
    }

    /** The forwarding with its internal address settled, after Neutron's checks; the floating IP takes the router it needs. */
    private PortForwarding check(Caller caller, FloatingIp fip, PortForwarding forwarding, Optional<String> self)
    {
        if (!PROTOCOLS.contains(forwarding.protocol())) {
            throw badRequest("Invalid protocol " + forwarding.protocol() + ": one of " + PROTOCOLS.stream().sorted().toList() + ".");
        }
        if (!forwarding.internalPorts().single() && forwarding.internalPorts().size() != forwarding.externalPorts().size()) {
            throw badRequest("The internal and external port ranges must be of the same size, or the internal one a single port.");
        }
        NetworkTopology.PortInfo port = topology.port(forwarding.internalPortId()).filter(found -> visible(caller, found.projectId()))
                .orElseThrow(() -> new ApiException(L3ErrorCode.PORT_NOT_FOUND, "Port " + forwarding.internalPortId() + " could not be found."));
        List<NetworkTopology.FixedIp> ipv4 = port.fixedIps().stream()
                .filter(ip -> Ip.parse(ip.ipAddress()).map(address -> address.version() == 4).orElse(false)).toList();
        if (ipv4.isEmpty()) {
            throw badRequest("Requested internal port " + port.id() + " must allocate an IPv4 address at least.");
        }
        NetworkTopology.FixedIp fixedIp;
        if (forwarding.internalIpAddress().isEmpty()) {
            fixedIp = ipv4.getFirst();
        }
        else {
            String wanted = Ip.parse(forwarding.internalIpAddress()).map(Ip::format).orElse(forwarding.internalIpAddress());
            fixedIp = ipv4.stream().filter(ip -> ip.ipAddress().equals(wanted)).findFirst()
                    .orElseThrow(() -> badRequest("Requested internal IP address " + forwarding.internalIpAddress() + " is not suitable for internal"
                            + " neutron port " + port.id() + ", as its fixed_ips are " + ipv4.stream().map(NetworkTopology.FixedIp::ipAddress).toList()));
        }
        if (!floatingIps.ofFixedPort(port.id()).isEmpty()) {
            throw new ApiException(L3ErrorCode.PORT_HAS_BINDING_FLOATING_IP, "Cannot create port forwarding to floating IP " + fip.floatingIpAddress()
                    + " (" + fip.id() + ") with port " + port.id() + " using fixed IP " + fixedIp.ipAddress() + ", as that port already has a binding"
                    + " floating IP.");
        }
        NetworkTopology.SubnetInfo subnet = topology.subnet(fixedIp.subnetId()).orElseThrow();
        String routerId;
        try {
            routerId = floatingIpService.routerFor(fip.floatingNetworkId(), subnet, port);
        }
        catch (ApiException e) {
            throw badRequest("External network " + fip.floatingNetworkId() + " is not reachable from subnet " + subnet.id()
                    + ". Cannot set Port forwarding for port " + port.id() + " with Floating IP " + fip.id());
        }
        if (fip.routerId().isPresent() && !fip.routerId().get().equals(routerId)) {
            throw badRequest("The Floating IP " + fip.id() + " had been set on router " + fip.routerId().get() + ", the internal Neutron port "
                    + port.id() + " can not reach it");
        }
        PortForwarding settled = new PortForwarding(forwarding.id(), forwarding.floatingIpId(), forwarding.projectId(), port.id(), fixedIp.ipAddress(),
                forwarding.protocol(), forwarding.internalPorts(), forwarding.externalPorts(), forwarding.description());
        for (PortForwarding other : forwardings.ofFloatingIp(fip.id())) {
            if (self.map(other.id()::equals).orElse(false) || !other.protocol().equals(settled.protocol())) {
                continue;
            }
            if (other.externalPorts().overlaps(settled.externalPorts())) {
                throw duplicate("{'floatingip_id': '" + fip.id() + "', 'external_port': " + settled.externalPorts() + "}");
            }
        }
        for (PortForwarding other : forwardings.ofInternalPort(port.id())) {
            if (self.map(other.id()::equals).orElse(false) || !other.protocol().equals(settled.protocol())
                    || !other.internalIpAddress().equals(settled.internalIpAddress())) {
                continue;
            }
            if (other.internalPorts().overlaps(settled.internalPorts())) {
                throw duplicate("{'internal_port_id': '" + port.id() + "', 'internal_ip_address': '" + settled.internalIpAddress()
                        + "', 'internal_port': " + settled.internalPorts() + "}");
            }
        }
        if (fip.routerId().isEmpty()) {
            floatingIps.update(new FloatingIp(fip.id(), fip.standard(), fip.floatingIpAddress(), fip.floatingNetworkId(), fip.floatingPortId(),
                    Optional.empty(), Optional.of(routerId), fip.qosPolicyId()), context.standard().now());
        }
        return settled;
    }

    /** Neutron answers a duplicate forwarding with a 400, not a 409. */
    private static ApiException duplicate(String conflicting)
    {
        return badRequest("A duplicate port forwarding entry with same attributes already exists, conflicting values are " + conflicting);
    }
}
