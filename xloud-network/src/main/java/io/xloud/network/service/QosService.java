package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.QosStore;
import io.xloud.network.store.RbacObjectStore;
import io.xloud.network.store.RbacPolicyStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * QoS policies and their rules (qos, qos-default, qos-bw-limit-direction), and what they are attached to. Policies are
 * the operator's (admin-only changes by default); a project sees its own and the shared ones. A policy holds one rule
 * of each type per direction; a policy attached to anything cannot be deleted.
 */
public final class QosService
{
    public static final String RESOURCE = "qos_policy";
    public static final String TABLE = QosStore.POLICIES;
    public static final ListSpec LIST = QosStore.LIST;

    private final NetworkContext context;
    private final QosStore store;

    public QosService(NetworkContext context, QosStore store)
    {
        this.context = requireNonNull(context, "context is null");
        this.store = requireNonNull(store, "store is null");
    }

    // policies

    public QosPolicy create(String projectId, String name, String description, boolean shared, boolean isDefault)
    {
        String id = UUID.randomUUID().toString();
        context.work().run(() -> {
            Instant now = context.standard().now();
            store.insert(new QosPolicy(id, name, shared, isDefault, new Standard(projectId, description, List.of(), now, now, 0), List.of()));
            if (shared) {
                context.work().transaction(h -> {
                    addWildcard(h, id, projectId);
                    return null;
                });
            }
            if (isDefault && !store.claimDefault(projectId, id)) {
                throw defaultExists(projectId);
            }
            context.publish("qos_policy.create.end", projectId, RESOURCE, id, Map.of("name", name));
        });
        return store.policy(id).orElseThrow(() -> notFound(id));
    }

    /** The policy, or 404 when it does not exist or is another project's and not shared with all or, by an RBAC policy, with the caller's. */
    public QosPolicy get(String id, Caller scope)
    {
        return store.policy(id).filter(policy -> scope.owns(policy.projectId()) || sharedWith(policy, scope.projectId())).orElseThrow(() -> notFound(id));
    }

    /** Whether the policy is shared with the project: with every project, or by an RBAC policy naming it ({@code shared} as it sees it). */
    public boolean sharedWith(QosPolicy policy, String projectId)
    {
        return policy.shared() || context.work().handle(h -> RbacPolicyStore.grants(h, RESOURCE, policy.id(), RbacPolicy.ACCESS_AS_SHARED, projectId));
    }

    public Page<QosPolicy> list(ListRequest request, Caller scope)
    {
        SqlPredicate granted = RbacPolicyService.grantedSql(RESOURCE, RbacPolicy.ACCESS_AS_SHARED, TABLE + ".id", scope.projectId());
        List<SqlPredicate> predicates = scope.admin() ? List.of()
                : List.of(new SqlPredicate("(" + TABLE + ".project_id = :scope_project OR " + TABLE + ".shared = TRUE OR " + granted.sql() + ")",
                        SubnetPoolService.merged(granted.parameters(), "scope_project", scope.projectId())));
        return store.page(request, predicates);
    }

    public QosPolicy update(String id, Caller scope, Optional<String> name, Optional<String> description, Optional<Boolean> shared,
            Optional<Boolean> isDefault, Optional<Long> revision)
    {
        QosPolicy current = get(id, scope);
        StandardAttributes.checkRevision(current.standard().revisionNumber(), revision);
        boolean makeDefault = isDefault.orElse(current.isDefault());
        context.work().run(() -> {
            if (makeDefault && !current.isDefault() && !store.claimDefault(current.projectId(), id)) {
                throw defaultExists(current.projectId());
            }
            if (!makeDefault && current.isDefault()) {
                store.releaseDefault(id);
            }
            context.work().transaction(h -> {
                RbacObjectStore.lock(h, RbacObjectStore.Kind.QOS_POLICY, id);
                boolean sharedNow = RbacPolicyStore.grantsAll(h, RESOURCE, id, RbacPolicy.ACCESS_AS_SHARED);
                if (shared.isPresent() && shared.get() && !sharedNow) {
                    addWildcard(h, id, current.projectId());
                }
                if (shared.isPresent() && !shared.get() && sharedNow) {
                    removeWildcard(h, id, current.projectId());
                }
                return null;
            });
            store.update(id, name.orElse(current.name()), description.orElse(current.standard().description()), shared.orElse(current.shared()),
                    makeDefault, context.standard().now());
            context.publish("qos_policy.update.end", current.projectId(), RESOURCE, id, Map.of());
        });
        return store.policy(id).orElseThrow(() -> notFound(id));
    }

    public void delete(String id, Caller scope)
    {
        QosPolicy policy = get(id, scope);
        try {
            context.work().run(() -> {
                Optional<Map.Entry<String, String>> binding = store.anyBinding(id);
                if (binding.isPresent()) {
                    throw inUse(id, binding.get());
                }
                context.standard().forget(id);
                context.work().transaction(h -> {
                    RbacPolicyService.forgetObject(h, context.quotas(), RESOURCE, id);
                    return null;
                });
                store.delete(id);
                context.publish("qos_policy.delete.end", policy.projectId(), RESOURCE, id, Map.of());
            });
        }
        catch (JdbiException e) {
            // attached while it was being deleted: the binding's reference held it
            Optional<Map.Entry<String, String>> binding = store.anyBinding(id);
            if (binding.isPresent()) {
                throw inUse(id, binding.get());
            }
            throw e;
        }
    }

    // rules

    /** A rule of {@code type} with the given values (integers as Long, choices as given), checked against the type. */
    public QosRule createRule(String policyId, Caller scope, QosRuleType type, Map<String, Object> given)
    {
        QosPolicy policy = get(policyId, scope);
        Map<String, Object> values = new LinkedHashMap<>();
        for (QosRuleType.Parameter parameter : type.parameters()) {
            Object value = given.containsKey(parameter.name()) ? check(parameter, given.get(parameter.name()))
                    : parameter.defaultValue().orElseThrow(() -> new ApiException(NetworkErrorCode.BAD_REQUEST,
                            "Failed to parse request. Required attribute '" + parameter.name() + "' not specified"));
            values.put(parameter.name(), value);
        }
        QosRule rule = new QosRule(UUID.randomUUID().toString(), policy.id(), type, values);
        try {
            context.work().run(() -> {
                store.ruleWithKey(policy.id(), rule.key()).ifPresent(existing -> {
                    throw conflict(type, existing, policy.id());
                });
                Instant now = context.standard().now();
                store.insert(rule, now);
                store.bumpRevision(policy.id(), now);
                context.publish("qos_policy.update.end", policy.projectId(), RESOURCE, policy.id(), Map.of("rule_id", rule.id()));
            });
        }
        catch (JdbiException e) {
            Optional<String> existing = store.ruleWithKey(policy.id(), rule.key());
            if (existing.isPresent()) {
                throw conflict(type, existing.get(), policy.id());
            }
            throw e;
        }
        return rule;
    }

    public QosRule getRule(String policyId, String ruleId, Caller scope, QosRuleType type)
    {
        QosPolicy policy = get(policyId, scope);
        return store.rule(ruleId).filter(rule -> rule.policyId().equals(policy.id()) && rule.type() == type)
                .orElseThrow(() -> ruleNotFound(ruleId, policyId));
    }

    public List<QosRule> rules(String policyId, Caller scope, QosRuleType type)
    {
        return get(policyId, scope).rules().stream().filter(rule -> rule.type() == type).toList();
    }

    public QosRule updateRule(String policyId, String ruleId, Caller scope, QosRuleType type, Map<String, Object> given)
    {
        QosRule current = getRule(policyId, ruleId, scope, type);
        Map<String, Object> values = new LinkedHashMap<>(current.values());
        for (QosRuleType.Parameter parameter : type.parameters()) {
            if (given.containsKey(parameter.name())) {
                values.put(parameter.name(), check(parameter, given.get(parameter.name())));
            }
        }
        QosRule updated = new QosRule(current.id(), current.policyId(), type, values);
        try {
            context.work().run(() -> {
                store.ruleWithKey(policyId, updated.key()).filter(existing -> !existing.equals(ruleId)).ifPresent(existing -> {
                    throw conflict(type, existing, policyId);
                });
                store.replace(updated);
                store.bumpRevision(policyId, context.standard().now());
            });
        }
        catch (JdbiException e) {
            Optional<String> existing = store.ruleWithKey(policyId, updated.key()).filter(found -> !found.equals(ruleId));
            if (existing.isPresent()) {
                throw conflict(type, existing.get(), policyId);
            }
            throw e;
        }
        return store.rule(ruleId).orElseThrow(() -> ruleNotFound(ruleId, policyId));
    }

    public void deleteRule(String policyId, String ruleId, Caller scope, QosRuleType type)
    {
        getRule(policyId, ruleId, scope, type);
        context.work().run(() -> {
            if (!store.deleteRule(ruleId)) {
                throw ruleNotFound(ruleId, policyId);
            }
            store.bumpRevision(policyId, context.standard().now());
        });
    }

    // attachments

    /** What ports and networks ask of QoS: whether a project may use a policy, and its default policy. */
    public QosAttachments forAttachments()
    {
        return new QosAttachments()
        {
            @Override
            public void check(Caller caller, String projectId, String policyId)
            {
                QosPolicy policy = store.policy(policyId).orElseThrow(() -> notFound(policyId));
                if (!policy.projectId().equals(projectId) && !caller.admin() && !sharedWith(policy, projectId)) {
                    throw notFound(policyId);
                }
            }

            @Override
            public Optional<String> defaultPolicy(String projectId)
            {
                return store.defaultPolicy(projectId);
            }
        };
    }

    // checks and errors

    private static Object check(QosRuleType.Parameter parameter, Object value)
    {
        if (parameter.range()) {
            if (!(value instanceof Long number) || number < 0 || number > QosRuleType.MAX_RATE) {
                throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input for " + parameter.name() + ". Reason: '" + value
                        + "' is not in range 0 through " + QosRuleType.MAX_RATE + ".");
            }
            return number;
        }
        if (!parameter.choices().contains(value)) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input for " + parameter.name() + ". Reason: '" + value
                    + "' is not in " + parameter.choices() + ".");
        }
        return value;
    }

    static ApiException notFound(String id)
    {
        return new ApiException(SecurityErrorCode.QOS_POLICY_NOT_FOUND, "QoS policy " + AddressGroupService.shorten(id) + " could not be found.");
    }

    static ApiException ruleNotFound(String ruleId, String policyId)
    {
        return new ApiException(SecurityErrorCode.QOS_RULE_NOT_FOUND, "QoS rule " + AddressGroupService.shorten(ruleId)
                + " for policy " + AddressGroupService.shorten(policyId) + " could not be found.");
    }

    private static ApiException conflict(QosRuleType type, String existing, String policyId)
    {
        return new ApiException(SecurityErrorCode.QOS_RULES_CONFLICT, "Rule " + type.wireName() + " conflicts with rule " + existing
                + " which already exists in QoS Policy " + policyId + ".");
    }

    private static ApiException defaultExists(String projectId)
    {
        return new ApiException(SecurityErrorCode.QOS_POLICY_DEFAULT_ALREADY_EXISTS, "A default QoS policy exists for project " + projectId + ".");
    }

    private static ApiException inUse(String id, Map.Entry<String, String> binding)
    {
        return new ApiException(SecurityErrorCode.QOS_POLICY_IN_USE, "QoS Policy " + id + " is used by " + binding.getKey() + " " + binding.getValue()
                + ".");
    }

    /** The wildcard RBAC entry of a {@code shared} policy, owned by its project, counted in (not checked against) its rbac_policy quota. */
    private void addWildcard(Handle h, String id, String projectId)
    {
        if (RbacPolicyStore.find(h, RESOURCE, id, RbacPolicy.ACCESS_AS_SHARED, RbacPolicy.WILDCARD).isEmpty()) {
            RbacPolicyStore.insert(h, new RbacPolicy(UUID.randomUUID().toString(), projectId, RESOURCE, id, RbacPolicy.ACCESS_AS_SHARED,
                    RbacPolicy.WILDCARD), context.standard().now());
            context.quotas().count(h, projectId, "rbac_policy", 1);
        }
    }

    /** Withdraws the wildcard entry: 409 QosPolicyInUse while another project, with no grant of its own, uses the policy. */
    private void removeWildcard(Handle h, String id, String ownerProjectId)
    {
        Set<String> users = new HashSet<>(RbacObjectStore.users(h, RbacObjectStore.Kind.QOS_POLICY, id));
        users.remove(ownerProjectId);
        users.removeIf(project -> RbacPolicyStore.find(h, RESOURCE, id, RbacPolicy.ACCESS_AS_SHARED, project).isPresent());
        if (!users.isEmpty()) {
            throw new ApiException(PoolErrorCode.RbacPolicyInUse, "RBAC policy on object " + id
                    + " cannot be removed because other objects depend on it.");
        }
        Optional<RbacPolicy> policy = RbacPolicyStore.find(h, RESOURCE, id, RbacPolicy.ACCESS_AS_SHARED, RbacPolicy.WILDCARD);
        if (policy.isPresent()) {
            RbacPolicyStore.delete(h, policy.get().id());
            context.quotas().count(h, policy.get().projectId(), "rbac_policy", -1);
        }
    }
}
