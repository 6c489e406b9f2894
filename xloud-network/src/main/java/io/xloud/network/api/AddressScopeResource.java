package io.xloud.network.api;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.AddressScope;
import io.xloud.network.service.AddressScopeService;
import io.xloud.network.service.PoolErrorCode;
import io.xloud.network.service.Requester;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/address-scopes} (address-scope). */
public final class AddressScopeResource
{
    private static final String BASE = NetworkModule.V2 + "/address-scopes";
    private static final Set<String> CREATE = Set.of("name", "shared", "ip_version", "project_id", "tenant_id");
    private static final Set<String> UPDATE = Set.of("name", "shared");

    private final AddressScopeService scopes;
    private final NeutronLists lists;

    public AddressScopeResource(AddressScopeService scopes, NeutronLists lists)
    {
        this.scopes = requireNonNull(scopes, "scopes is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        routes.route("GET", BASE, PoolPolicies.GET_ADDRESS_SCOPE, PoolPolicies::callerTarget, lists.cached(this::list));
        routes.route("POST", BASE, PoolPolicies.CREATE_ADDRESS_SCOPE, PoolPolicies::callerTarget, this::create);
        routes.route("GET", BASE + "/{id}", PoolPolicies.GET_ADDRESS_SCOPE, this::target, this::show);
        routes.route("PUT", BASE + "/{id}", PoolPolicies.UPDATE_ADDRESS_SCOPE, this::target, this::update);
        routes.route("DELETE", BASE + "/{id}", PoolPolicies.DELETE_ADDRESS_SCOPE, this::target, this::delete);
    }

    private Map<String, Object> target(Exchange exchange)
    {
        AddressScopeService.View view = scopes.get(PoolBodies.requester(exchange), exchange.path("id"));
        Map<String, Object> target = new HashMap<>();
        target.put("id", view.scope().id());
        target.put("project_id", view.scope().projectId());
        target.put("tenant_id", view.scope().projectId());
        target.put("shared", view.shared());
        return target;
    }

    private void list(Exchange exchange)
    {
        ListRequest request = scopes.listRequest(exchange.queryParameters());
        Page<AddressScopeService.View> page = scopes.list(PoolBodies.requester(exchange), request, PoolPolicies.booleanFilter(exchange, "shared"));
        lists.respond(exchange, "address_scopes", page.map(AddressScopeResource::view), request);
    }

    private void show(Exchange exchange)
    {
        AddressScopeService.View view = scopes.get(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.json(200, Map.of("address_scope", NeutronLists.projectShow(exchange, view(view))));
    }

    private void create(Exchange exchange)
    {
        Requester requester = PoolBodies.requester(exchange);
        PoolBodies body = PoolBodies.read(exchange, "address_scope", CREATE);
        String project = body.ownerProject(exchange, requester);
        boolean shared = body.bool("shared").orElse(false);
        if (shared && !exchange.allowed(PoolPolicies.CREATE_ADDRESS_SCOPE + ":shared", Map.of("project_id", project, "tenant_id", project))) {
            throw new ApiException(PoolErrorCode.PolicyNotAuthorized, "(rule:create_address_scope:shared) is disallowed by policy");
        }
        if (!body.given("ip_version")) {
            throw PoolBodies.badRequest("Failed to parse request. Required attribute 'ip_version' not specified");
        }
        int version = (int) body.integer("ip_version", 4, 6, false).getAsLong();
        if (version == 5) {
            throw PoolBodies.badRequest("Invalid input for ip_version. Reason: 5 is not in [4, 6].");
        }
        AddressScopeService.View view = scopes.create(requester, project, body.requiredString("name", PoolBodies.MAX_NAME), version, shared);
        exchange.json(201, Map.of("address_scope", view(view)));
    }

    private void update(Exchange exchange)
    {
        PoolBodies body = PoolBodies.read(exchange, "address_scope", UPDATE);
        Optional<Boolean> shared = body.bool("shared");
        if (shared.isPresent() && !exchange.allowed(PoolPolicies.UPDATE_ADDRESS_SCOPE + ":shared", target(exchange))) {
            throw new ApiException(PoolErrorCode.PolicyNotAuthorized, "(rule:update_address_scope:shared) is disallowed by policy");
        }
        AddressScopeService.View view = scopes.update(PoolBodies.requester(exchange), exchange.path("id"),
                body.string("name", PoolBodies.MAX_NAME, true), shared);
        exchange.json(200, Map.of("address_scope", view(view)));
    }

    private void delete(Exchange exchange)
    {
        scopes.delete(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.noContent();
    }

    static Map<String, Object> view(AddressScopeService.View view)
    {
        AddressScope scope = view.scope();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", scope.id());
        out.put("name", scope.name());
        out.put("ip_version", scope.ipVersion());
        out.put("shared", view.shared());
        out.put("project_id", scope.projectId());
        out.put("tenant_id", scope.projectId());
        return out;
    }
}
