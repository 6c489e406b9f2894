package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.network.service.SecurityGroupRuleChecks.CheckedRule;
import io.xloud.network.store.AddressGroupStore;
import io.xloud.network.store.RbacPolicyStore;
import io.xloud.network.store.SecurityGroupStore;
import org.jdbi.v3.core.JdbiException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Security groups and their rules, Neutron's way: every project has one group named {@code default} (made on first
 * use, exactly once), which its owner can neither rename nor delete; a group on a port cannot be deleted; rules are
 * checked as Neutron checks them and a rule that means the same as another of its group is a 409.
 */
public final class SecurityGroupService
{
    public static final String GROUP = "security_group";
    public static final String RULE = "security_group_rule";
    /** The groups' table, whose revision a tag change bumps. */
    public static final String TABLE = SecurityGroupStore.GROUPS;
    public static final ListSpec LIST = SecurityGroupStore.GROUP_LIST;
    public static final ListSpec RULE_LIST = SecurityGroupStore.RULE_LIST;
    private static final String DEFAULT_DESCRIPTION = "Default security group";
    private static final int MAX_NAME = 255;

    private final NetworkContext context;
    private final SecurityGroupStore store;
    private final AddressGroupStore addressGroups;

    public SecurityGroupService(NetworkContext context, SecurityGroupStore store, AddressGroupStore addressGroups)
    {
        this.context = requireNonNull(context, "context is null");
        this.store = requireNonNull(store, "store is null");
        this.addressGroups = requireNonNull(addressGroups, "addressGroups is null");
    }

    // the default group

    /**
     * The id of the project's default group, made with Neutron's four default rules if the project has none yet. Any
     * number of concurrent callers get the same group: the project's row in the default table is claimed by one.
     * Inside an open unit of work (a port being created) the group is made in it, and a claim lost to a concurrent
     * request takes back its own rows and answers the winner's group.
     */
    public String ensureDefault(String projectId)
    {
        requireNonNull(projectId, "projectId is null");
        Optional<String> existing = store.defaultGroupId(projectId);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (context.work().current().isPresent()) {
            return makeDefaultJoined(projectId);
        }
        return makeDefault(projectId);
    }

    private String makeDefaultJoined(String projectId)
    {
        String id = UUID.randomUUID().toString();
        return context.work().transaction(h -> {
            Instant now = context.standard().now();
            store.insert(newDefault(id, projectId, now));
            boolean claimed;
            try {
                claimed = store.claimDefault(projectId, id);
            }
            catch (JdbiException e) {
                // H2 reports a claim made concurrently as a failed statement; the transaction goes on
                claimed = false;
            }
            if (!claimed) {
                store.delete(id);
                return store.defaultGroupId(projectId).orElseThrow(() -> new ApiException(NetworkErrorCode.CONFLICT,
                        "The default security group of project " + projectId + " is being made by another request; try again."));
            }
            addDefaultRules(h, projectId, id, now);
            return id;
        });
    }

    private String makeDefault(String projectId)
    {
        for (int attempt = 0; attempt < 200; attempt++) {
            Optional<String> existing = store.defaultGroupId(projectId);
            if (existing.isPresent()) {
                return existing.get();
            }
            String id = UUID.randomUUID().toString();
            try {
                boolean made = context.work().transaction(h -> {
                    Instant now = context.standard().now();
                    store.insert(newDefault(id, projectId, now));
                    if (!store.claimDefault(projectId, id)) {
                        throw new LostRace();
                    }
                    addDefaultRules(h, projectId, id, now);
                    return true;
                });
                if (made) {
                    return id;
                }
            }
            catch (LostRace | JdbiException e) {
                // another request claimed the project's default group first; it is read on the next pass
            }
            try {
                Thread.sleep(Math.min(50, 1 + attempt));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the default security group", e);
            }
        }
        throw new IllegalStateException("the default security group of project " + projectId + " could not be made");
    }

    private static SecurityGroup newDefault(String id, String projectId, Instant now)
    {
        return new SecurityGroup(id, SecurityGroup.DEFAULT_NAME, true, true, new Standard(projectId, DEFAULT_DESCRIPTION, List.of(), now, now, 0),
                List.of());
    }

    private void addDefaultRules(org.jdbi.v3.core.Handle h, String projectId, String id, Instant now)
    {
        List<CheckedRule> rules = new ArrayList<>();
        for (String ethertype : SecurityGroupRuleChecks.ETHERTYPES) {
            rules.add(CheckedRule.ingressFrom(ethertype, id));
            rules.add(CheckedRule.egress(ethertype));
        }
        for (CheckedRule rule : rules) {
            store.insert(rule(UUID.randomUUID().toString(), id, projectId, rule, true, now), rule.key());
        }
        // the default group exists whatever the quota: Neutron makes it even for a project at its limit
        reserveIfFree(h, projectId, GROUP, 1);
        reserveIfFree(h, projectId, RULE, rules.size());
        context.publish("security_group.create.end", projectId, GROUP, id, Map.of("name", SecurityGroup.DEFAULT_NAME));
    }

    private void reserveIfFree(org.jdbi.v3.core.Handle h, String projectId, String resource, long amount)
    {
        try {
            context.quotas().reserve(h, projectId, resource, amount);
        }
        catch (ApiException overQuota) {
            // counted only when it fits; the usage never goes below zero when the group goes
        }
    }

    /** Thrown inside the default group's transaction when another request claimed it, to roll back this one's rows. */
    private static final class LostRace
            extends RuntimeException
    {
        LostRace()
        {
            super(null, null, false, false);
        }
    }

    // groups

    public SecurityGroup create(String projectId, String name, String description, boolean stateful)
    {
        checkName(name);
        if (name.equals(SecurityGroup.DEFAULT_NAME)) {
            throw new ApiException(SecurityErrorCode.SECURITY_GROUP_DEFAULT_ALREADY_EXISTS, "Default security group already exists.");
        }
        ensureDefault(projectId);
        String id = UUID.randomUUID().toString();
        context.work().transaction(h -> {
            context.quotas().reserve(h, projectId, GROUP, 1);
            Instant now = context.standard().now();
            store.insert(new SecurityGroup(id, name, stateful, false, new Standard(projectId, description, List.of(), now, now, 0), List.of()));
            List<CheckedRule> rules = SecurityGroupRuleChecks.ETHERTYPES.stream().map(CheckedRule::egress).toList();
            context.quotas().reserve(h, projectId, RULE, rules.size());
            for (CheckedRule rule : rules) {
                store.insert(rule(UUID.randomUUID().toString(), id, projectId, rule, false, now), rule.key());
            }
            context.publish("security_group.create.end", projectId, GROUP, id, Map.of("name", name));
            return null;
        });
        return store.group(id).orElseThrow();
    }

    /** The group, or 404 when it does not exist or the caller cannot see it (not its own, nor shared with it by an RBAC policy). */
    public SecurityGroup get(String id, Caller scope)
    {
        ensureDefault(scope.projectId());
        return store.group(id).filter(group -> scope.owns(group.projectId()) || sharedWith(group.id(), scope.projectId()))
                .orElseThrow(() -> groupNotFound(id));
    }

    /** Whether an RBAC policy shares the group with the project (or with all): Neutron's {@code shared} as that project sees it. */
    public boolean sharedWith(String groupId, String projectId)
    {
        return context.work().handle(h -> RbacPolicyStore.grants(h, GROUP, groupId, RbacPolicy.ACCESS_AS_SHARED, projectId));
    }

    private SecurityGroup find(String id, Caller scope)
    {
        return store.group(id).filter(group -> scope.owns(group.projectId())).orElseThrow(() -> groupNotFound(id));
    }

    /** A page of the groups the caller sees; makes the default group of the project listed (the caller's, or the one filtered on). */
    public Page<SecurityGroup> list(ListRequest request, Caller scope)
    {
        ensureDefault(listedProject(request, scope));
        if (scope.admin()) {
            return store.page(request, List.of());
        }
        SqlPredicate granted = RbacPolicyService.grantedSql(GROUP, RbacPolicy.ACCESS_AS_SHARED, SecurityGroupStore.GROUPS + ".id", scope.projectId());
        return store.page(request, List.of(new SqlPredicate(SecurityGroupStore.GROUPS + ".project_id = :scope_project OR " + granted.sql(),
                SubnetPoolService.merged(granted.parameters(), "scope_project", scope.projectId()))));
    }

    public SecurityGroup update(String id, Caller scope, Optional<String> name, Optional<String> description, Optional<Boolean> stateful,
            Optional<Long> revision)
    {
        SecurityGroup current = find(id, scope);
        StandardAttributes.checkRevision(current.standard().revisionNumber(), revision);
        if (name.isPresent()) {
            checkName(name.get());
            if (current.isDefault()) {
                throw new ApiException(SecurityErrorCode.SECURITY_GROUP_CANNOT_UPDATE_DEFAULT, "Updating default security group not allowed.");
            }
            if (name.get().equals(SecurityGroup.DEFAULT_NAME)) {
                throw new ApiException(SecurityErrorCode.SECURITY_GROUP_DEFAULT_ALREADY_EXISTS, "Default security group already exists.");
            }
        }
        context.work().run(() -> {
            if (stateful.isPresent() && stateful.get() != current.stateful() && store.portsUsing(id) > 0) {
                throw new ApiException(SecurityErrorCode.SECURITY_GROUP_IN_USE, "Security Group " + id + " in use.");
            }
            store.update(id, name.orElse(current.name()), description.orElse(current.standard().description()),
                    stateful.orElse(current.stateful()), context.standard().now());
            context.publish("security_group.update.end", current.projectId(), GROUP, id, Map.of());
        });
        return store.group(id).orElseThrow(() -> groupNotFound(id));
    }

    /** Deletes a group no port uses; a project's own default group only by an admin, as in Neutron. */
    public void delete(String id, Caller scope)
    {
        SecurityGroup group = find(id, scope);
        context.work().transaction(h -> {
            if (store.portsUsing(id) > 0) {
                throw new ApiException(SecurityErrorCode.SECURITY_GROUP_IN_USE, "Security Group " + id + " in use.");
            }
            if (group.isDefault() && !scope.admin()) {
                throw new ApiException(SecurityErrorCode.SECURITY_GROUP_CANNOT_REMOVE_DEFAULT, "Removing default security group not allowed.");
            }
            int rules = store.ruleCount(id);
            Map<String, Integer> elsewhere = store.rulesNamingGroupElsewhere(id);
            if (!store.delete(id)) {
                throw groupNotFound(id);
            }
            context.standard().forget(id);
            RbacPolicyService.forgetObject(h, context.quotas(), GROUP, id);
            context.quotas().reserve(h, group.projectId(), GROUP, -1);
            context.quotas().reserve(h, group.projectId(), RULE, -rules);
            elsewhere.forEach((project, count) -> context.quotas().reserve(h, project, RULE, -count));
            context.publish("security_group.delete.end", group.projectId(), GROUP, id, Map.of());
            return null;
        });
    }

    // rules

    public SecurityGroupRule createRule(SecurityGroupRuleRequest request, Caller scope)
    {
        CheckedRule checked = SecurityGroupRuleChecks.check(request);
        SecurityGroup group = find(request.securityGroupId(), scope);
        checked.remoteGroupId().ifPresent(remote -> {
            Map<String, String> found = store.projectsOf(List.of(remote));
            if (!found.containsKey(remote) || !scope.owns(found.get(remote))) {
                throw groupNotFound(remote);
            }
        });
        checked.remoteAddressGroupId().ifPresent(remote -> {
            if (addressGroups.group(remote).filter(found -> scope.owns(found.projectId())
                    || context.work().handle(h -> RbacPolicyStore.grants(h, AddressGroupService.RESOURCE, remote, RbacPolicy.ACCESS_AS_SHARED,
                            group.projectId()))).isEmpty()) {
                throw AddressGroupService.notFound(remote);
            }
        });
        String key = checked.key();
        String id = UUID.randomUUID().toString();
        try {
            context.work().transaction(h -> {
                store.ruleWithKey(group.id(), key).ifPresent(existing -> {
                    throw ruleExists(existing);
                });
                context.quotas().reserve(h, group.projectId(), RULE, 1);
                Instant now = context.standard().now();
                store.insert(rule(id, group.id(), group.projectId(), checked, false, now), key);
                store.bumpRevision(group.id(), now);
                context.publish("security_group_rule.create.end", group.projectId(), RULE, id, Map.of("security_group_id", group.id()));
                return null;
            });
        }
        catch (JdbiException e) {
            // two identical rules at once: the unique key let one in
            Optional<String> existing = store.ruleWithKey(group.id(), key);
            if (existing.isPresent()) {
                throw ruleExists(existing.get());
            }
            if (store.group(group.id()).isEmpty()) {
                throw groupNotFound(group.id());
            }
            throw e;
        }
        return store.rule(id).orElseThrow(() -> ruleNotFound(id));
    }

    public SecurityGroupRule getRule(String id, Caller scope)
    {
        return store.rule(id).filter(rule -> scope.owns(rule.projectId())).orElseThrow(() -> ruleNotFound(id));
    }

    public Page<SecurityGroupRule> listRules(ListRequest request, Caller scope)
    {
        ensureDefault(listedProject(request, scope));
        return store.rulePage(request, scope(scope, SecurityGroupStore.RULES));
    }

    public void deleteRule(String id, Caller scope)
    {
        SecurityGroupRule rule = getRule(id, scope);
        context.work().transaction(h -> {
            if (!store.deleteRule(id)) {
                throw ruleNotFound(id);
            }
            context.quotas().reserve(h, rule.projectId(), RULE, -1);
            store.bumpRevision(rule.securityGroupId(), context.standard().now());
            context.publish("security_group_rule.delete.end", rule.projectId(), RULE, id, Map.of("security_group_id", rule.securityGroupId()));
            return null;
        });
    }

    // ports

    /** What the port resources ask of security groups: the project's default group, and whether named groups may be used. */
    public PortSecurityGroups forPorts()
    {
        return new PortSecurityGroups()
        {
            @Override
            public Optional<String> defaultGroup(String projectId)
            {
                return Optional.of(ensureDefault(projectId));
            }

            @Override
            public void check(Caller caller, String projectId, List<String> securityGroupIds)
            {
                // Neutron makes the project's default group on every port create, named groups or not
                ensureDefault(projectId);
                if (securityGroupIds.isEmpty()) {
                    return;
                }
                Map<String, String> projects = store.projectsOf(securityGroupIds);
                List<String> missing = securityGroupIds.stream()
                        .filter(id -> !projectId.equals(projects.get(id)) && !(projects.containsKey(id) && sharedWith(id, projectId)))
                        .toList();
                if (!missing.isEmpty()) {
                    throw groupNotFound(String.join(", ", missing));
                }
            }
        };
    }

    // helpers

    private static String listedProject(ListRequest request, Caller scope)
    {
        if (scope.admin()) {
            for (String key : List.of("project_id", "tenant_id")) {
                List<String> values = request.query().getOrDefault(key, List.of());
                if (values.size() == 1 && !values.getFirst().isEmpty() && values.getFirst().length() <= 64) {
                    return values.getFirst();
                }
            }
        }
        return scope.projectId();
    }

    private static List<SqlPredicate> scope(Caller scope, String table)
    {
        if (scope.admin()) {
            return List.of();
        }
        return List.of(SqlPredicate.of(table + ".project_id = :scope_project", "scope_project", scope.projectId()));
    }

    private static SecurityGroupRule rule(String id, String groupId, String projectId, CheckedRule rule, boolean ofDefault, Instant now)
    {
        return new SecurityGroupRule(id, groupId, rule.direction(), rule.ethertype(), rule.protocol(), rule.portRangeMin(), rule.portRangeMax(),
                rule.remoteIpPrefix(), rule.remoteGroupId(), rule.remoteAddressGroupId(), ofDefault,
                new Standard(projectId, rule.description(), List.of(), now, now, 0));
    }

    private static void checkName(String name)
    {
        if (name.length() > MAX_NAME) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Invalid input for name. Reason: '" + name.substring(0, 20)
                    + "...' exceeds maximum length of " + MAX_NAME + ".");
        }
    }

    public static ApiException groupNotFound(String id)
    {
        return new ApiException(SecurityErrorCode.SECURITY_GROUP_NOT_FOUND, "Security group " + AddressGroupService.shorten(id) + " does not exist");
    }

    static ApiException ruleNotFound(String id)
    {
        return new ApiException(SecurityErrorCode.SECURITY_GROUP_RULE_NOT_FOUND, "Security group rule " + AddressGroupService.shorten(id)
                + " does not exist");
    }

    private static ApiException ruleExists(String existingId)
    {
        return new ApiException(SecurityErrorCode.SECURITY_GROUP_RULE_EXISTS, "Security group rule already exists. Rule id is " + existingId + ".");
    }
}
