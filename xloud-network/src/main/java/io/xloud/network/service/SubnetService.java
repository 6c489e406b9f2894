package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.NetworkStore;
import io.xloud.network.store.PortStore;
import io.xloud.network.store.SubnetStore;
import org.jdbi.v3.core.Handle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Subnets: IPv4 and IPv6, allocation pools, gateway, host routes and name servers, checked as Neutron checks them. */
public final class SubnetService
{
    public static final int MAX_DNS_NAMESERVERS = 5;
    public static final int MAX_HOST_ROUTES = 20;
    private static final Set<String> IPV6_MODES = Set.of("slaac", "dhcpv6-stateful", "dhcpv6-stateless");

    private final NetworkContext context;
    private final NetworkStore networks;
    private final SubnetStore subnets;
    private final PortStore ports;
    private volatile SubnetPools pools = SubnetPools.none();

    public SubnetService(NetworkContext context, NetworkStore networks, SubnetStore subnets, PortStore ports)
    {
        this.context = requireNonNull(context, "context is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
    }

    /** Plugs in subnet pools (the subnet-pool resource calls this as it starts). */
    public void usePools(SubnetPools pools)
    {
        this.pools = requireNonNull(pools, "pools is null");
    }

    public static ApiException notFound(String id)
    {
        return new ApiException(NetworkErrorCode.SUBNET_NOT_FOUND, "Subnet " + id + " could not be found.");
    }

    public ListRequest listRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(SubnetStore.SPEC, query);
    }

    public Page<Subnet> list(Caller caller, ListRequest request)
    {
        return subnets.page(request, caller);
    }

    /** The subnet if the caller may see it (its own, or on a network it owns or that is shared). */
    public Subnet get(Caller caller, String id)
    {
        Subnet subnet = subnets.find(id).orElseThrow(() -> notFound(id));
        if (!visible(caller, subnet)) {
            throw notFound(id);
        }
        return subnet;
    }

    /** Whether the subnet's network is shared with the caller's project (a subnet's {@code shared} policy target). */
    public boolean onSharedNetwork(Subnet subnet, Caller caller)
    {
        return networks.find(subnet.networkId()).map(network -> network.sharedFor(caller)).orElse(false);
    }

    public Optional<String> networkProject(Subnet subnet)
    {
        return networks.find(subnet.networkId()).map(Network::projectId);
    }

    private boolean visible(Caller caller, Subnet subnet)
    {
        if (caller.owns(subnet.projectId())) {
            return true;
        }
        return networks.find(subnet.networkId()).map(network -> network.sharedFor(caller) || caller.owns(network.projectId())).orElse(false);
    }

    public List<Subnet> create(Caller caller, List<String> projects, List<SubnetChange> changes)
    {
        return context.work().transaction(h -> {
            List<Subnet> created = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                created.add(createOne(h, caller, projects.get(i), changes.get(i)));
            }
            return created;
        });
    }

    private Subnet createOne(Handle h, Caller caller, String projectId, SubnetChange change)
    {
        String networkId = change.networkId().orElseThrow(() -> invalid("Invalid input for operation: network_id is required."));
        Network network = networks.lock(networkId).filter(found -> found.visibleTo(caller)).orElseThrow(() -> NetworkService.notFound(networkId));
        if (!caller.owns(network.projectId()) && !caller.admin()) {
            throw new ApiException(NetworkErrorCode.POLICY_NOT_AUTHORIZED, "rule:create_subnet is disallowed by policy");
        }
        int version = change.ipVersion().orElseThrow(() -> invalid("Invalid input for operation: ip_version is required."));
        if (version != 4 && version != 6) {
            throw invalid("Invalid input for ip_version. Reason: " + version + " is not in [4, 6].");
        }
        Optional<String> subnetpoolId = Optional.empty();
        Optional<Ip.Cidr> asked = change.cidr().map(text -> Ip.parseCidr(text)
                .orElseThrow(() -> invalid("Invalid input for cidr. Reason: '" + shorten(text) + "' is not a valid IP subnet.")));
        Optional<SubnetPools.Allocation> pooled = pools.allocate(caller, projectId, version, change.subnetpoolId(), change.prefixLength(),
                asked.map(Ip.Cidr::toString), change.useDefaultSubnetpool());
        Ip.Cidr cidr;
        if (pooled.isPresent()) {
            cidr = Ip.parseCidr(pooled.get().cidr()).orElseThrow();
            subnetpoolId = Optional.of(pooled.get().subnetpoolId());
        }
        else {
            cidr = asked.orElseThrow(() -> invalid("Bad subnets request: a cidr must be specified in the absence of a subnet pool"));
        }
        if (cidr.version() != version) {
            throw invalid("Invalid input for operation: Cannot use a " + (cidr.version() == 4 ? "IPv4" : "IPv6")
                    + " cidr with ip_version " + version + ".");
        }
        if (cidr.prefix() == 0) {
            throw invalid("Invalid input for operation: 0 is not allowed as CIDR prefix length.");
        }
        for (Subnet other : subnets.onNetwork(networkId)) {
            if (other.range().overlaps(cidr)) {
                throw new ApiException(NetworkErrorCode.INVALID_INPUT, "Invalid input for operation: Requested subnet with cidr: " + cidr
                        + " for network: " + networkId + " overlaps with another subnet.");
            }
        }
        Optional<String> raMode = change.ipv6RaMode();
        Optional<String> addressMode = change.ipv6AddressMode();
        boolean enableDhcp = change.enableDhcp().orElse(true);
        checkIpv6Modes(version, cidr, raMode, addressMode, enableDhcp);
        Optional<String> gateway = change.gatewayIp().isPresent()
                ? change.gatewayIp().get().map(text -> checkGateway(cidr, text))
                : defaultGateway(cidr);
        List<Subnet.Pool> allocationPools = change.allocationPools().isPresent()
                ? checkPools(cidr, change.allocationPools().get(), gateway)
                : defaultPools(cidr, gateway);
        List<String> nameservers = checkNameservers(change.dnsNameservers().orElse(List.of()), version);
        List<Subnet.HostRoute> routes = checkRoutes(change.hostRoutes().orElse(List.of()), version);
        context.quotas().reserve(h, projectId, "subnet", 1);
        java.time.Instant now = context.standard().now();
        Subnet subnet = new Subnet(UUID.randomUUID().toString(), networkId, change.name().orElse(""), version, cidr.toString(), gateway, enableDhcp,
                raMode, addressMode, subnetpoolId, change.segmentId().flatMap(segment -> segment), allocationPools, nameservers, routes,
                change.serviceTypes().orElse(List.of()), change.dnsPublishFixedIp().orElse(false),
                new Standard(projectId, change.description().orElse(""), List.of(), now, now, 0));
        subnets.insert(subnet);
        context.standard().bumpRevision(NetworkStore.TABLE, networkId);
        context.publish("subnet.create.end", projectId, "subnet", subnet.id(), Map.of("id", subnet.id(), "network_id", networkId, "cidr", subnet.cidr()));
        return subnet;
    }

    public Subnet update(Caller caller, String id, SubnetChange change, Optional<Long> ifMatch)
    {
        return context.work().transaction(h -> {
            Subnet old = subnets.lock(id).filter(found -> visible(caller, found)).orElseThrow(() -> notFound(id));
            StandardAttributes.checkRevision(old.standard().revisionNumber(), ifMatch);
            Ip.Cidr cidr = old.range();
            Optional<String> gateway = change.gatewayIp().isPresent()
                    ? change.gatewayIp().get().map(text -> checkGateway(cidr, text))
                    : old.gatewayIp();
            List<Subnet.Pool> allocationPools = change.allocationPools().isPresent()
                    ? checkPools(cidr, change.allocationPools().get(), gateway)
                    : old.allocationPools();
            if (change.gatewayIp().isPresent() && change.allocationPools().isEmpty() && gateway.isPresent()) {
                Ip.Address address = Ip.parse(gateway.get()).orElseThrow();
                for (Subnet.Pool pool : allocationPools) {
                    if (inPool(pool, address)) {
                        throw new ApiException(NetworkErrorCode.GATEWAY_CONFLICT_WITH_ALLOCATION_POOLS,
                                "Gateway ip " + gateway.get() + " conflicts with allocation pool " + pool.start() + "-" + pool.end() + ".");
                    }
                }
            }
            if (change.gatewayIp().isPresent() && gateway.isPresent() && !gateway.equals(old.gatewayIp())
                    && ports.addressInUse(id, gateway.get())) {
                throw new ApiException(NetworkErrorCode.IP_ADDRESS_IN_USE, "Unable to complete operation for network " + old.networkId()
                        + ". The IP address " + gateway.get() + " is in use.");
            }
            boolean enableDhcp = change.enableDhcp().orElse(old.enableDhcp());
            if (change.enableDhcp().isPresent()) {
                checkIpv6Modes(old.ipVersion(), cidr, old.ipv6RaMode(), old.ipv6AddressMode(), enableDhcp);
            }
            List<String> nameservers = change.dnsNameservers().isPresent() ? checkNameservers(change.dnsNameservers().get(), old.ipVersion())
                    : old.dnsNameservers();
            List<Subnet.HostRoute> routes = change.hostRoutes().isPresent() ? checkRoutes(change.hostRoutes().get(), old.ipVersion()) : old.hostRoutes();
            Standard standard = new Standard(old.projectId(), change.description().orElse(old.standard().description()), subnetTags(old),
                    old.standard().createdAt(), context.standard().now(), old.standard().revisionNumber() + 1);
            Subnet updated = new Subnet(id, old.networkId(), change.name().orElse(old.name()), old.ipVersion(), old.cidr(), gateway, enableDhcp,
                    old.ipv6RaMode(), old.ipv6AddressMode(), old.subnetpoolId(), change.segmentId().orElse(old.segmentId()), allocationPools,
                    nameservers, routes, change.serviceTypes().orElse(old.serviceTypes()), change.dnsPublishFixedIp().orElse(old.dnsPublishFixedIp()),
                    standard);
            subnets.update(updated);
            context.publish("subnet.update.end", old.projectId(), "subnet", id, Map.of("id", id, "network_id", old.networkId()));
            return updated;
        });
    }

    private List<String> subnetTags(Subnet subnet)
    {
        return context.standard().tags(subnet.id());
    }

    public void delete(Caller caller, String id, Optional<Long> ifMatch)
    {
        context.work().transaction(h -> {
            Subnet subnet = subnets.lock(id).filter(found -> visible(caller, found)).orElseThrow(() -> notFound(id));
            StandardAttributes.checkRevision(subnet.standard().revisionNumber(), ifMatch);
            // addresses on SLAAC and DHCPv6-stateless subnets go with the subnet, except a router's (Neutron's auto-address rule)
            long inUse = subnet.autoAddress() ? ports.countRouterAllocations(id) : ports.countAllocationsInUse(id);
            if (inUse > 0) {
                throw new ApiException(NetworkErrorCode.SUBNET_IN_USE,
                        "Unable to complete operation on subnet " + id + ": One or more ports have an IP allocation from this subnet.");
            }
            subnets.delete(id);
            context.standard().forget(id);
            context.standard().bumpRevision(NetworkStore.TABLE, subnet.networkId());
            context.quotas().reserve(h, subnet.projectId(), "subnet", -1);
            context.publish("subnet.delete.end", subnet.projectId(), "subnet", id, Map.of("id", id, "network_id", subnet.networkId()));
            return null;
        });
    }

    private static void checkIpv6Modes(int version, Ip.Cidr cidr, Optional<String> raMode, Optional<String> addressMode, boolean enableDhcp)
    {
        for (Optional<String> mode : List.of(raMode, addressMode)) {
            if (mode.isPresent() && !IPV6_MODES.contains(mode.get())) {
                throw invalid("Invalid input for operation: '" + shorten(mode.get()) + "' is not in " + IPV6_MODES.stream().sorted().toList() + ".");
            }
        }
        if (version == 4 && (raMode.isPresent() || addressMode.isPresent())) {
            throw invalid("Invalid input for operation: ipv6_ra_mode or ipv6_address_mode cannot be set when ip_version is set to 4");
        }
        if (raMode.isPresent() && addressMode.isPresent() && !raMode.get().equals(addressMode.get())) {
            throw invalid("Invalid input for operation: ipv6_ra_mode set to '" + raMode.get() + "' with ipv6_address_mode set to '"
                    + addressMode.get() + "' is not valid. If both attributes are set, they must be the same value.");
        }
        if (!enableDhcp && (raMode.isPresent() || addressMode.isPresent())) {
            throw invalid("Invalid input for operation: ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False.");
        }
        String mode = addressMode.or(() -> raMode).orElse("");
        if ((mode.equals("slaac") || mode.equals("dhcpv6-stateless")) && cidr.prefix() != 64) {
            throw invalid("Invalid input for operation: Invalid CIDR " + cidr + " for IPv6 address mode. OpenStack uses the EUI-64 address format, "
                    + "which requires the prefix to be /64.");
        }
    }

    private static String checkGateway(Ip.Cidr cidr, String text)
    {
        Ip.Address address = Ip.parse(text).orElseThrow(() -> invalid("Invalid input for gateway_ip. Reason: '" + shorten(text)
                + "' is not a valid IP address."));
        if (address.version() != cidr.version()) {
            throw invalid("Invalid input for operation: Gateway IP version inconsistent with allocation pool version.");
        }
        if (cidr.version() == 4 && cidr.prefix() < 31 && (address.equals(cidr.first()) || address.equals(cidr.last()))) {
            throw invalid("Invalid input for operation: Gateway is not valid on subnet.");
        }
        return Ip.format(address);
    }

    private static Optional<String> defaultGateway(Ip.Cidr cidr)
    {
        if (cidr.size().compareTo(BigInteger.TWO) <= 0) {
            return Optional.empty();
        }
        return Optional.of(Ip.format(cidr.first().plus(1)));
    }

    /** Neutron's default pools: the CIDR without its network (and v4 broadcast) address, split around the gateway. */
    static List<Subnet.Pool> defaultPools(Ip.Cidr cidr, Optional<String> gateway)
    {
        Ip.Address first;
        Ip.Address last;
        if (cidr.version() == 4 && cidr.prefix() >= 31) {
            first = cidr.first();
            last = cidr.last();
        }
        else if (cidr.version() == 6 && cidr.prefix() == 128) {
            first = cidr.first();
            last = cidr.last();
        }
        else {
            first = cidr.first().plus(1);
            last = cidr.version() == 4 ? cidr.last().plus(-1) : cidr.last();
        }
        List<Subnet.Pool> pools = new ArrayList<>();
        Optional<Ip.Address> gatewayAddress = gateway.flatMap(Ip::parse);
        if (gatewayAddress.isPresent() && gatewayAddress.get().compareTo(first) >= 0 && gatewayAddress.get().compareTo(last) <= 0) {
            if (gatewayAddress.get().compareTo(first) > 0) {
                pools.add(new Subnet.Pool(Ip.format(first), Ip.format(gatewayAddress.get().plus(-1))));
            }
            if (gatewayAddress.get().compareTo(last) < 0) {
                pools.add(new Subnet.Pool(Ip.format(gatewayAddress.get().plus(1)), Ip.format(last)));
            }
        }
        else if (first.compareTo(last) <= 0) {
            pools.add(new Subnet.Pool(Ip.format(first), Ip.format(last)));
        }
        return pools;
    }

    private static List<Subnet.Pool> checkPools(Ip.Cidr cidr, List<Subnet.Pool> given, Optional<String> gateway)
    {
        List<Ip.Address[]> ranges = new ArrayList<>();
        for (Subnet.Pool pool : given) {
            Ip.Address start = Ip.parse(pool.start()).orElseThrow(() -> new ApiException(NetworkErrorCode.INVALID_ALLOCATION_POOL,
                    "The allocation pool " + shorten(pool.start()) + "-" + shorten(pool.end()) + " is not valid."));
            Ip.Address end = Ip.parse(pool.end()).orElseThrow(() -> new ApiException(NetworkErrorCode.INVALID_ALLOCATION_POOL,
                    "The allocation pool " + shorten(pool.start()) + "-" + shorten(pool.end()) + " is not valid."));
            if (start.version() != cidr.version() || end.version() != cidr.version() || start.compareTo(end) > 0) {
                throw new ApiException(NetworkErrorCode.INVALID_ALLOCATION_POOL, "The allocation pool " + pool.start() + "-" + pool.end() + " is not valid.");
            }
            boolean edges = cidr.version() == 4 && cidr.prefix() < 31;
            if (!cidr.contains(start) || !cidr.contains(end) || edges && (start.equals(cidr.first()) || end.equals(cidr.last()))
                    || cidr.version() == 6 && cidr.prefix() < 127 && start.equals(cidr.first())) {
                throw new ApiException(NetworkErrorCode.OUT_OF_BOUNDS_ALLOCATION_POOL, "The allocation pool " + pool.start() + "-" + pool.end()
                        + " spans beyond the subnet cidr " + cidr + ".");
            }
            ranges.add(new Ip.Address[] {start, end});
        }
        ranges.sort(Comparator.comparing(range -> range[0]));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i)[0].compareTo(ranges.get(i - 1)[1]) <= 0) {
                throw new ApiException(NetworkErrorCode.OVERLAPPING_ALLOCATION_POOLS, "Found overlapping allocation pools: "
                        + ranges.get(i - 1)[0] + "-" + ranges.get(i - 1)[1] + " and " + ranges.get(i)[0] + "-" + ranges.get(i)[1] + " for subnet " + cidr + ".");
            }
        }
        Optional<Ip.Address> gatewayAddress = gateway.flatMap(Ip::parse);
        if (gatewayAddress.isPresent()) {
            for (Ip.Address[] range : ranges) {
                if (gatewayAddress.get().compareTo(range[0]) >= 0 && gatewayAddress.get().compareTo(range[1]) <= 0) {
                    throw new ApiException(NetworkErrorCode.GATEWAY_CONFLICT_WITH_ALLOCATION_POOLS,
                            "Gateway ip " + gateway.get() + " conflicts with allocation pool " + range[0] + "-" + range[1] + ".");
                }
            }
        }
        return ranges.stream().map(range -> new Subnet.Pool(Ip.format(range[0]), Ip.format(range[1]))).toList();
    }

    static boolean inPool(Subnet.Pool pool, Ip.Address address)
    {
        Ip.Address start = Ip.parse(pool.start()).orElseThrow();
        Ip.Address end = Ip.parse(pool.end()).orElseThrow();
        return address.compareTo(start) >= 0 && address.compareTo(end) <= 0;
    }

    private static List<String> checkNameservers(List<String> given, int version)
    {
        if (given.size() > MAX_DNS_NAMESERVERS) {
            throw new ApiException(NetworkErrorCode.DNS_NAMESERVERS_EXHAUSTED, "Unable to complete operation for subnet. The number of DNS nameservers exceeds the limit "
                    + MAX_DNS_NAMESERVERS + ".");
        }
        List<String> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String text : given) {
            Ip.Address address = Ip.parse(text).orElseThrow(() -> invalid("Invalid input for dns_nameservers. Reason: '" + shorten(text)
                    + "' is not a valid nameserver. '" + shorten(text) + "' is not a valid IP address."));
            String canonical = Ip.format(address);
            if (!seen.add(canonical)) {
                throw invalid("Invalid input for dns_nameservers. Reason: Duplicate nameserver '" + text + "'.");
            }
            result.add(canonical);
        }
        return result;
    }

    private static List<Subnet.HostRoute> checkRoutes(List<Subnet.HostRoute> given, int version)
    {
        if (given.size() > MAX_HOST_ROUTES) {
            throw new ApiException(NetworkErrorCode.HOST_ROUTES_EXHAUSTED, "Unable to complete operation for subnet. The number of host routes exceeds the limit "
                    + MAX_HOST_ROUTES + ".");
        }
        List<Subnet.HostRoute> result = new ArrayList<>();
        Set<Subnet.HostRoute> seen = new HashSet<>();
        for (Subnet.HostRoute route : given) {
            Ip.Cidr destination = Ip.parseCidr(route.destination()).orElseThrow(() -> invalid("Invalid input for host_routes. Reason: '"
                    + shorten(route.destination()) + "' is not a valid IP subnet."));
            Ip.Address nexthop = Ip.parse(route.nexthop()).orElseThrow(() -> invalid("Invalid input for host_routes. Reason: '"
                    + shorten(route.nexthop()) + "' is not a valid IP address."));
            if (destination.version() != version || nexthop.version() != version) {
                throw invalid("Invalid input for operation: host route " + route.destination() + " via " + route.nexthop()
                        + " is not of the subnet's IP version.");
            }
            Subnet.HostRoute canonical = new Subnet.HostRoute(destination.toString(), Ip.format(nexthop));
            if (!seen.add(canonical)) {
                throw invalid("Invalid input for host_routes. Reason: Duplicate hostroute '" + canonical.destination() + "'.");
            }
            result.add(canonical);
        }
        return result;
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
