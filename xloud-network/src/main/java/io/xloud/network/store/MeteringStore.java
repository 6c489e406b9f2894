package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.network.service.CidrBlock;
import io.xloud.network.service.NetworkErrorCode;
import io.xloud.network.service.MeteringLabel;
import io.xloud.network.service.MeteringLabelRule;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Metering labels and their rules. */
public final class MeteringStore
{
    private MeteringStore() {}

    public static final ListSpec LABELS = ListSpec.builder(ListDialect.NEUTRON, "metering_labels")
            .select("metering_labels.*")
            .id(Attribute.string("id", "metering_labels.id").filter().sortable())
            .attribute(Attribute.string("project_id", "metering_labels.project_id").filter().sortable().notNull())
            .attribute(Attribute.string("tenant_id", "metering_labels.project_id").filter().sortable().notNull())
            .attribute(Attribute.string("name", "metering_labels.name").filter().sortable().notNull())
            .attribute(Attribute.string("description", "metering_labels.description").filter().sortable().notNull())
            .attribute(Attribute.bool("shared", "metering_labels.shared").filter().sortable().notNull())
            .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
            .strictFilters(true)
            .invalidInput(NetworkErrorCode.BAD_REQUEST)
            .defaultSort("id", SortDirection.ASC)
            .build();

    public static final ListSpec RULES_SPEC = ListSpec.builder(ListDialect.NEUTRON,
                    "metering_label_rules JOIN metering_labels ON metering_labels.id = metering_label_rules.metering_label_id")
            .select("metering_label_rules.*, metering_labels.project_id")
            .id(Attribute.string("id", "metering_label_rules.id").filter().sortable())
            .attribute(Attribute.string("metering_label_id", "metering_label_rules.metering_label_id").filter().sortable().notNull())
            .attribute(Attribute.string("direction", "metering_label_rules.direction").filter().sortable().notNull())
            .attribute(Attribute.string("remote_ip_prefix", "metering_label_rules.remote_ip_prefix").filter().sortable())
            .attribute(Attribute.string("source_ip_prefix", "metering_label_rules.source_ip_prefix").filter().sortable())
            .attribute(Attribute.string("destination_ip_prefix", "metering_label_rules.destination_ip_prefix").filter().sortable())
            .attribute(Attribute.bool("excluded", "metering_label_rules.excluded").filter().sortable().notNull())
            .attribute(Attribute.string("project_id", "metering_labels.project_id").filter().sortable().notNull())
            .attribute(Attribute.string("tenant_id", "metering_labels.project_id").filter().sortable().notNull())
            .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
            .strictFilters(true)
            .invalidInput(NetworkErrorCode.BAD_REQUEST)
            .defaultSort("id", SortDirection.ASC)
            .build();

    public static Page<MeteringLabel> labels(Handle h, ListRequest request, List<SqlPredicate> scope)
    {
        return ListQuery.page(h, request, scope, (rs, ctx) -> label(rs));
    }

    public static Page<MeteringLabelRule> rules(Handle h, ListRequest request, List<SqlPredicate> scope)
    {
        return ListQuery.page(h, request, scope, (rs, ctx) -> rule(rs));
    }

    public static MeteringLabel label(ResultSet rs)
            throws SQLException
    {
        return new MeteringLabel(rs.getString("id"), rs.getString("project_id"), rs.getString("name"), rs.getString("description"), rs.getBoolean("shared"));
    }

    /** A rule row joined with its label's project_id. */
    public static MeteringLabelRule rule(ResultSet rs)
            throws SQLException
    {
        return new MeteringLabelRule(rs.getString("id"), rs.getString("metering_label_id"), rs.getString("project_id"), rs.getString("direction"),
                prefix(rs.getString("remote_ip_prefix")), prefix(rs.getString("source_ip_prefix")), prefix(rs.getString("destination_ip_prefix")),
                rs.getBoolean("excluded"));
    }

    private static Optional<CidrBlock> prefix(String text)
    {
        return Optional.ofNullable(text).map(CidrBlock::of);
    }

    public static final String RULES = "metering_label_rules r JOIN metering_labels l ON l.id = r.metering_label_id";

    public static Optional<MeteringLabel> findLabel(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM metering_labels WHERE id = :id").bind("id", id).map((rs, ctx) -> label(rs)).findOne();
    }

    public static Optional<MeteringLabelRule> findRule(Handle h, String id)
    {
        return h.createQuery("SELECT r.*, l.project_id FROM " + RULES + " WHERE r.id = :id").bind("id", id).map((rs, ctx) -> rule(rs)).findOne();
    }

    public static List<MeteringLabelRule> rulesOfLabel(Handle h, String labelId)
    {
        return h.createQuery("SELECT r.*, l.project_id FROM " + RULES + " WHERE r.metering_label_id = :label ORDER BY r.id")
                .bind("label", labelId).map((rs, ctx) -> rule(rs)).list();
    }

    public static void insertLabel(Handle h, MeteringLabel label, Instant now)
    {
        h.createUpdate("INSERT INTO metering_labels (id, project_id, name, description, shared, created_at) VALUES (:id, :project, :name, :description, :shared, :created)")
                .bind("id", label.id()).bind("project", label.projectId()).bind("name", label.name()).bind("description", label.description())
                .bind("shared", label.shared()).bind("created", PoolTimestamps.write(now)).execute();
    }

    public static void updateLabel(Handle h, MeteringLabel label)
    {
        h.createUpdate("UPDATE metering_labels SET name = :name, description = :description WHERE id = :id")
                .bind("id", label.id()).bind("name", label.name()).bind("description", label.description()).execute();
    }

    public static void deleteLabel(Handle h, String id)
    {
        h.createUpdate("DELETE FROM metering_label_rules WHERE metering_label_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM metering_labels WHERE id = :id").bind("id", id).execute();
    }

    public static void insertRule(Handle h, MeteringLabelRule rule, Instant now)
    {
        h.createUpdate("INSERT INTO metering_label_rules (id, metering_label_id, direction, remote_ip_prefix, source_ip_prefix, destination_ip_prefix, excluded, created_at) "
                        + "VALUES (:id, :label, :direction, :remote, :source, :destination, :excluded, :created)")
                .bind("id", rule.id()).bind("label", rule.meteringLabelId()).bind("direction", rule.direction())
                .bind("remote", rule.remoteIpPrefix().map(CidrBlock::toString).orElse(null))
                .bind("source", rule.sourceIpPrefix().map(CidrBlock::toString).orElse(null))
                .bind("destination", rule.destinationIpPrefix().map(CidrBlock::toString).orElse(null))
                .bind("excluded", rule.excluded()).bind("created", PoolTimestamps.write(now)).execute();
    }

    public static void deleteRule(Handle h, String id)
    {
        h.createUpdate("DELETE FROM metering_label_rules WHERE id = :id").bind("id", id).execute();
    }
}
