package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.Rows;
import io.xloud.network.store.TrunkStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Trunks (trunk) as Neutron's trunk plugin rules them: a port is the parent of one trunk or a subport of one trunk,
 * never both; a trunk uses each segmentation once; a disabled trunk (admin_state_up false) refuses subport changes
 * and deletion; a trunk whose parent port is bound cannot be deleted; a port in a trunk cannot be deleted.
 */
public final class TrunkService
{
    public static final String RESOURCE = "trunk";
    public static final String TABLE = TrunkStore.TABLE;
    public static final ListSpec LIST = TrunkStore.LIST;
    /** At most this many subports on one trunk: as many as there are VLAN ids. */
    public static final int MAX_SUB_PORTS = SubPort.MAX_VLAN;
    /** At most this many subports in one request, so that a hostile list is a 400 before any port is looked up. */
    public static final int MAX_SUB_PORTS_PER_REQUEST = 1000;

    private final NetworkContext context;
    private final TrunkStore store;
    private final PortService ports;

    public TrunkService(NetworkContext context, TrunkStore store, PortService ports)
    {
        this.context = requireNonNull(context, "context is null");
        this.store = requireNonNull(store, "store is null");
        this.ports = requireNonNull(ports, "ports is null");
    }

    public Trunk create(Caller caller, String projectId, String name, String description, String portId, boolean adminStateUp, List<SubPort> subPorts)
    {
        checkRequest(subPorts);
        Instant now = context.standard().now();
        Trunk trunk = new Trunk(UUID.randomUUID().toString(), name, portId, adminStateUp, Trunk.DOWN, subPorts,
                new Standard(projectId, description, List.of(), now, now, 0));
        inUseOnConflict(portId, () -> {
            context.work().run(() -> {
                List<String> locked = new ArrayList<>(subPorts.stream().map(SubPort::portId).toList());
                locked.add(portId);
                store.lockPorts(locked);
                ports.get(caller, portId);
                checkFree(portId);
                checkSubPorts(caller, portId, subPorts);
                store.insert(trunk);
                context.publish("trunk.create.end", projectId, RESOURCE, trunk.id(), Map.of("port_id", portId, "sub_ports", subPorts.size()));
            });
            return null;
        });
        return get(trunk.id(), new Caller(projectId, true));
    }

    /** The trunk, or 404 when it does not exist or belongs to a project the caller cannot see. */
    public Trunk get(String id, Caller caller)
    {
        return store.trunk(id).filter(trunk -> caller.owns(trunk.projectId())).orElseThrow(() -> notFound(id));
    }

    public Page<Trunk> list(ListRequest request, Caller caller)
    {
        List<SqlPredicate> scope = caller.admin() ? List.of()
                : List.of(SqlPredicate.of(TABLE + ".project_id = :scope_project", "scope_project", caller.projectId()));
        return store.page(request, scope);
    }

    public Trunk update(String id, Caller caller, Optional<String> name, Optional<String> description, Optional<Boolean> adminStateUp,
            Optional<Long> revision)
    {
        Trunk current = get(id, caller);
        StandardAttributes.checkRevision(current.standard().revisionNumber(), revision);
        context.work().run(() -> {
            store.update(id, name.orElse(current.name()), description.orElse(current.standard().description()),
                    adminStateUp.orElse(current.adminStateUp()), context.standard().now());
            context.publish("trunk.update.end", current.projectId(), RESOURCE, id, Map.of());
        });
        return get(id, caller);
    }

    public Trunk addSubPorts(String id, Caller caller, List<SubPort> subPorts)
    {
        checkRequest(subPorts);
        get(id, caller);
        inUseOnConflict(subPorts.isEmpty() ? id : subPorts.getFirst().portId(), () -> {
            context.work().run(() -> {
                store.lock(id);
                Trunk current = get(id, caller);
                checkEnabled(current);
                store.lockPorts(subPorts.stream().map(SubPort::portId).toList());
                if (current.subPorts().size() + subPorts.size() > MAX_SUB_PORTS) {
                    throw invalid("A trunk holds at most " + MAX_SUB_PORTS + " subports.");
                }
                checkSubPorts(caller, current.portId(), subPorts);
                for (SubPort subPort : subPorts) {
                    for (SubPort existing : current.subPorts()) {
                        if (sameSegmentation(existing, subPort)) {
                            throw duplicate(subPort, id);
                        }
                    }
                }
                store.addSubPorts(id, subPorts, context.standard().now());
                context.publish("trunk.update.end", current.projectId(), RESOURCE, id, Map.of("added_sub_ports", subPorts.size()));
            });
            return null;
        });
        return get(id, caller);
    }

    public Trunk removeSubPorts(String id, Caller caller, List<String> portIds)
    {
        if (portIds.size() > MAX_SUB_PORTS_PER_REQUEST) {
            throw invalid("At most " + MAX_SUB_PORTS_PER_REQUEST + " subports may be given in one request.");
        }
        get(id, caller);
        context.work().run(() -> {
            store.lock(id);
            Trunk current = get(id, caller);
            checkEnabled(current);
            Set<String> present = new HashSet<>(current.subPorts().stream().map(SubPort::portId).toList());
            for (String portId : portIds) {
                if (!present.contains(portId)) {
                    throw new ApiException(TrunkErrorCode.SUB_PORT_NOT_FOUND, "SubPort on trunk " + id + " with parent port "
                            + current.portId() + " could not be found: " + shorten(portId) + ".");
                }
            }
            store.removeSubPorts(id, portIds, context.standard().now());
            context.publish("trunk.update.end", current.projectId(), RESOURCE, id, Map.of("removed_sub_ports", portIds.size()));
        });
        return get(id, caller);
    }

    public void delete(String id, Caller caller)
    {
        get(id, caller);
        context.work().run(() -> {
            store.lock(id);
            Trunk trunk = get(id, caller);
            checkEnabled(trunk);
            if (trunk.status().equals(Trunk.ACTIVE)) {
                throw new ApiException(TrunkErrorCode.TRUNK_IN_USE, "Trunk " + id + " is currently in use.");
            }
            context.standard().forget(id);
            store.delete(id);
            context.publish("trunk.delete.end", trunk.projectId(), RESOURCE, id, Map.of("port_id", trunk.portId()));
        });
    }

    /** Before a port goes, in its unit of work: a trunk's parent or subport is refused (Neutron's port delete check). */
    public void portDeleting(String portId)
    {
        store.lockPorts(List.of(portId));
        Optional<String> parentOf = store.trunkOfParent(portId);
        if (parentOf.isPresent()) {
            throw new ApiException(TrunkErrorCode.PORT_IN_USE_AS_TRUNK_PARENT, "Port " + portId + " is currently in use and is not eligible for deletion "
                    + "as it is the parent port of trunk " + parentOf.get() + ".");
        }
        Optional<String> subPortOf = store.trunkOfSubPort(portId);
        if (subPortOf.isPresent()) {
            throw new ApiException(TrunkErrorCode.PORT_IN_USE_AS_SUB_PORT, "Port " + portId + " is currently a subport for trunk " + subPortOf.get() + ".");
        }
    }

    /** trunk-details of those of these ports that are trunk parents, by port id, in one query. */
    public Map<String, Trunk.Details> details(List<String> portIds)
    {
        return store.details(portIds);
    }

    /** A subport as given in a request: vlan needs an id in 1..4094; inherit takes none. */
    public static SubPort subPort(String portId, Optional<String> type, Optional<Integer> segmentationId)
    {
        String segmentationType = type.orElse(segmentationId.isPresent() ? SubPort.VLAN : "");
        if (segmentationType.equals(SubPort.INHERIT)) {
            return new SubPort(portId, SubPort.INHERIT, Optional.empty());
        }
        if (!segmentationType.equals(SubPort.VLAN)) {
            throw invalid("Invalid input for operation: Invalid segmentation type '" + shorten(segmentationType)
                    + "': it must be one of ['vlan', 'inherit'].");
        }
        int id = segmentationId.orElseThrow(() -> invalid("Invalid input for operation: segmentation_id is required for segmentation_type vlan."));
        if (id < SubPort.MIN_VLAN || id > SubPort.MAX_VLAN) {
            throw invalid("Invalid input for operation: segmentation_id " + id + " is not in the range " + SubPort.MIN_VLAN + " to "
                    + SubPort.MAX_VLAN + ".");
        }
        return new SubPort(portId, SubPort.VLAN, Optional.of(id));
    }

    /** A request names each port once and each segmentation once, and holds at most {@link #MAX_SUB_PORTS_PER_REQUEST} subports. */
    private static void checkRequest(List<SubPort> subPorts)
    {
        if (subPorts.size() > MAX_SUB_PORTS_PER_REQUEST) {
            throw invalid("At most " + MAX_SUB_PORTS_PER_REQUEST + " subports may be given in one request.");
        }
        Set<String> portIds = new HashSet<>();
        Map<String, SubPort> segmentations = new LinkedHashMap<>();
        for (SubPort subPort : subPorts) {
            if (!portIds.add(subPort.portId())) {
                throw invalid("Invalid input for sub_ports. Reason: duplicate port_id " + shorten(subPort.portId()) + ".");
            }
            if (subPort.segmentationId().isPresent()
                    && segmentations.putIfAbsent(subPort.segmentationType() + ":" + subPort.segmentationId().get(), subPort) != null) {
                throw invalid("Invalid input for sub_ports. Reason: duplicate segmentation " + subPort.segmentationType() + " "
                        + subPort.segmentationId().get() + ".");
            }
        }
    }

    /** Each subport exists, the caller sees it, and it is neither the parent nor in any trunk. */
    private void checkSubPorts(Caller caller, String parentPortId, List<SubPort> subPorts)
    {
        for (SubPort subPort : subPorts) {
            ports.get(caller, subPort.portId());
            if (subPort.portId().equals(parentPortId)) {
                throw inUse(subPort.portId());
            }
            checkFree(subPort.portId());
        }
    }

    private void checkFree(String portId)
    {
        if (store.trunkOfParent(portId).isPresent() || store.trunkOfSubPort(portId).isPresent()) {
            throw inUse(portId);
        }
    }

    private static void checkEnabled(Trunk trunk)
    {
        if (!trunk.adminStateUp()) {
            throw new ApiException(TrunkErrorCode.TRUNK_DISABLED, "Trunk " + trunk.id() + " is currently disabled.");
        }
    }

    private static boolean sameSegmentation(SubPort a, SubPort b)
    {
        return a.segmentationId().isPresent() && a.segmentationType().equals(b.segmentationType()) && a.segmentationId().equals(b.segmentationId());
    }

    /** Two changes that passed their checks at once: the loser's insert meets a unique key, which is the same conflict. */
    private static <T> T inUseOnConflict(String portId, Supplier<T> change)
    {
        try {
            return change.get();
        }
        catch (RuntimeException e) {
            if (!(e instanceof ApiException) && Rows.uniqueViolation(e)) {
                throw inUse(portId);
            }
            throw e;
        }
    }

    static ApiException notFound(String id)
    {
        return new ApiException(TrunkErrorCode.TRUNK_NOT_FOUND, "Trunk " + shorten(id) + " could not be found.");
    }

    private static ApiException inUse(String portId)
    {
        return new ApiException(TrunkErrorCode.TRUNK_PORT_IN_USE, "Port " + shorten(portId) + " is in use by another trunk.");
    }

    private static ApiException duplicate(SubPort subPort, String trunkId)
    {
        return new ApiException(TrunkErrorCode.DUPLICATE_SUB_PORT, "segmentation_type " + subPort.segmentationType() + " and segmentation_id "
                + subPort.segmentationId().map(String::valueOf).orElse("None") + " already in use on trunk " + trunkId + ".");
    }

    private static ApiException invalid(String message)
    {
        return new ApiException(TrunkErrorCode.INVALID_INPUT, message);
    }

    static String shorten(String text)
    {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
