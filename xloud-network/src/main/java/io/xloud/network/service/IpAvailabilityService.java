package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.IpAvailabilityStore;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** network-ip-availability: per network and subnet, the addresses of the allocation pools and those in use. */
public final class IpAvailabilityService
{
    /** One network's availability. */
    public record NetworkAvailability(String networkId, String networkName, String projectId, BigInteger totalIps, long usedIps,
            List<SubnetRow> subnets) {}

    /** A network as the availability lists it. */
    public record NetworkRow(String id, String name, String projectId) {}

    /** A subnet with the size of its allocation pools and the addresses allocated in it. */
    public record SubnetRow(String id, String networkId, String name, String cidr, int ipVersion, BigInteger total, long used) {}

    private final UnitOfWork work;

    public IpAvailabilityService(UnitOfWork work)
    {
        this.work = requireNonNull(work, "work is null");
    }

    public ListRequest listRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(IpAvailabilityStore.NETWORKS, query);
    }

    public NetworkAvailability get(Requester requester, String networkId)
    {
        return work.handle(h -> {
            NetworkRow network = IpAvailabilityStore.network(h, networkId).filter(row -> requester.admin() || requester.owns(row.projectId()))
                    .orElseThrow(() -> new ApiException(PoolErrorCode.NetworkNotFound, "Network " + networkId + " could not be found."));
            return of(network, IpAvailabilityStore.subnets(h, List.of(network.id())));
        });
    }

    /** The networks the caller may see; with {@code ipVersion}, only those with subnets of that version, and only those subnets. */
    public Page<NetworkAvailability> list(Requester requester, ListRequest request, OptionalInt ipVersion)
    {
        List<SqlPredicate> scope = new ArrayList<>();
        if (!requester.admin()) {
            scope.add(SqlPredicate.of("networks.project_id = :owner_project", "owner_project", requester.projectId()));
        }
        if (ipVersion.isPresent()) {
            scope.add(SqlPredicate.of("EXISTS (SELECT 1 FROM subnets s WHERE s.network_id = networks.id AND s.ip_version = :availability_version)",
                    "availability_version", ipVersion.getAsInt()));
        }
        return work.handle(h -> {
            Page<NetworkRow> page = IpAvailabilityStore.networks(h, request, scope);
            Map<String, List<SubnetRow>> subnets = IpAvailabilityStore.subnets(h, page.items().stream().map(NetworkRow::id).toList()).stream()
                    .filter(subnet -> ipVersion.isEmpty() || subnet.ipVersion() == ipVersion.getAsInt())
                    .collect(Collectors.groupingBy(SubnetRow::networkId));
            return page.map(network -> of(network, subnets.getOrDefault(network.id(), List.of())));
        });
    }

    private static NetworkAvailability of(NetworkRow network, List<SubnetRow> subnets)
    {
        BigInteger total = subnets.stream().map(SubnetRow::total).reduce(BigInteger.ZERO, BigInteger::add);
        long used = subnets.stream().mapToLong(SubnetRow::used).sum();
        return new NetworkAvailability(network.id(), network.name(), network.projectId(), total, used, subnets);
    }
}
