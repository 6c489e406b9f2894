package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.NetworkRbacStore;
import io.xloud.network.store.NetworkStore;
import io.xloud.network.store.RbacPolicyStore;
import org.jdbi.v3.core.Handle;
import io.xloud.network.store.PortStore;
import io.xloud.network.store.SubnetStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Networks: create (one or many at once), show, list, update and delete, with quotas and events. */
public final class NetworkService
{
    public static final int MAX_MTU = 9000;
    public static final int MIN_MTU = 68;
    public static final String AVAILABILITY_ZONE = "nova";
    private static final Set<String> NETWORK_TYPES = Set.of("flat", "vlan", "vxlan", "geneve", "gre", "local");

    private final NetworkContext context;
    private final NetworkStore networks;
    private final SubnetStore subnets;
    private final PortStore ports;
    private volatile QosAttachments qos = QosAttachments.none();
    private final List<NetworkDependents> dependents = new java.util.concurrent.CopyOnWriteArrayList<>();

    public NetworkService(NetworkContext context, NetworkStore networks, SubnetStore subnets, PortStore ports)
    {
        this.context = requireNonNull(context, "context is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
    }

    /** Adds what goes with a deleted network (the floating-IP resource calls this as it starts). */
    public void addDependents(NetworkDependents more)
    {
        dependents.add(requireNonNull(more, "more is null"));
    }

    public static ApiException notFound(String id)
    {
        return new ApiException(NetworkErrorCode.NETWORK_NOT_FOUND, "Network " + id + " could not be found.");
    }

    /** The network if the caller may see it, else 404 as if it did not exist. */
    public Network get(Caller caller, String id)
    {
        return networks.find(id).filter(network -> network.visibleTo(caller)).orElseThrow(() -> notFound(id));
    }

    public Optional<Network> find(String id)
    {
        return networks.find(id);
    }

    /** The first external network of that name, if any. */
    public Optional<String> externalNetwork(String name)
    {
        return networks.findByName(name, true);
    }

    public ListRequest listRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(NetworkStore.SPEC, query);
    }

    /** A page of the networks the caller sees; {@code shared}, when given, keeps those shared with its project or those not. */
    public Page<Network> list(Caller caller, ListRequest request, Optional<Boolean> shared)
    {
        return networks.page(request, caller, shared);
    }

    /** Creates the networks, all or none. */
    public List<Network> create(List<String> projects, List<NetworkChange> changes)
    {
        return context.work().transaction(h -> {
            List<Network> created = new java.util.ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                created.add(createOne(h, projects.get(i), changes.get(i)));
            }
            return created;
        });
    }

    private Network createOne(Handle h, String projectId, NetworkChange change)
    {
        checkProvider(change);
        change.availabilityZoneHints().ifPresent(NetworkService::checkZones);
        context.quotas().reserve(h, projectId, "network", 1);
        java.time.Instant now = context.standard().now();
        Optional<String> type = change.networkType().or(() -> Optional.of("geneve"));
        Optional<Integer> segment = change.segmentationId();
        if (segment.isEmpty() && (type.get().equals("geneve") || type.get().equals("vxlan"))) {
            segment = Optional.of(networks.nextSegmentationId());
        }
        // a network that names no policy gets the project's default one (qos-default)
        Optional<String> qosPolicy = change.qosPolicyId().isPresent() ? change.qosPolicyId().get() : qos.defaultPolicy(projectId);
        change.qosPolicyId().flatMap(given -> given).ifPresent(policy -> qos.check(new Caller(projectId, false), projectId, policy));
        Network network = new Network(UUID.randomUUID().toString(), change.name().orElse(""), change.adminStateUp().orElse(true), "ACTIVE",
                change.shared().orElse(false), change.external().orElse(false), change.isDefault().orElse(false),
                change.mtu().orElse(context.settings().defaultMtu()), change.portSecurityEnabled().orElse(true), type,
                change.physicalNetwork(), segment, change.availabilityZoneHints().orElse(List.of()), change.dnsDomain().orElse(""),
                qosPolicy, List.of(), java.util.Set.of(), java.util.Set.of(),
                new Standard(projectId, change.description().orElse(""), List.of(), now, now, 0));
        networks.insert(network);
        if (network.shared()) {
            addWildcard(h, network.id(), projectId, RbacPolicy.ACCESS_AS_SHARED);
        }
        if (network.external()) {
            addWildcard(h, network.id(), projectId, RbacPolicy.ACCESS_AS_EXTERNAL);
        }
        context.publish("network.create.end", projectId, "network", network.id(), Map.of("id", network.id(), "name", network.name()));
        return network;
    }

    /** Plugs in QoS (the QoS resource calls this as it starts). */
    public void useQos(QosAttachments attachments)
    {
        this.qos = requireNonNull(attachments, "attachments is null");
    }

    public Network update(Caller caller, String id, NetworkChange change, Optional<Long> ifMatch)
    {
        checkProvider(change);
        change.availabilityZoneHints().ifPresent(NetworkService::checkZones);
        return context.work().transaction(h -> {
            Network old = networks.lock(id).filter(network -> network.visibleTo(caller)).orElseThrow(() -> notFound(id));
            StandardAttributes.checkRevision(old.standard().revisionNumber(), ifMatch);
            change.qosPolicyId().flatMap(given -> given).ifPresent(policy -> qos.check(caller, old.projectId(), policy));
            boolean sharedNow = RbacPolicyStore.grantsAll(h, NetworkRbac.TYPE, id, RbacPolicy.ACCESS_AS_SHARED);
            if (change.shared().isPresent() && change.shared().get() && !sharedNow) {
                addWildcard(h, id, old.projectId(), RbacPolicy.ACCESS_AS_SHARED);
            }
            if (change.shared().isPresent() && !change.shared().get() && sharedNow) {
                Set<String> users = NetworkRbacStore.otherPortProjects(h, id, old.projectId());
                users.removeIf(project -> RbacPolicyStore.find(h, NetworkRbac.TYPE, id, RbacPolicy.ACCESS_AS_SHARED, project).isPresent());
                if (!users.isEmpty()) {
                    throw new ApiException(NetworkErrorCode.INVALID_SHARED_SETTING,
                            "Unable to reconfigure sharing settings for network " + id + ". Multiple tenants are using it.");
                }
                removeWildcard(h, id, RbacPolicy.ACCESS_AS_SHARED);
            }
            boolean externalNow = RbacPolicyStore.grantsAll(h, NetworkRbac.TYPE, id, RbacPolicy.ACCESS_AS_EXTERNAL);
            if (change.external().isPresent() && change.external().get() && !externalNow) {
                addWildcard(h, id, old.projectId(), RbacPolicy.ACCESS_AS_EXTERNAL);
            }
            if (change.external().isPresent() && !change.external().get() && externalNow) {
                if (NetworkRbacStore.hasRouterGateway(h, id)) {
                    throw new ApiException(NetworkErrorCode.EXTERNAL_NETWORK_IN_USE,
                            "External network " + id + " cannot be updated to be made non-external, since it has existing gateway ports.");
                }
                removeWildcard(h, id, RbacPolicy.ACCESS_AS_EXTERNAL);
            }
            Standard standard = new Standard(old.projectId(), change.description().orElse(old.standard().description()), old.standard().tags(),
                    old.standard().createdAt(), context.standard().now(), old.standard().revisionNumber() + 1);
            Network updated = new Network(id, change.name().orElse(old.name()), change.adminStateUp().orElse(old.adminStateUp()), old.status(),
                    change.shared().orElse(old.shared()), change.external().orElse(old.external()), change.isDefault().orElse(old.isDefault()),
                    change.mtu().orElse(old.mtu()), change.portSecurityEnabled().orElse(old.portSecurityEnabled()),
                    change.networkType().or(old::networkType), change.physicalNetwork().or(old::physicalNetwork),
                    change.segmentationId().or(old::segmentationId), change.availabilityZoneHints().orElse(old.availabilityZoneHints()),
                    change.dnsDomain().orElse(old.dnsDomain()), change.qosPolicyId().orElse(old.qosPolicyId()), old.subnets(), old.sharedWith(),
                    old.externalFor(), standard);
            networks.update(updated);
            context.publish("network.update.end", old.projectId(), "network", id, Map.of("id", id, "name", updated.name()));
            return updated;
        });
    }

    public void delete(Caller caller, String id, Optional<Long> ifMatch)
    {
        context.work().transaction(h -> {
            Network network = networks.lock(id).filter(found -> found.visibleTo(caller)).orElseThrow(() -> notFound(id));
            StandardAttributes.checkRevision(network.standard().revisionNumber(), ifMatch);
            for (NetworkDependents dependent : dependents) {
                dependent.networkDeleting(network);
            }
            if (ports.countInUse(id) > 0) {
                throw new ApiException(NetworkErrorCode.NETWORK_IN_USE,
                        "Unable to complete operation on network " + id + ". There are one or more ports still in use on the network.");
            }
            for (String portId : ports.idsOnNetwork(id)) {
                ports.delete(portId);
                context.standard().forget(portId);
                context.quotas().reserve(h, network.projectId(), "port", -1);
            }
            for (Subnet subnet : subnets.onNetwork(id)) {
                subnets.delete(subnet.id());
                context.standard().forget(subnet.id());
                context.quotas().reserve(h, subnet.standard().projectId(), "subnet", -1);
            }
            RbacPolicyService.forgetObject(h, context.quotas(), NetworkRbac.TYPE, id);
            networks.delete(id);
            context.standard().forget(id);
            context.quotas().reserve(h, network.projectId(), "network", -1);
            context.publish("network.delete.end", network.projectId(), "network", id, Map.of("id", id, "name", network.name()));
            return null;
        });
    }

    private static void checkProvider(NetworkChange change)
    {
        if (change.networkType().isPresent() && !NETWORK_TYPES.contains(change.networkType().get())) {
            throw new ApiException(NetworkErrorCode.INVALID_INPUT,
                    "Invalid input for operation: network_type value '" + change.networkType().get() + "' not supported.");
        }
        String type = change.networkType().orElse("");
        if ((type.equals("flat") || type.equals("vlan")) && change.physicalNetwork().isEmpty()) {
            throw new ApiException(NetworkErrorCode.INVALID_INPUT, "Invalid input for operation: physical_network required for " + type + " provider network.");
        }
        if (type.equals("flat") && change.segmentationId().isPresent()) {
            throw new ApiException(NetworkErrorCode.INVALID_INPUT, "Invalid input for operation: segmentation_id specified for flat provider network.");
        }
        if (type.equals("vlan") && change.segmentationId().isPresent() && (change.segmentationId().get() < 1 || change.segmentationId().get() > 4094)) {
            throw new ApiException(NetworkErrorCode.INVALID_INPUT, "Invalid input for operation: segmentation_id out of range (1 through 4094).");
        }
        change.mtu().ifPresent(mtu -> {
            if (mtu > MAX_MTU) {
                throw new ApiException(NetworkErrorCode.INVALID_INPUT, "Invalid input for operation: Requested MTU is too big, maximum is " + MAX_MTU + ".");
            }
            if (mtu < MIN_MTU) {
                throw new ApiException(NetworkErrorCode.INVALID_INPUT, "Invalid input for operation: Requested MTU is too small, minimum is " + MIN_MTU + ".");
            }
        });
    }

    /**
     * The wildcard RBAC entry Neutron makes for {@code shared} or {@code router:external}, owned by the network's
     * project. It is made without a quota check (it is not an rbac_policy request) but counts in the owner's
     * rbac_policy usage, as Neutron counts every entry a project owns.
     */
    private void addWildcard(Handle h, String networkId, String ownerProjectId, String action)
    {
        if (RbacPolicyStore.find(h, NetworkRbac.TYPE, networkId, action, RbacPolicy.WILDCARD).isEmpty()) {
            RbacPolicyStore.insert(h, new RbacPolicy(UUID.randomUUID().toString(), ownerProjectId, NetworkRbac.TYPE, networkId, action,
                    RbacPolicy.WILDCARD), context.standard().now());
            context.quotas().count(h, ownerProjectId, "rbac_policy", 1);
        }
    }

    private void removeWildcard(Handle h, String networkId, String action)
    {
        Optional<RbacPolicy> policy = RbacPolicyStore.find(h, NetworkRbac.TYPE, networkId, action, RbacPolicy.WILDCARD);
        if (policy.isPresent()) {
            RbacPolicyStore.delete(h, policy.get().id());
            context.quotas().count(h, policy.get().projectId(), "rbac_policy", -1);
        }
    }

    private static void checkZones(List<String> zones)
    {
        for (String zone : zones) {
            if (!zone.equals(AVAILABILITY_ZONE)) {
                throw new ApiException(NetworkErrorCode.AVAILABILITY_ZONE_NOT_FOUND,
                        "AvailabilityZone " + zone + " could not be found.");
            }
        }
    }
}
