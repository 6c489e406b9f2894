package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.core.limits.QuotaService;
import io.xloud.network.store.RbacPolicyStore;
import io.xloud.network.store.SubnetPoolStore;
import org.jdbi.v3.core.Handle;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Subnet pools (Neutron's subnet_allocation and default-subnetpools): their prefixes and bounds, and the race-free
 * hand-out of CIDRs to subnets. Allocation locks the pool's row, so concurrent subnet creates on one pool take turns
 * and never receive overlapping prefixes.
 */
public final class SubnetPoolService
        implements SubnetPools
{
    public static final String OBJECT_TYPE = "subnetpool";

    /** What a client asks for when it creates a pool. */
    public record Create(
            String projectId,
            String name,
            String description,
            List<String> prefixes,
            OptionalInt defaultPrefixlen,
            OptionalInt minPrefixlen,
            OptionalInt maxPrefixlen,
            OptionalLong defaultQuota,
            boolean shared,
            boolean isDefault,
            Optional<String> addressScopeId)
    {
        public Create
        {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            prefixes = List.copyOf(prefixes);
        }
    }

    /** An update: absent fields stay; {@code addressScopeId} and {@code defaultQuota} may be cleared (present, empty). */
    public record Update(
            Optional<String> name,
            Optional<String> description,
            Optional<List<String>> prefixes,
            OptionalInt defaultPrefixlen,
            OptionalInt minPrefixlen,
            OptionalInt maxPrefixlen,
            Optional<OptionalLong> defaultQuota,
            Optional<Boolean> isDefault,
            Optional<Optional<String>> addressScopeId) {}

    /** A pool as one project sees it: {@code shared} when a policy grants it to that project or to all. */
    public record View(SubnetPool pool, boolean shared) {}

    private final UnitOfWork work;
    private final Clock clock;
    private final AddressScopeService scopes;
    private final QuotaService quotas;
    private final StandardAttributes standard;
    private final PoolEvents events;

    public SubnetPoolService(UnitOfWork work, Clock clock, AddressScopeService scopes, QuotaService quotas, StandardAttributes standard, PoolEvents events)
    {
        this.events = requireNonNull(events, "events is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.work = requireNonNull(work, "work is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.scopes = requireNonNull(scopes, "scopes is null");
    }

    private Instant now()
    {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static ApiException notFound(String id)
    {
        return new ApiException(PoolErrorCode.SubnetPoolNotFound, "Subnet pool " + id + " could not be found.");
    }

    /** Whether the project may see and use the pool: its owner, an admin, or a project the pool is shared with. */
    static boolean visible(Handle h, Requester requester, SubnetPool pool)
    {
        return requester.admin() || requester.owns(pool.projectId())
                || RbacPolicyStore.grants(h, OBJECT_TYPE, pool.id(), RbacPolicy.ACCESS_AS_SHARED, requester.projectId());
    }

    private View view(Handle h, Requester requester, SubnetPool pool)
    {
        return new View(pool, RbacPolicyStore.grants(h, OBJECT_TYPE, pool.id(), RbacPolicy.ACCESS_AS_SHARED, requester.projectId()));
    }

    /** A client's list query checked against the list's declared filters and sort keys. */
    public ListRequest listRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(SubnetPoolStore.POOLS, query);
    }

    /** A page of the pools the project may see; {@code shared} filters on whether a policy grants them to it. */
    public Page<View> list(Requester requester, ListRequest request, Optional<Boolean> shared)
    {
        List<SqlPredicate> scope = new ArrayList<>();
        SqlPredicate granted = RbacPolicyService.grantedSql(OBJECT_TYPE, RbacPolicy.ACCESS_AS_SHARED, "subnet_pools.id", requester.projectId());
        if (!requester.admin()) {
            scope.add(new SqlPredicate("subnet_pools.project_id = :owner_project OR " + granted.sql(),
                    merged(granted.parameters(), "owner_project", requester.projectId())));
        }
        shared.ifPresent(wanted -> scope.add(wanted ? granted : new SqlPredicate("NOT " + granted.sql(), granted.parameters())));
        return work.handle(h -> {
            Page<SubnetPool> page = SubnetPoolStore.pools(h, request, scope);
            return new Page<>(page.items().stream().map(pool -> view(h, requester, pool)).toList(), page.hasMore(), page.nextMarker(),
                    page.previousMarker());
        });
    }

    static java.util.Map<String, Object> merged(java.util.Map<String, Object> parameters, String name, Object value)
    {
        java.util.Map<String, Object> all = new java.util.HashMap<>(parameters);
        all.put(name, value);
        return all;
    }

    public View get(Requester requester, String id)
    {
        return work.handle(h -> {
            SubnetPool pool = SubnetPoolStore.find(h, id).filter(found -> visible(h, requester, found)).orElseThrow(() -> notFound(id));
            return view(h, requester, pool);
        });
    }

    public View create(Requester requester, Create create)
    {
        List<CidrBlock> prefixes = parsePrefixes(create.prefixes());
        int version = prefixes.getFirst().version();
        int bits = CidrBlock.bits(version);
        int min = create.minPrefixlen().orElse(version == 4 ? 8 : 64);
        int max = create.maxPrefixlen().orElse(bits);
        int defaultLength = create.defaultPrefixlen().orElse(min);
        checkBounds(bits, min, max, defaultLength);
        create.defaultQuota().ifPresent(SubnetPoolService::checkQuota);
        Instant now = now();
        SubnetPool pool = new SubnetPool(UUID.randomUUID().toString(), create.projectId(), create.name(), create.description(), version, prefixes,
                defaultLength, min, max, create.defaultQuota(), create.isDefault(), create.addressScopeId(), now, now, 0);
        return work.transaction(h -> {
            if (create.isDefault()) {
                checkNoOtherDefault(h, version, pool.id());
            }
            if (pool.addressScopeId().isPresent()) {
                scopes.checkJoin(h, requester, pool.addressScopeId().get(), pool.id(), version, prefixes);
            }
            quotas.reserve(h, pool.projectId(), "subnetpool", 1);
            SubnetPoolStore.insert(h, pool);
            if (create.shared()) {
                RbacPolicyStore.insert(h, new RbacPolicy(UUID.randomUUID().toString(), pool.projectId(), OBJECT_TYPE, pool.id(),
                        RbacPolicy.ACCESS_AS_SHARED, RbacPolicy.WILDCARD), now);
            }
            events.publish("subnetpool.create.end", pool.projectId(), OBJECT_TYPE, pool.id(), Map.of("id", pool.id(), "name", pool.name()));
            return view(h, requester, pool);
        });
    }

    public View update(Requester requester, String id, Update update)
    {
        return work.transaction(h -> {
            SubnetPool pool = SubnetPoolStore.lock(h, id).filter(found -> visible(h, requester, found)).orElseThrow(() -> notFound(id));
            if (!requester.admin() && !requester.owns(pool.projectId())) {
                throw notFound(id);
            }
            int bits = CidrBlock.bits(pool.ipVersion());
            List<CidrBlock> prefixes = pool.prefixes();
            if (update.prefixes().isPresent()) {
                List<CidrBlock> wanted = parsePrefixes(update.prefixes().get());
                checkVersion(wanted, pool.ipVersion());
                if (!CidrBlock.subtract(pool.prefixes(), wanted).isEmpty()) {
                    throw new ApiException(PoolErrorCode.IllegalSubnetPoolPrefixUpdate,
                            "Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes.");
                }
                prefixes = CidrBlock.merge(wanted);
            }
            int min = update.minPrefixlen().orElse(pool.minPrefixlen());
            int max = update.maxPrefixlen().orElse(pool.maxPrefixlen());
            int defaultLength = update.defaultPrefixlen().orElse(
                    update.minPrefixlen().isPresent() && pool.defaultPrefixlen() < min ? min : pool.defaultPrefixlen());
            checkBounds(bits, min, max, defaultLength);
            OptionalLong quota = update.defaultQuota().orElse(pool.defaultQuota());
            quota.ifPresent(SubnetPoolService::checkQuota);
            boolean isDefault = update.isDefault().orElse(pool.isDefault());
            if (isDefault && !pool.isDefault()) {
                checkNoOtherDefault(h, pool.ipVersion(), pool.id());
            }
            Optional<String> scope = update.addressScopeId().orElse(pool.addressScopeId());
            if (scope.isPresent() && (!scope.equals(pool.addressScopeId()) || !prefixes.equals(pool.prefixes()))) {
                scopes.checkJoin(h, requester, scope.get(), pool.id(), pool.ipVersion(), prefixes);
            }
            SubnetPool updated = new SubnetPool(pool.id(), pool.projectId(), update.name().orElse(pool.name()),
                    update.description().orElse(pool.description()), pool.ipVersion(), prefixes, defaultLength, min, max, quota, isDefault, scope,
                    pool.createdAt(), now(), pool.revisionNumber() + 1);
            SubnetPoolStore.update(h, updated);
            events.publish("subnetpool.update.end", updated.projectId(), OBJECT_TYPE, updated.id(), Map.of("id", updated.id(), "name", updated.name()));
            return view(h, requester, updated);
        });
    }

    /** PUT .../add_prefixes: the pool's prefixes afterwards. */
    public List<CidrBlock> addPrefixes(Requester requester, String id, List<String> added)
    {
        List<CidrBlock> prefixes = parsePrefixes(added);
        return work.transaction(h -> {
            SubnetPool pool = owned(h, requester, id);
            checkVersion(prefixes, pool.ipVersion());
            List<CidrBlock> merged = new ArrayList<>(pool.prefixes());
            merged.addAll(prefixes);
            merged = new ArrayList<>(CidrBlock.merge(merged));
            if (pool.addressScopeId().isPresent()) {
                scopes.checkJoin(h, requester, pool.addressScopeId().get(), pool.id(), pool.ipVersion(), merged);
            }
            SubnetPool updated = SubnetPoolStore.withPrefixes(touched(pool), merged);
            SubnetPoolStore.update(h, updated);
            return updated.prefixes();
        });
    }

    /** PUT .../remove_prefixes: the pool's prefixes afterwards; a prefix that subnets still use cannot go. */
    public List<CidrBlock> removePrefixes(Requester requester, String id, List<String> removed)
    {
        List<CidrBlock> prefixes = parsePrefixes(removed);
        return work.transaction(h -> {
            SubnetPool pool = owned(h, requester, id);
            checkVersion(prefixes, pool.ipVersion());
            List<CidrBlock> remaining = CidrBlock.subtract(pool.prefixes(), prefixes);
            for (SubnetPoolStore.Allocation allocation : SubnetPoolStore.allocations(h, pool.id())) {
                if (remaining.stream().noneMatch(prefix -> prefix.contains(allocation.cidr()))) {
                    throw new ApiException(PoolErrorCode.SubnetPoolInUse, "Unable to complete operation on subnet pool " + pool.id()
                            + ". Prefix " + allocation.cidr() + " is in use by subnet " + allocation.subnetId() + ".");
                }
            }
            if (remaining.isEmpty()) {
                throw new ApiException(PoolErrorCode.IllegalSubnetPoolPrefixUpdate, "Illegal update to prefixes: a subnet pool keeps at least one prefix.");
            }
            SubnetPool updated = SubnetPoolStore.withPrefixes(touched(pool), remaining);
            SubnetPoolStore.update(h, updated);
            return updated.prefixes();
        });
    }

    private SubnetPool touched(SubnetPool pool)
    {
        return new SubnetPool(pool.id(), pool.projectId(), pool.name(), pool.description(), pool.ipVersion(), pool.prefixes(), pool.defaultPrefixlen(),
                pool.minPrefixlen(), pool.maxPrefixlen(), pool.defaultQuota(), pool.isDefault(), pool.addressScopeId(), pool.createdAt(), now(),
                pool.revisionNumber() + 1);
    }

    private static SubnetPool owned(Handle h, Requester requester, String id)
    {
        SubnetPool pool = SubnetPoolStore.lock(h, id).filter(found -> visible(h, requester, found)).orElseThrow(() -> notFound(id));
        if (!requester.admin() && !requester.owns(pool.projectId())) {
            throw notFound(id);
        }
        return pool;
    }

    public void delete(Requester requester, String id)
    {
        work.transaction(h -> {
            SubnetPool pool = owned(h, requester, id);
            if (SubnetPoolStore.hasAllocations(h, pool.id())) {
                throw new ApiException(PoolErrorCode.SubnetPoolInUse,
                        "Unable to complete operation on subnet pool " + pool.id() + ". Subnets are allocated from this pool.");
            }
            RbacPolicyStore.deleteOfObject(h, OBJECT_TYPE, pool.id());
            SubnetPoolStore.delete(h, pool.id());
            standard.forget(pool.id());
            quotas.reserve(h, pool.projectId(), "subnetpool", -1);
            events.publish("subnetpool.delete.end", pool.projectId(), OBJECT_TYPE, pool.id(), Map.of("id", pool.id()));
            return null;
        });
    }

    // ---- allocation, for subnet create (the subnet's row, with its subnetpool_id, records it)

    /**
     * The CIDR of a new subnet from the pool it names (or the default pool of its IP version): the one it asks
     * for if free, else the lowest free block of its prefix length or of the pool's default. Runs in the subnet's
     * unit of work with the pool's row locked, so concurrent creates on one pool never get overlapping prefixes.
     */
    @Override
    public Optional<Allocation> allocate(Caller caller, String projectId, int ipVersion, Optional<String> subnetpoolId, Optional<Integer> prefixLength,
            Optional<String> cidr, boolean useDefault)
    {
        if (subnetpoolId.isEmpty() && !useDefault) {
            if (prefixLength.isPresent()) {
                throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for operation: prefixlen requires a subnetpool_id.");
            }
            return Optional.empty();
        }
        Requester requester = new Requester(caller.projectId(), caller.admin());
        return Optional.of(work.transaction(h -> {
            SubnetPool pool = resolvePool(h, requester, subnetpoolId, ipVersion);
            if (ipVersion != pool.ipVersion()) {
                throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for operation: Cannot allocate IPv" + ipVersion
                        + " subnet from IPv" + pool.ipVersion() + " subnet pool " + pool.id() + ".");
            }
            if (cidr.isPresent() && prefixLength.isPresent()) {
                throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for operation: cidr and prefixlen must not be supplied together.");
            }
            List<SubnetPoolStore.Allocation> allocations = SubnetPoolStore.allocations(h, pool.id());
            List<CidrBlock> taken = allocations.stream().map(SubnetPoolStore.Allocation::cidr).toList();
            CidrBlock block;
            if (cidr.isPresent()) {
                CidrBlock wanted = CidrBlock.parse(cidr.get()).filter(parsed -> parsed.version() == pool.ipVersion())
                        .orElseThrow(() -> new ApiException(PoolErrorCode.InvalidInput, "Invalid input for cidr. Reason: '"
                                + shorten(cidr.get()) + "' is not a valid IPv" + pool.ipVersion() + " subnet."));
                checkLength(pool, wanted.prefixLength());
                if (!PrefixAllocator.isFree(pool.prefixes(), taken, wanted)) {
                    throw new ApiException(PoolErrorCode.SubnetAllocationError,
                            "Failed to allocate subnet: Cannot allocate requested subnet from the available set of prefixes.");
                }
                block = wanted;
            }
            else {
                int length = prefixLength.orElse(pool.defaultPrefixlen());
                checkLength(pool, length);
                block = PrefixAllocator.firstFree(pool.prefixes(), taken, length).orElseThrow(() -> new ApiException(PoolErrorCode.SubnetAllocationError,
                        "Failed to allocate subnet: Insufficient prefix space to allocate subnet size /" + length + "."));
            }
            if (pool.defaultQuota().isPresent()) {
                BigInteger used = allocations.stream().filter(allocation -> allocation.projectId().equals(projectId))
                        .map(allocation -> quotaUnits(allocation.cidr())).reduce(BigInteger.ZERO, BigInteger::add);
                if (used.add(quotaUnits(block)).compareTo(BigInteger.valueOf(pool.defaultQuota().getAsLong())) > 0) {
                    throw new ApiException(PoolErrorCode.SubnetPoolQuotaExceeded, "Per-tenant subnet pool prefix quota exceeded.");
                }
            }
            return new Allocation(block.toString(), pool.id());
        }));
    }

    private static SubnetPool resolvePool(Handle h, Requester requester, Optional<String> subnetpoolId, int version)
    {
        if (subnetpoolId.isPresent()) {
            String id = subnetpoolId.get();
            return SubnetPoolStore.lock(h, id).filter(found -> visible(h, requester, found)).orElseThrow(() -> notFound(id));
        }
        String id = SubnetPoolStore.defaultPool(h, version).map(SubnetPool::id)
                .orElseThrow(() -> new ApiException(PoolErrorCode.InvalidInput, "Bad subnets request: No default subnetpool found for IPv" + version + "."));
        return SubnetPoolStore.lock(h, id).orElseThrow(() -> notFound(id));
    }

    private static void checkLength(SubnetPool pool, int length)
    {
        if (length < pool.minPrefixlen() || length > pool.maxPrefixlen()) {
            throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for operation: prefixlen " + length
                    + " is outside the subnet pool's bounds: min_prefixlen=" + pool.minPrefixlen() + ", max_prefixlen=" + pool.maxPrefixlen() + ".");
        }
    }

    /** Quota units: addresses for IPv4, /64 networks for IPv6. */
    private static BigInteger quotaUnits(CidrBlock cidr)
    {
        if (cidr.version() == 4) {
            return cidr.size();
        }
        return cidr.prefixLength() >= 64 ? BigInteger.ONE : BigInteger.ONE.shiftLeft(64 - cidr.prefixLength());
    }

    /** A network's address scope of one IP version (ipv4_address_scope, ipv6_address_scope): that of the pool its subnets came from. */
    public Optional<String> addressScopeOf(String networkId, int ipVersion)
    {
        return work.handle(h -> SubnetPoolStore.allocationsOfNetwork(h, networkId).stream()
                .filter(allocation -> allocation.cidr().version() == ipVersion)
                .map(allocation -> SubnetPoolStore.find(h, allocation.subnetPoolId()).flatMap(SubnetPool::addressScopeId))
                .flatMap(Optional::stream)
                .findFirst());
    }

    // ---- validation

    static List<CidrBlock> parsePrefixes(List<String> texts)
    {
        if (texts.isEmpty()) {
            throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for operation: Empty subnet pool prefix list.");
        }
        if (texts.size() > 1000) {
            throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for prefixes. Reason: too many prefixes.");
        }
        List<CidrBlock> prefixes = new ArrayList<>();
        for (String text : texts) {
            prefixes.add(CidrBlock.parse(text).orElseThrow(() -> new ApiException(PoolErrorCode.InvalidInput,
                    "Invalid input for prefixes. Reason: '" + shorten(text) + "' is not a valid IP subnet.")));
        }
        checkVersion(prefixes, prefixes.getFirst().version());
        return CidrBlock.merge(prefixes);
    }

    private static void checkVersion(List<CidrBlock> prefixes, int version)
    {
        for (CidrBlock prefix : prefixes) {
            if (prefix.version() != version) {
                throw new ApiException(PoolErrorCode.PrefixVersionMismatch, "Cannot mix IPv4 and IPv6 prefixes in a subnet pool.");
            }
        }
    }

    private static void checkBounds(int bits, int min, int max, int defaultLength)
    {
        if (min < 0 || min > bits) {
            throw bounds("min_prefixlen", min, "0", 0);
        }
        if (max < 0 || max > bits) {
            throw bounds("max_prefixlen", max, "max_prefixlen", bits);
        }
        if (min > max) {
            throw bounds("min_prefixlen", min, "max_prefixlen", max);
        }
        if (defaultLength < min) {
            throw bounds("default_prefixlen", defaultLength, "min_prefixlen", min);
        }
        if (defaultLength > max) {
            throw bounds("default_prefixlen", defaultLength, "max_prefixlen", max);
        }
    }

    private static ApiException bounds(String type, int length, String baseType, int baseLength)
    {
        return new ApiException(PoolErrorCode.IllegalSubnetPoolPrefixBounds,
                "Illegal prefix bounds: " + type + "=" + length + ", " + baseType + "=" + baseLength + ".");
    }

    private static void checkQuota(long quota)
    {
        if (quota < 0) {
            throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for default_quota. Reason: '" + quota + "' should be non-negative.");
        }
    }

    private static void checkNoOtherDefault(Handle h, int version, String poolId)
    {
        Optional<SubnetPool> existing = SubnetPoolStore.defaultPool(h, version);
        if (existing.isPresent() && !existing.get().id().equals(poolId)) {
            throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for operation: A default subnetpool for this IP family has already "
                    + "been set. Only one default may exist per IP family.");
        }
    }

    static String shorten(String text)
    {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
