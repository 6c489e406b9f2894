package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.network.service.SecurityGroupRuleChecks.CheckedRule;
import io.xloud.network.store.AddressGroupStore;
import io.xloud.network.store.SecurityGroupStore;
import org.jdbi.v3.core.JdbiException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
     * Runs in a transaction of its own even when the caller has one open, so a lost race never rolls back the caller's.
     */
    public String ensureDefault(String projectId)
    {
        requireNonNull(projectId, "projectId is null");
        Optional<String> existing = store.defaultGroupId(projectId);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (context.work().current().isEmpty()) {
            return makeDefault(projectId);
        }
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> made = executor.submit(() -> makeDefault(projectId));
            return made.get();
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the default security group", e);
        }
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
                    store.insert(new SecurityGroup(id, SecurityGroup.DEFAULT_NAME, true, true,
                            new Standard(projectId, DEFAULT_DESCRIPTION, List.of(), now, now, 0), List.of()));
                    if (!store.claimDefault(projectId, id)) {
                        throw new LostRace();
                    }
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

    /** The group, or 404 when it does not exist or the caller cannot see it. */
    public SecurityGroup get(String id, ProjectScope scope)
    {
        ensureDefault(scope.projectId());
        return find(id, scope);
    }

    private SecurityGroup find(String id, ProjectScope scope)
    {
        return store.group(id).filter(group -> scope.sees(group.projectId())).orElseThrow(() -> groupNotFound(id));
    }

    /** A page of the groups the caller sees; makes the default group of the project listed (the caller's, or the one filtered on). */
    public Page<SecurityGroup> list(ListRequest request, ProjectScope scope)
    {
        ensureDefault(listedProject(request, scope));
        return store.page(request, scope(scope, SecurityGroupStore.GROUPS));
    }

    public SecurityGroup update(String id, ProjectScope scope, Optional<String> name, Optional<String> description, Optional<Boolean> stateful,
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
    public void delete(String id, ProjectScope scope)
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
            context.quotas().reserve(h, group.projectId(), GROUP, -1);
            context.quotas().reserve(h, group.projectId(), RULE, -rules);
            elsewhere.forEach((project, count) -> context.quotas().reserve(h, project, RULE, -count));
            context.publish("security_group.delete.end", group.projectId(), GROUP, id, Map.of());
            return null;
        });
    }

    // rules

    public SecurityGroupRule createRule(SecurityGroupRuleRequest request, ProjectScope scope)
    {
        CheckedRule checked = SecurityGroupRuleChecks.check(request);
        SecurityGroup group = find(request.securityGroupId(), scope);
        checked.remoteGroupId().ifPresent(remote -> {
            Map<String, String> found = store.projectsOf(List.of(remote));
            if (!found.containsKey(remote) || !scope.sees(found.get(remote))) {
                throw groupNotFound(remote);
            }
        });
        checked.remoteAddressGroupId().ifPresent(remote -> {
            if (addressGroups.group(remote).filter(found -> scope.sees(found.projectId())).isEmpty()) {
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

    public SecurityGroupRule getRule(String id, ProjectScope scope)
    {
        return store.rule(id).filter(rule -> scope.sees(rule.projectId())).orElseThrow(() -> ruleNotFound(id));
    }

    public Page<SecurityGroupRule> listRules(ListRequest request, ProjectScope scope)
    {
        ensureDefault(listedProject(request, scope));
        return store.rulePage(request, scope(scope, SecurityGroupStore.RULES));
    }

    public void deleteRule(String id, ProjectScope scope)
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

    // ports (called by the port resources)

    /**
     * The groups a new or updated port of {@code portProjectId} gets: those requested, each of which must exist in
     * the port's project (else 404), or the project's default group when none were requested. Makes the default
     * group in any case, as Neutron does on every port create.
     */
    public List<String> groupsForPort(String portProjectId, Optional<List<String>> requested)
    {
        String defaultId = ensureDefault(portProjectId);
        if (requested.isEmpty()) {
            return List.of(defaultId);
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(requested.get()));
        Map<String, String> projects = store.projectsOf(ids);
        List<String> missing = ids.stream().filter(id -> !portProjectId.equals(projects.get(id))).toList();
        if (!missing.isEmpty()) {
            throw groupNotFound(String.join(", ", missing));
        }
        return ids;
    }

    /** Records the port's groups (replacing any it had), in the caller's unit of work. */
    public void bindPort(String portId, Collection<String> groupIds)
    {
        context.work().run(() -> {
            store.unbind(portId);
            store.bind(portId, groupIds);
        });
    }

    public void unbindPort(String portId)
    {
        store.unbind(portId);
    }

    /** The groups of each port, by port id, each list sorted. */
    public Map<String, List<String>> groupsOfPorts(Collection<String> portIds)
    {
        return store.groupsOfPorts(portIds);
    }

    // helpers

    private static String listedProject(ListRequest request, ProjectScope scope)
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

    private static List<SqlPredicate> scope(ProjectScope scope, String table)
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
