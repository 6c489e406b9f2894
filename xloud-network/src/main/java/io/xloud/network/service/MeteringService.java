package io.xloud.network.service;

import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.db.UnitOfWork;
import io.xloud.core.error.ApiException;
import io.xloud.network.store.MeteringStore;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Metering labels and label rules (admin API): what traffic to count. */
public final class MeteringService
{
    private final UnitOfWork work;
    private final Clock clock;

    public MeteringService(UnitOfWork work, Clock clock)
    {
        this.work = requireNonNull(work, "work is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    static ApiException labelNotFound(String id)
    {
        return new ApiException(PoolErrorCode.MeteringLabelNotFound, "Metering label " + id + " does not exist.");
    }

    static ApiException ruleNotFound(String id)
    {
        return new ApiException(PoolErrorCode.MeteringLabelRuleNotFound, "Metering label rule " + id + " does not exist.");
    }

    public ListRequest labelListRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(MeteringStore.LABELS, query);
    }

    public ListRequest ruleListRequest(Map<String, List<String>> query)
    {
        return ListRequest.parse(MeteringStore.RULES_SPEC, query);
    }

    public Page<MeteringLabel> labels(Requester requester, ListRequest request)
    {
        List<SqlPredicate> scope = requester.admin() ? List.of()
                : List.of(SqlPredicate.of("metering_labels.project_id = :owner_project OR metering_labels.shared = TRUE", "owner_project", requester.projectId()));
        return work.handle(h -> MeteringStore.labels(h, request, scope));
    }

    public Page<MeteringLabelRule> rules(Requester requester, ListRequest request)
    {
        List<SqlPredicate> scope = requester.admin() ? List.of()
                : List.of(SqlPredicate.of("metering_labels.project_id = :owner_project OR metering_labels.shared = TRUE", "owner_project", requester.projectId()));
        return work.handle(h -> MeteringStore.rules(h, request, scope));
    }

    private static boolean visible(Requester requester, MeteringLabel label)
    {
        return requester.admin() || requester.owns(label.projectId()) || label.shared();
    }

    public MeteringLabel label(Requester requester, String id)
    {
        return work.handle(h -> MeteringStore.findLabel(h, id).filter(label -> visible(requester, label)).orElseThrow(() -> labelNotFound(id)));
    }

    public MeteringLabel createLabel(String projectId, String name, String description, boolean shared)
    {
        MeteringLabel label = new MeteringLabel(UUID.randomUUID().toString(), projectId, name, description, shared);
        work.transaction(h -> {
            MeteringStore.insertLabel(h, label, clock.instant());
            return null;
        });
        return label;
    }

    public MeteringLabel updateLabel(Requester requester, String id, Optional<String> name, Optional<String> description)
    {
        return work.transaction(h -> {
            MeteringLabel label = MeteringStore.findLabel(h, id).filter(found -> visible(requester, found)).orElseThrow(() -> labelNotFound(id));
            MeteringLabel updated = new MeteringLabel(label.id(), label.projectId(), name.orElse(label.name()), description.orElse(label.description()),
                    label.shared());
            MeteringStore.updateLabel(h, updated);
            return updated;
        });
    }

    public void deleteLabel(Requester requester, String id)
    {
        work.transaction(h -> {
            MeteringLabel label = MeteringStore.findLabel(h, id).filter(found -> visible(requester, found)).orElseThrow(() -> labelNotFound(id));
            MeteringStore.deleteLabel(h, label.id());
            return null;
        });
    }

    public MeteringLabelRule rule(Requester requester, String id)
    {
        return work.handle(h -> {
            MeteringLabelRule rule = MeteringStore.findRule(h, id).orElseThrow(() -> ruleNotFound(id));
            if (MeteringStore.findLabel(h, rule.meteringLabelId()).filter(label -> visible(requester, label)).isEmpty()) {
                throw ruleNotFound(id);
            }
            return rule;
        });
    }

    /**
     * A rule in a label: {@code remote_ip_prefix} alone, or {@code source_ip_prefix} and/or {@code destination_ip_prefix};
     * a rule overlapping another of the label in the same direction and exclusion is a conflict.
     */
    public MeteringLabelRule createRule(Requester requester, String labelId, String direction, Optional<CidrBlock> remote, Optional<CidrBlock> source,
            Optional<CidrBlock> destination, boolean excluded)
    {
        if (!direction.equals("ingress") && !direction.equals("egress")) {
            throw new ApiException(PoolErrorCode.InvalidInput, "Invalid input for direction. Reason: '" + SubnetPoolService.shorten(direction)
                    + "' is not in ['ingress', 'egress'].");
        }
        if (remote.isPresent() && (source.isPresent() || destination.isPresent())) {
            throw new ApiException(PoolErrorCode.InvalidInput,
                    "Invalid input for operation: Cannot use 'remote-ip-prefix' in conjunction with 'source-ip-prefix' or 'destination-ip-prefix'.");
        }
        if (remote.isEmpty() && source.isEmpty() && destination.isEmpty()) {
            throw new ApiException(PoolErrorCode.InvalidInput,
                    "Invalid input for operation: You must define at least one of the following parameters 'remote_ip_prefix', or 'source_ip_prefix' "
                            + "or 'destination_ip_prefix'.");
        }
        return work.transaction(h -> {
            MeteringLabel label = MeteringStore.findLabel(h, labelId).filter(found -> visible(requester, found)).orElseThrow(() -> labelNotFound(labelId));
            for (MeteringLabelRule other : MeteringStore.rulesOfLabel(h, label.id())) {
                if (other.direction().equals(direction) && other.excluded() == excluded && overlaps(other.remoteIpPrefix(), remote)
                        && overlaps(other.sourceIpPrefix(), source) && overlaps(other.destinationIpPrefix(), destination)) {
                    throw new ApiException(PoolErrorCode.MeteringLabelRuleOverlaps,
                            "Metering label rule with remote_ip_prefix " + remote.map(CidrBlock::toString).orElse("None")
                                    + " overlaps another.");
                }
            }
            MeteringLabelRule rule = new MeteringLabelRule(UUID.randomUUID().toString(), label.id(), label.projectId(), direction, remote, source,
                    destination, excluded);
            MeteringStore.insertRule(h, rule, clock.instant());
            return rule;
        });
    }

    private static boolean overlaps(Optional<CidrBlock> a, Optional<CidrBlock> b)
    {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return a.get().overlaps(b.get());
    }

    public void deleteRule(Requester requester, String id)
    {
        work.transaction(h -> {
            MeteringLabelRule rule = MeteringStore.findRule(h, id).orElseThrow(() -> ruleNotFound(id));
            if (MeteringStore.findLabel(h, rule.meteringLabelId()).filter(label -> visible(requester, label)).isEmpty()) {
                throw ruleNotFound(id);
            }
            MeteringStore.deleteRule(h, id);
            return null;
        });
    }
}
