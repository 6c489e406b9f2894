package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.NetworkStore;
import io.xloud.network.store.PortStore;
import io.xloud.network.store.SubnetStore;
import org.jdbi.v3.core.Handle;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Ports with real address management: addresses come from the subnets' allocation pools (or EUI-64 on SLAAC
 * subnets), or are asked for by subnet and/or address. Each allocation locks its subnet's row for the rest of the
 * unit of work, and a unique key on (subnet, address) backs it, so no address is handed out twice, whatever the
 * number of clients or nodes.
 */
public final class PortService
{
    public static final Set<String> VNIC_TYPES = Set.of("normal", "direct", "macvtap", "baremetal", "direct-physical", "virtio-forwarder",
            "smart-nic", "vdpa", "remote-managed", "accelerator-direct", "accelerator-direct-physical");
    public static final int MAX_ADDRESS_PAIRS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkContext context;
    private final NetworkStore networks;
    private final SubnetStore subnets;
    private final PortStore ports;
    private volatile PortSecurityGroups securityGroups = PortSecurityGroups.none();
    private volatile QosAttachments qos = QosAttachments.none();
    private volatile java.util.function.Consumer<String> beforeDelete = portId -> {};

    public PortService(NetworkContext context, NetworkStore networks, SubnetStore subnets, PortStore ports)
    {
        this.context = requireNonNull(context, "context is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
    }

    /** Plugs in security groups (the security-group resource calls this as it starts). */
    public void useSecurityGroups(PortSecurityGroups groups)
    {
        this.securityGroups = requireNonNull(groups, "groups is null");
    }

    /** Plugs in QoS (the QoS resource calls this as it starts). */
    public void useQos(QosAttachments attachments)
    {
        this.qos = requireNonNull(attachments, "attachments is null");
    }

    /** Runs first whenever a port goes, in its unit of work: floating IPs let go of it (net-l3). */
    public void beforeDelete(java.util.function.Consumer<String> hook)
    {
        this.beforeDelete = requireNonNull(hook, "hook is null");
    }

    public static ApiException notFound(String id)
    {
        return new ApiException(NetworkErrorCode.PORT_NOT_FOUND, "Port " + id + " could not be found.");
    }

    public ListRequest listRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(PortStore.SPEC, query);
    }

    public Page<Port> list(Caller caller, ListRequest request)
    {
        return ports.page(request, caller);
    }

    public Port get(Caller caller, String id)
    {
        Port port = ports.find(id).orElseThrow(() -> notFound(id));
        if (!visible(caller, port)) {
            throw notFound(id);
        }
        return port;
    }

    public Optional<Port> find(String id)
    {
        return ports.find(id);
    }

    /** The project owning the port's network (the {@code network_project_id} of port rules). */
    public Optional<String> networkProject(String networkId)
    {
        return networks.find(networkId).map(Network::projectId);
    }

    private boolean visible(Caller caller, Port port)
    {
        return caller.owns(port.projectId()) || networks.find(port.networkId()).map(network -> caller.owns(network.projectId())).orElse(false);
    }

    public List<Port> create(Caller caller, List<String> projects, List<PortChange> changes)
    {
        return context.work().transaction(h -> {
            List<Port> created = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                created.add(createOne(h, caller, projects.get(i), changes.get(i)));
            }
            return created;
        });
    }

    /** Creates a port for another resource (a router interface or gateway, a floating IP), in the caller's unit of work. */
    public Port createInternal(Caller caller, String projectId, PortChange change)
    {
        return context.work().transaction(h -> createOne(h, caller, projectId, change));
    }

    private Port createOne(Handle h, Caller caller, String projectId, PortChange change)
    {
        String networkId = change.networkId().orElseThrow(() -> invalid("Invalid input for operation: network_id is required."));
        Network network = networks.find(networkId).filter(found -> found.visibleTo(caller)).orElseThrow(() -> NetworkService.notFound(networkId));
        if (!caller.admin() && !caller.owns(network.projectId()) && !network.sharedFor(caller)) {
            throw new ApiException(NetworkErrorCode.POLICY_NOT_AUTHORIZED, "rule:create_port is disallowed by policy");
        }
        context.quotas().reserve(h, projectId, "port", 1);
        String id = UUID.randomUUID().toString();
        String mac = change.macAddress().flatMap(given -> given).orElse("");
        if (mac.isEmpty()) {
            mac = newMac(networkId);
        }
        else if (ports.macInUse(networkId, mac)) {
            throw new ApiException(NetworkErrorCode.MAC_ADDRESS_IN_USE, "Unable to complete operation for network " + networkId
                    + ". The mac address " + mac + " is in use.");
        }
        boolean portSecurity = change.portSecurityEnabled().orElse(network.portSecurityEnabled());
        List<Port.AddressPair> pairs = checkAddressPairs(change.allowedAddressPairs().orElse(List.of()), mac);
        if (!portSecurity && !pairs.isEmpty()) {
            throw new ApiException(NetworkErrorCode.ADDRESS_PAIR_AND_PORT_SECURITY_REQUIRED,
                    "Port Security must be enabled in order to have allowed address pairs on a port.");
        }
        List<String> groups;
        if (change.securityGroups().isPresent()) {
            groups = List.copyOf(new java.util.LinkedHashSet<>(change.securityGroups().get()));
            if (!portSecurity && !groups.isEmpty()) {
                throw new ApiException(NetworkErrorCode.PORT_SECURITY_AND_IP_REQUIRED_FOR_SECURITY_GROUPS,
                        "Port security must be enabled and port must have an IP address in order to use security groups.");
            }
            securityGroups.check(caller, projectId, groups);
        }
        else {
            groups = portSecurity && !change.deviceOwner().orElse("").startsWith("network:")
                    ? securityGroups.defaultGroup(projectId).map(List::of).orElse(List.of()) : List.of();
        }
        change.qosPolicyId().flatMap(given -> given).ifPresent(policy -> qos.check(caller, projectId, policy));
        List<Port.DhcpOption> options = applyDhcpOptions(List.of(), change.extraDhcpOpts().orElse(List.of()));
        String vnicType = change.bindingVnicType().orElse("normal");
        java.time.Instant now = context.standard().now();
        Port port = new Port(id, networkId, change.name().orElse(""), mac, change.adminStateUp().orElse(true), change.deviceId().orElse(""),
                change.deviceOwner().orElse(""), change.bindingHostId().orElse(""), vnicType, change.bindingProfile().orElse(Map.of()), portSecurity,
                pairs, options, change.dnsName().orElse(""), change.qosPolicyId().flatMap(qos -> qos), List.of(), groups,
                new Standard(projectId, change.description().orElse(""), List.of(), now, now, 0));
        ports.insert(port);
        List<Port.FixedIp> fixedIps = allocate(network, port, change.fixedIps(), List.of());
        ports.reorder(id, fixedIps);
        Port created = withFixedIps(port, fixedIps);
        context.publish("port.create.end", projectId, "port", id, Map.of("id", id, "network_id", networkId, "device_id", port.deviceId()));
        return created;
    }

    public Port update(Caller caller, String id, PortChange change, Optional<Long> ifMatch)
    {
        return context.work().transaction(h -> {
            Port old = ports.lock(id).filter(found -> visible(caller, found)).orElseThrow(() -> notFound(id));
            StandardAttributes.checkRevision(old.standard().revisionNumber(), ifMatch);
            String mac = old.macAddress();
            if (change.macAddress().isPresent()) {
                Optional<String> wanted = change.macAddress().get();
                if (old.bound() && old.deviceOwner().startsWith("compute:") && !wanted.equals(Optional.of(old.macAddress()))) {
                    throw new ApiException(NetworkErrorCode.PORT_BOUND, "Unable to complete operation on port " + id
                            + ", port is already bound, port type: " + old.vifType() + ", old_mac " + old.macAddress() + ", new_mac "
                            + wanted.orElse("(new)") + ".");
                }
                if (wanted.isEmpty()) {
                    mac = newMac(old.networkId());
                }
                else if (!wanted.get().equals(old.macAddress())) {
                    if (ports.macInUse(old.networkId(), wanted.get())) {
                        throw new ApiException(NetworkErrorCode.MAC_ADDRESS_IN_USE, "Unable to complete operation for network " + old.networkId()
                                + ". The mac address " + wanted.get() + " is in use.");
                    }
                    mac = wanted.get();
                }
            }
            change.qosPolicyId().flatMap(given -> given).ifPresent(policy -> qos.check(caller, old.projectId(), policy));
            boolean portSecurity = change.portSecurityEnabled().orElse(old.portSecurityEnabled());
            List<Port.AddressPair> pairs = change.allowedAddressPairs().isPresent() ? checkAddressPairs(change.allowedAddressPairs().get(), mac)
                    : old.allowedAddressPairs();
            if (!portSecurity && !pairs.isEmpty()) {
                throw new ApiException(NetworkErrorCode.ADDRESS_PAIR_AND_PORT_SECURITY_REQUIRED,
                        "Port Security must be enabled in order to have allowed address pairs on a port.");
            }
            List<String> groups = old.securityGroups();
            if (change.securityGroups().isPresent()) {
                groups = List.copyOf(new java.util.LinkedHashSet<>(change.securityGroups().get()));
                securityGroups.check(caller, old.projectId(), groups);
            }
            if (!portSecurity && !groups.isEmpty()) {
                throw change.securityGroups().isPresent()
                        ? new ApiException(NetworkErrorCode.PORT_SECURITY_AND_IP_REQUIRED_FOR_SECURITY_GROUPS,
                                "Port security must be enabled and port must have an IP address in order to use security groups.")
                        : new ApiException(NetworkErrorCode.PORT_SECURITY_PORT_HAS_SECURITY_GROUP,
                                "Port has security group associated. Cannot disable port security or ip address until security group is removed.");
            }
            if (change.bindingVnicType().isPresent() && old.bound() && !change.bindingVnicType().get().equals(old.bindingVnicType())
                    && change.bindingHostId().isEmpty()) {
                throw new ApiException(NetworkErrorCode.PORT_BOUND, "Unable to complete operation on port " + id + ", port is already bound.");
            }
            List<Port.DhcpOption> options = change.extraDhcpOpts().isPresent() ? applyDhcpOptions(old.extraDhcpOpts(), change.extraDhcpOpts().get())
                    : old.extraDhcpOpts();
            Standard standard = new Standard(old.projectId(), change.description().orElse(old.standard().description()), old.standard().tags(),
                    old.standard().createdAt(), context.standard().now(), old.standard().revisionNumber() + 1);
            Port updated = new Port(id, old.networkId(), change.name().orElse(old.name()), mac, change.adminStateUp().orElse(old.adminStateUp()),
                    change.deviceId().orElse(old.deviceId()), change.deviceOwner().orElse(old.deviceOwner()), change.bindingHostId().orElse(old.bindingHostId()),
                    change.bindingVnicType().orElse(old.bindingVnicType()), change.bindingProfile().orElse(old.bindingProfile()), portSecurity, pairs, options,
                    change.dnsName().orElse(old.dnsName()), change.qosPolicyId().orElse(old.qosPolicyId()), old.fixedIps(), groups, standard);
            ports.update(updated);
            List<Port.FixedIp> fixedIps = old.fixedIps();
            if (change.fixedIps().isPresent()) {
                Network network = networks.find(old.networkId()).orElseThrow(() -> NetworkService.notFound(old.networkId()));
                fixedIps = allocate(network, updated, change.fixedIps(), old.fixedIps());
                ports.reorder(id, fixedIps);
            }
            context.publish("port.update.end", old.projectId(), "port", id, Map.of("id", id, "network_id", old.networkId()));
            return withFixedIps(updated, fixedIps);
        });
    }

    public void delete(Caller caller, String id, Optional<Long> ifMatch)
    {
        context.work().transaction(h -> {
            Port port = ports.find(id).filter(found -> visible(caller, found)).orElseThrow(() -> notFound(id));
            StandardAttributes.checkRevision(port.standard().revisionNumber(), ifMatch);
            if (port.servicePort()) {
                throw new ApiException(NetworkErrorCode.SERVICE_PORT_IN_USE, "Port " + id + " cannot be deleted directly via the port API: has device owner "
                        + port.deviceOwner() + ".");
            }
            deleteInternal(h, port);
            return null;
        });
    }

    /** Deletes a port another resource owns (a router interface, a floating IP's port), in the caller's unit of work. */
    public void deleteInternal(String id)
    {
        context.work().transaction(h -> {
            ports.find(id).ifPresent(port -> deleteInternal(h, port));
            return null;
        });
    }

    private void deleteInternal(Handle h, Port port)
    {
        beforeDelete.accept(port.id());
        // the quota row first, then the address rows: the order every port change takes its locks in
        context.quotas().reserve(h, port.projectId(), "port", -1);
        ports.delete(port.id());
        context.standard().forget(port.id());
        context.publish("port.delete.end", port.projectId(), "port", port.id(), Map.of("id", port.id(), "network_id", port.networkId()));
    }

    // ---- addresses

    /**
     * The port's addresses after a create or an update: {@code requested} empty lets the service choose (one IPv4
     * address, one stateful IPv6 address, and one on every SLAAC subnet); else exactly the requested ones, keeping
     * those the port already holds.
     */
    private List<Port.FixedIp> allocate(Network network, Port port, Optional<List<PortChange.FixedIpRequest>> requested, List<Port.FixedIp> held)
    {
        List<Subnet> onNetwork = subnets.onNetwork(network.id());
        List<Port.FixedIp> result = new ArrayList<>();
        boolean router = port.deviceOwner().startsWith("network:router_interface");
        if (requested.isEmpty()) {
            if (!held.isEmpty()) {
                return held;
            }
            boolean v4Done = false;
            boolean v6Done = false;
            List<Subnet> v4 = onNetwork.stream().filter(subnet -> subnet.ipVersion() == 4).toList();
            for (Subnet subnet : v4) {
                Optional<Port.FixedIp> address = allocateFromPools(port, subnet);
                if (address.isPresent()) {
                    result.add(address.get());
                    v4Done = true;
                    break;
                }
            }
            List<Subnet> v6Stateful = onNetwork.stream().filter(subnet -> subnet.ipVersion() == 6 && !subnet.autoAddress()).toList();
            for (Subnet subnet : v6Stateful) {
                Optional<Port.FixedIp> address = allocateFromPools(port, subnet);
                if (address.isPresent()) {
                    result.add(address.get());
                    v6Done = true;
                    break;
                }
            }
            if (!v4.isEmpty() && !v4Done || !v6Stateful.isEmpty() && !v6Done) {
                throw exhausted(network.id());
            }
            if (!router) {
                for (Subnet subnet : onNetwork) {
                    if (subnet.autoAddress()) {
                        result.add(allocateSpecific(port, subnet, Ip.eui64(subnet.range(), port.macAddress())));
                    }
                }
            }
            return result;
        }
        List<Port.FixedIp> keep = new ArrayList<>();
        List<Port.FixedIp> remaining = new ArrayList<>(held);
        List<Object> plan = new ArrayList<>();
        Set<String> askedAddresses = new HashSet<>();
        for (PortChange.FixedIpRequest request : requested.get()) {
            Subnet subnet = subnetFor(network, onNetwork, request);
            Optional<String> address = request.ipAddress().map(text -> checkAddress(network, subnet, text));
            if (address.isPresent() && !askedAddresses.add(address.get())) {
                throw invalid("Invalid input for operation: duplicate IP address " + address.get() + " in fixed_ips.");
            }
            Optional<Port.FixedIp> existing = remaining.stream()
                    .filter(held1 -> held1.subnetId().equals(subnet.id()) && address.map(held1.ipAddress()::equals).orElse(true))
                    .findFirst();
            if (existing.isPresent()) {
                remaining.remove(existing.get());
                keep.add(existing.get());
                plan.add(existing.get());
            }
            else {
                plan.add(new Object[] {subnet, address});
            }
        }
        for (Port.FixedIp gone : remaining) {
            ports.release(port.id(), gone.subnetId(), gone.ipAddress());
        }
        for (Object step : plan) {
            if (step instanceof Port.FixedIp kept) {
                result.add(kept);
                continue;
            }
            Object[] wanted = (Object[]) step;
            Subnet subnet = (Subnet) wanted[0];
            @SuppressWarnings("unchecked")
            Optional<String> address = (Optional<String>) wanted[1];
            if (address.isPresent()) {
                result.add(allocateSpecific(port, subnet, Ip.parse(address.get()).orElseThrow()));
            }
            else if (subnet.autoAddress()) {
                result.add(allocateSpecific(port, subnet, Ip.eui64(subnet.range(), port.macAddress())));
            }
            else {
                result.add(allocateFromPools(port, subnet).orElseThrow(() -> exhausted(network.id())));
            }
        }
        return result;
    }

    private Subnet subnetFor(Network network, List<Subnet> onNetwork, PortChange.FixedIpRequest request)
    {
        if (request.subnetId().isPresent()) {
            String subnetId = request.subnetId().get();
            Optional<Subnet> subnet = onNetwork.stream().filter(candidate -> candidate.id().equals(subnetId)).findFirst();
            if (subnet.isPresent()) {
                return subnet.get();
            }
            if (subnets.find(subnetId).isEmpty()) {
                throw SubnetService.notFound(subnetId);
            }
            throw invalid("Invalid input for operation: Failed to create port on network " + network.id() + ", because fixed_ips included invalid subnet "
                    + subnetId + ".");
        }
        String text = request.ipAddress().orElseThrow(() -> invalid("Invalid input for operation: a fixed IP needs a subnet_id or an ip_address."));
        Ip.Address address = Ip.parse(text).orElseThrow(() -> invalid("Invalid input for fixed_ips. Reason: '" + shorten(text) + "' is not a valid IP address."));
        return onNetwork.stream().filter(subnet -> subnet.range().contains(address)).findFirst()
                .orElseThrow(() -> new ApiException(NetworkErrorCode.INVALID_IP_FOR_NETWORK,
                        "IP address " + text + " is not a valid IP for any of the subnets on the specified network."));
    }

    private static String checkAddress(Network network, Subnet subnet, String text)
    {
        Ip.Address address = Ip.parse(text).orElseThrow(() -> invalid("Invalid input for fixed_ips. Reason: '" + shorten(text) + "' is not a valid IP address."));
        Ip.Cidr cidr = subnet.range();
        boolean edge = cidr.version() == 4 && cidr.prefix() < 31 && (address.equals(cidr.first()) || address.equals(cidr.last()))
                || cidr.version() == 6 && cidr.prefix() < 127 && address.equals(cidr.first());
        if (!cidr.contains(address) || edge) {
            throw new ApiException(NetworkErrorCode.INVALID_IP_FOR_SUBNET, "IP address " + text + " is not a valid IP for the specified subnet.");
        }
        return Ip.format(address);
    }

    /** A specific address on the subnet, under the subnet's lock. */
    private Port.FixedIp allocateSpecific(Port port, Subnet subnet, Ip.Address address)
    {
        Subnet locked = subnets.lock(subnet.id()).orElseThrow(() -> SubnetService.notFound(subnet.id()));
        String text = Ip.format(address);
        boolean router = port.deviceOwner().startsWith("network:router_interface") || port.deviceOwner().equals("network:router_gateway")
                || port.deviceOwner().equals("network:router_ha_interface");
        if (locked.gatewayIp().equals(Optional.of(text)) && !router || ports.addressInUse(subnet.id(), text)) {
            throw new ApiException(NetworkErrorCode.IP_ADDRESS_IN_USE, "Unable to complete operation for network " + subnet.networkId()
                    + ". The IP address " + text + " is in use.");
        }
        ports.allocate(port.id(), subnet.id(), subnet.networkId(), text, 0);
        return new Port.FixedIp(subnet.id(), text);
    }

    /** The lowest free address of the subnet's pools, under the subnet's lock; empty when the pools are full. */
    private Optional<Port.FixedIp> allocateFromPools(Port port, Subnet subnet)
    {
        Subnet locked = subnets.lock(subnet.id()).orElseThrow(() -> SubnetService.notFound(subnet.id()));
        Set<String> taken = ports.allocated(subnet.id());
        locked.gatewayIp().ifPresent(taken::add);
        for (Subnet.Pool pool : locked.allocationPools()) {
            Ip.Address start = Ip.parse(pool.start()).orElseThrow();
            Ip.Address end = Ip.parse(pool.end()).orElseThrow();
            // at most |taken| + 1 candidates before a free one, however large the pool
            Ip.Address candidate = start;
            for (int tried = 0; tried <= taken.size() && candidate.compareTo(end) <= 0; tried++) {
                String text = Ip.format(candidate);
                if (!taken.contains(text)) {
                    ports.allocate(port.id(), subnet.id(), subnet.networkId(), text, 0);
                    return Optional.of(new Port.FixedIp(subnet.id(), text));
                }
                candidate = candidate.plus(1);
            }
        }
        return Optional.empty();
    }

    private static ApiException exhausted(String networkId)
    {
        return new ApiException(NetworkErrorCode.IP_ADDRESS_GENERATION_FAILURE, "No more IP addresses available on network " + networkId + ".");
    }

    private String newMac(String networkId)
    {
        String prefix = context.settings().macPrefix();
        for (int attempt = 0; attempt < 16; attempt++) {
            byte[] bytes = new byte[3];
            RANDOM.nextBytes(bytes);
            String mac = "%s:%02x:%02x:%02x".formatted(prefix, bytes[0] & 0xff, bytes[1] & 0xff, bytes[2] & 0xff);
            if (!ports.macInUse(networkId, mac)) {
                return mac;
            }
        }
        throw new ApiException(NetworkErrorCode.MAC_ADDRESS_IN_USE, "Unable to generate a unique mac on network " + networkId + ".");
    }

    private static List<Port.AddressPair> checkAddressPairs(List<Port.AddressPair> given, String portMac)
    {
        if (given.size() > MAX_ADDRESS_PAIRS) {
            throw new ApiException(NetworkErrorCode.ALLOWED_ADDRESS_PAIR_EXHAUSTED, "The number of allowed address pair exceeds the maximum "
                    + MAX_ADDRESS_PAIRS + ".");
        }
        List<Port.AddressPair> result = new ArrayList<>();
        Set<Port.AddressPair> seen = new HashSet<>();
        for (Port.AddressPair pair : given) {
            String text = pair.ipAddress();
            boolean valid = text.contains("/") ? Ip.parseCidr(text).isPresent() : Ip.parse(text).isPresent();
            if (!valid) {
                throw invalid("Invalid input for operation: '" + shorten(text) + "' is not a valid IP address or subnet.");
            }
            String mac = pair.macAddress().isEmpty() ? portMac : Ip.mac(pair.macAddress())
                    .orElseThrow(() -> invalid("Invalid input for operation: '" + shorten(pair.macAddress()) + "' is not a valid MAC address."));
            Port.AddressPair normal = new Port.AddressPair(text, mac);
            if (!seen.add(normal)) {
                throw new ApiException(NetworkErrorCode.DUPLICATE_ADDRESS_PAIR, "Request contains duplicate address pair: mac_address " + mac
                        + " ip_address " + text + ".");
            }
            result.add(normal);
        }
        return result;
    }

    /** Neutron's update of extra DHCP options: matched by name and IP version, an empty value removes one. */
    private static List<Port.DhcpOption> applyDhcpOptions(List<Port.DhcpOption> current, List<PortChange.DhcpOptionChange> changes)
    {
        Map<String, Port.DhcpOption> options = new LinkedHashMap<>();
        for (Port.DhcpOption option : current) {
            options.put(option.name() + "/" + option.ipVersion(), option);
        }
        for (PortChange.DhcpOptionChange change : changes) {
            String key = change.name() + "/" + change.ipVersion();
            if (change.value().isEmpty()) {
                options.remove(key);
            }
            else {
                options.put(key, new Port.DhcpOption(change.name(), change.value().get(), change.ipVersion()));
            }
        }
        return List.copyOf(options.values());
    }

    private static Port withFixedIps(Port port, List<Port.FixedIp> fixedIps)
    {
        return new Port(port.id(), port.networkId(), port.name(), port.macAddress(), port.adminStateUp(), port.deviceId(), port.deviceOwner(),
                port.bindingHostId(), port.bindingVnicType(), port.bindingProfile(), port.portSecurityEnabled(), port.allowedAddressPairs(),
                port.extraDhcpOpts(), port.dnsName(), port.qosPolicyId(), fixedIps, port.securityGroups(), port.standard());
    }

    static ApiException invalid(String message)
    {
        return new ApiException(NetworkErrorCode.INVALID_INPUT, message);
    }

    private static String shorten(String text)
    {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
