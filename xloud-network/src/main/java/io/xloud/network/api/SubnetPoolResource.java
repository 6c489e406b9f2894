package io.xloud.network.api;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.CidrBlock;
import io.xloud.network.service.PoolErrorCode;
import io.xloud.network.service.Requester;
import io.xloud.network.service.Standard;
import io.xloud.network.service.StandardAttributes;
import io.xloud.network.service.SubnetPool;
import io.xloud.network.service.SubnetPoolService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v2.0/subnetpools} (subnet_allocation, default-subnetpools): CRUD, {@code add_prefixes},
 * {@code remove_prefixes} and tags.
 */
public final class SubnetPoolResource
{
    static final String COLLECTION = "subnetpools";
    static final String TABLE = "subnet_pools";
    private static final String BASE = NetworkModule.V2 + "/subnetpools";
    private static final Set<String> CREATE = Set.of("tags", "name", "description", "prefixes", "default_prefixlen", "min_prefixlen", "max_prefixlen",
            "default_quota", "shared", "is_default", "address_scope_id", "project_id", "tenant_id", "ip_version");
    private static final Set<String> UPDATE = Set.of("name", "description", "prefixes", "default_prefixlen", "min_prefixlen", "max_prefixlen",
            "default_quota", "is_default", "address_scope_id");

    private final SubnetPoolService pools;
    private final StandardAttributes standard;
    private final NeutronLists lists;

    public SubnetPoolResource(SubnetPoolService pools, StandardAttributes standard, NeutronLists lists)
    {
        this.pools = requireNonNull(pools, "pools is null");
        this.standard = requireNonNull(standard, "standard is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        routes.route("GET", BASE, PoolPolicies.GET_SUBNETPOOL, PoolPolicies::callerTarget, lists.cached(this::list));
        routes.route("POST", BASE, PoolPolicies.CREATE_SUBNETPOOL, PoolPolicies::callerTarget, this::create);
        routes.route("GET", BASE + "/{id}", PoolPolicies.GET_SUBNETPOOL, this::target, this::show);
        routes.route("PUT", BASE + "/{id}", PoolPolicies.UPDATE_SUBNETPOOL, this::target, this::update);
        routes.route("DELETE", BASE + "/{id}", PoolPolicies.DELETE_SUBNETPOOL, this::target, this::delete);
        routes.route("PUT", BASE + "/{id}/add_prefixes", PoolPolicies.ADD_PREFIXES, this::target, this::addPrefixes);
        routes.route("PUT", BASE + "/{id}/remove_prefixes", PoolPolicies.REMOVE_PREFIXES, this::target, this::removePrefixes);
        new TagsResource(standard, COLLECTION, TABLE, this::target).routes(routes);
    }

    /** The pool the path names, 404 when the caller cannot see it. */
    private Map<String, Object> target(Exchange exchange)
    {
        SubnetPoolService.View view = pools.get(PoolBodies.requester(exchange), exchange.path("id"));
        Map<String, Object> target = new HashMap<>();
        target.put("id", view.pool().id());
        target.put("project_id", view.pool().projectId());
        target.put("tenant_id", view.pool().projectId());
        target.put("shared", view.shared());
        return target;
    }

    private void list(Exchange exchange)
    {
        Requester requester = PoolBodies.requester(exchange);
        ListRequest request = pools.listRequest(exchange.queryParameters());
        Optional<Boolean> shared = PoolPolicies.booleanFilter(exchange, "shared");
        Page<SubnetPoolService.View> page = pools.list(requester, request, shared);
        Map<String, List<String>> tags = standard.tags(page.items().stream().map(view -> view.pool().id()).toList());
        lists.respond(exchange, COLLECTION, page.map(view -> view(view, tags.getOrDefault(view.pool().id(), List.of()))), request);
    }

    private void show(Exchange exchange)
    {
        SubnetPoolService.View view = pools.get(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.json(200, Map.of("subnetpool", NeutronLists.projectShow(exchange, view(view, standard.tags(view.pool().id())))));
    }

    private void create(Exchange exchange)
    {
        Requester requester = PoolBodies.requester(exchange);
        PoolBodies body = PoolBodies.read(exchange, "subnetpool", CREATE);
        String project = body.ownerProject(exchange, requester);
        List<String> prefixes = body.strings("prefixes", 1000).orElseThrow(() ->
                PoolBodies.badRequest("Failed to parse request. Required attribute 'prefixes' not specified"));
        boolean shared = body.bool("shared").orElse(false);
        boolean isDefault = body.bool("is_default").orElse(false);
        Map<String, Object> target = Map.of("project_id", project, "tenant_id", project, "shared", shared, "is_default", isDefault);
        if (shared && !exchange.allowed(PoolPolicies.CREATE_SUBNETPOOL + ":shared", target)
                || isDefault && !exchange.allowed(PoolPolicies.CREATE_SUBNETPOOL + ":is_default", target)) {
            throw new ApiException(PoolErrorCode.PolicyNotAuthorized, "(rule:create_subnetpool:" + (shared ? "shared" : "is_default")
                    + ") is disallowed by policy");
        }
        OptionalLong version = body.integer("ip_version", 4, 6, true);
        if (version.isPresent() && version.getAsLong() == 5) {
            throw PoolBodies.badRequest("Invalid input for ip_version. Reason: 5 is not in [4, 6].");
        }
        SubnetPoolService.Create create = new SubnetPoolService.Create(project,
                body.string("name", PoolBodies.MAX_NAME, true).orElse(""),
                body.string("description", PoolBodies.MAX_NAME, true).orElse(""),
                prefixes,
                prefixLength(body, "default_prefixlen"),
                prefixLength(body, "min_prefixlen"),
                prefixLength(body, "max_prefixlen"),
                body.integer("default_quota", 0, Long.MAX_VALUE / 2, true),
                shared,
                isDefault,
                body.nullableUuid("address_scope_id").flatMap(scope -> scope));
        if (version.isPresent() && prefixes.size() > 0) {
            CidrBlock.parse(prefixes.getFirst()).filter(first -> first.version() != version.getAsLong()).ifPresent(first -> {
                throw new ApiException(PoolErrorCode.PrefixVersionMismatch, "Cannot mix IPv4 and IPv6 prefixes in a subnet pool.");
            });
        }
        List<String> tags = TagsResource.creationTags(body.item());
        SubnetPoolService.View view = pools.create(requester, create);
        if (!tags.isEmpty()) {
            standard.replaceTags(TABLE, COLLECTION, view.pool().id(), tags);
            view = pools.get(requester, view.pool().id());
        }
        exchange.json(201, Map.of("subnetpool", view(view, standard.tags(view.pool().id()))));
    }

    private static OptionalInt prefixLength(PoolBodies body, String name)
    {
        OptionalLong value = body.integer(name, 0, 128, true);
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    private void update(Exchange exchange)
    {
        Requester requester = PoolBodies.requester(exchange);
        PoolBodies body = PoolBodies.read(exchange, "subnetpool", mergeSets(UPDATE, Set.of("shared", "ip_version")));
        if (body.has("shared") || body.has("ip_version")) {
            throw PoolBodies.badRequest("Cannot update read-only attribute " + (body.has("shared") ? "shared" : "ip_version"));
        }
        Optional<Boolean> isDefault = body.bool("is_default");
        Map<String, Object> target = target(exchange);
        if (isDefault.isPresent() && !exchange.allowed(PoolPolicies.UPDATE_SUBNETPOOL + ":is_default", target)) {
            throw new ApiException(PoolErrorCode.PolicyNotAuthorized, "(rule:update_subnetpool:is_default) is disallowed by policy");
        }
        Optional<Long> expected = StandardViews.ifMatch(exchange);
        if (expected.isPresent()) {
            StandardAttributes.checkRevision(pools.get(requester, exchange.path("id")).pool().revisionNumber(), expected);
        }
        Optional<OptionalLong> quota = body.has("default_quota") ? Optional.of(body.integer("default_quota", 0, Long.MAX_VALUE / 2, true)) : Optional.empty();
        SubnetPoolService.Update update = new SubnetPoolService.Update(
                body.string("name", PoolBodies.MAX_NAME, true),
                body.string("description", PoolBodies.MAX_NAME, true),
                body.strings("prefixes", 1000),
                prefixLength(body, "default_prefixlen"),
                prefixLength(body, "min_prefixlen"),
                prefixLength(body, "max_prefixlen"),
                quota,
                isDefault,
                body.nullableUuid("address_scope_id"));
        SubnetPoolService.View view = pools.update(requester, exchange.path("id"), update);
        exchange.json(200, Map.of("subnetpool", view(view, standard.tags(view.pool().id()))));
    }

    private static Set<String> mergeSets(Set<String> a, Set<String> b)
    {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private void delete(Exchange exchange)
    {
        pools.delete(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.noContent();
    }

    private void addPrefixes(Exchange exchange)
    {
        List<CidrBlock> prefixes = pools.addPrefixes(PoolBodies.requester(exchange), exchange.path("id"), prefixesOf(exchange));
        exchange.json(200, Map.of("prefixes", prefixes.stream().map(CidrBlock::toString).toList()));
    }

    private void removePrefixes(Exchange exchange)
    {
        List<CidrBlock> prefixes = pools.removePrefixes(PoolBodies.requester(exchange), exchange.path("id"), prefixesOf(exchange));
        exchange.json(200, Map.of("prefixes", prefixes.stream().map(CidrBlock::toString).toList()));
    }

    /** The body of add_prefixes and remove_prefixes: {@code {"prefixes": [...]}}. */
    private static List<String> prefixesOf(Exchange exchange)
    {
        var body = exchange.readJson();
        var prefixes = body.get("prefixes");
        if (!body.isObject() || prefixes == null || !prefixes.isArray()) {
            throw PoolBodies.badRequest("Invalid input: the body must be {\"prefixes\": [...]}.");
        }
        if (prefixes.size() > 1000) {
            throw PoolBodies.badRequest("Invalid input for prefixes. Reason: more than 1000 items.");
        }
        List<String> out = new ArrayList<>();
        for (var prefix : prefixes) {
            if (!prefix.isTextual()) {
                throw PoolBodies.badRequest("Invalid input for prefixes. Reason: '" + PoolBodies.shorten(prefix.toString()) + "' is not a valid IP subnet.");
            }
            out.add(prefix.asText());
        }
        return out;
    }

    static Map<String, Object> view(SubnetPoolService.View view, List<String> tags)
    {
        SubnetPool pool = view.pool();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", pool.id());
        out.put("name", pool.name());
        out.put("ip_version", pool.ipVersion());
        out.put("prefixes", pool.prefixes().stream().map(CidrBlock::toString).toList());
        out.put("default_prefixlen", pool.defaultPrefixlen());
        out.put("min_prefixlen", pool.minPrefixlen());
        out.put("max_prefixlen", pool.maxPrefixlen());
        out.put("default_quota", pool.defaultQuota().isPresent() ? pool.defaultQuota().getAsLong() : null);
        out.put("is_default", pool.isDefault());
        out.put("shared", view.shared());
        out.put("address_scope_id", pool.addressScopeId().orElse(null));
        StandardViews.put(out, new Standard(pool.projectId(), pool.description(), tags, pool.createdAt(), pool.updatedAt(), pool.revisionNumber()));
        return out;
    }
}
