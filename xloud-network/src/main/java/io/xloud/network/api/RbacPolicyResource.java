package io.xloud.network.api;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.network.service.PoolErrorCode;
import io.xloud.network.service.RbacPolicy;
import io.xloud.network.service.RbacPolicyService;
import io.xloud.network.service.Requester;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/rbac-policies} (rbac-policies): share an object with one project or with all. */
public final class RbacPolicyResource
{
    private static final String BASE = NetworkModule.V2 + "/rbac-policies";
    private static final Set<String> CREATE = Set.of("object_type", "object_id", "action", "target_tenant", "target_project", "project_id", "tenant_id");
    private static final Set<String> UPDATE = Set.of("target_tenant", "target_project");

    private final RbacPolicyService policies;
    private final NeutronLists lists;

    public RbacPolicyResource(RbacPolicyService policies, NeutronLists lists)
    {
        this.policies = requireNonNull(policies, "policies is null");
        this.lists = requireNonNull(lists, "lists is null");
    }

    public void routes(Router.Builder routes)
    {
        routes.route("GET", BASE, PoolPolicies.GET_RBAC_POLICY, PoolPolicies::callerTarget, lists.cached(this::list));
        routes.route("POST", BASE, PoolPolicies.CREATE_RBAC_POLICY, PoolPolicies::callerTarget, this::create);
        routes.route("GET", BASE + "/{id}", PoolPolicies.GET_RBAC_POLICY, this::target, this::show);
        routes.route("PUT", BASE + "/{id}", PoolPolicies.UPDATE_RBAC_POLICY, this::target, this::update);
        routes.route("DELETE", BASE + "/{id}", PoolPolicies.DELETE_RBAC_POLICY, this::target, this::delete);
    }

    private Map<String, Object> target(Exchange exchange)
    {
        // the policy check is not in place yet while its target is read, so admin comes from the token's roles here
        // (context_is_admin is role:admin); the action itself checks again with the policy engine
        boolean admin = exchange.auth().roles().stream().anyMatch(role -> role.name().equals("admin"));
        Requester requester = new Requester(exchange.auth().projectId().orElse(""), admin);
        RbacPolicy policy = policies.get(requester, exchange.path("id"));
        Map<String, Object> target = new HashMap<>();
        target.put("id", policy.id());
        target.put("project_id", policy.projectId());
        target.put("tenant_id", policy.projectId());
        target.put("target_tenant", policy.targetTenant());
        return target;
    }

    private void list(Exchange exchange)
    {
        ListRequest request = policies.listRequest(exchange.queryParameters());
        lists.respond(exchange, "rbac_policies", policies.list(PoolBodies.requester(exchange), request).map(RbacPolicyResource::view), request);
    }

    private void show(Exchange exchange)
    {
        RbacPolicy policy = policies.get(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.json(200, Map.of("rbac_policy", NeutronLists.projectShow(exchange, view(policy))));
    }

    private void create(Exchange exchange)
    {
        Requester requester = PoolBodies.requester(exchange);
        PoolBodies body = PoolBodies.read(exchange, "rbac_policy", CREATE);
        String project = body.ownerProject(exchange, requester);
        String objectType = body.requiredString("object_type", 255);
        String objectId = body.requiredUuid("object_id");
        String action = body.requiredString("action", 255);
        String targetTenant = targetTenant(body).orElseThrow(() ->
                PoolBodies.badRequest("Failed to parse request. Required attribute 'target_tenant' not specified"));
        checkWildcard(exchange, PoolPolicies.CREATE_RBAC_POLICY, project, targetTenant);
        RbacPolicy policy = policies.create(requester, project, objectType, objectId, action, targetTenant);
        exchange.json(201, Map.of("rbac_policy", view(policy)));
    }

    private static Optional<String> targetTenant(PoolBodies body)
    {
        Optional<String> tenant = body.string("target_tenant", 255, false);
        Optional<String> project = body.string("target_project", 255, false);
        if (tenant.isPresent() && project.isPresent() && !tenant.equals(project)) {
            throw PoolBodies.badRequest("'target_project' and 'target_tenant' do not match");
        }
        Optional<String> target = tenant.or(() -> project);
        if (target.isPresent() && target.get().isBlank()) {
            throw PoolBodies.badRequest("Invalid input for target_tenant. Reason: the target must be a project id or '*'.");
        }
        return target;
    }

    private static void checkWildcard(Exchange exchange, String rule, String project, String targetTenant)
    {
        Map<String, Object> target = Map.of("project_id", project, "tenant_id", project, "target_tenant", targetTenant);
        if (!exchange.allowed(rule + ":target_tenant", target)) {
            throw new ApiException(PoolErrorCode.PolicyNotAuthorized, "(rule:" + rule + ":target_tenant) is disallowed by policy");
        }
    }

    private void update(Exchange exchange)
    {
        Requester requester = PoolBodies.requester(exchange);
        PoolBodies body = PoolBodies.read(exchange, "rbac_policy", UPDATE);
        Optional<String> targetTenant = targetTenant(body);
        RbacPolicy policy = policies.get(requester, exchange.path("id"));
        if (targetTenant.isEmpty()) {
            exchange.json(200, Map.of("rbac_policy", view(policy)));
            return;
        }
        checkWildcard(exchange, PoolPolicies.UPDATE_RBAC_POLICY, policy.projectId(), targetTenant.get());
        exchange.json(200, Map.of("rbac_policy", view(policies.updateTarget(requester, policy.id(), targetTenant.get()))));
    }

    private void delete(Exchange exchange)
    {
        policies.delete(PoolBodies.requester(exchange), exchange.path("id"));
        exchange.noContent();
    }

    static Map<String, Object> view(RbacPolicy policy)
    {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", policy.id());
        out.put("object_type", policy.objectType());
        out.put("object_id", policy.objectId());
        out.put("action", policy.action());
        out.put("target_tenant", policy.targetTenant());
        out.put("target_project", policy.targetTenant());
        out.put("project_id", policy.projectId());
        out.put("tenant_id", policy.projectId());
        return out;
    }
}
