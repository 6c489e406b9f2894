package io.xloud.network.store;

import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.network.service.NetworkErrorCode;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Neutron's lists over the kernel's collections: a spec builder with the standard attributes every resource has
 * (id, project_id and tenant_id, description, created_at, updated_at, revision_number), strict filters
 * (filter-validation), and the tag filters {@code tags}, {@code tags-any}, {@code not-tags}, {@code not-tags-any}.
 */
public final class NeutronListQuery
{
    private static final int MAX_TAGS = 100;
    public static final List<String> TAG_FILTERS = List.of("tags", "tags-any", "not-tags", "not-tags-any");

    private NeutronListQuery() {}

    /**
     * A spec for rows of {@code table} (aliased as itself) with the standard attributes declared; the resource adds
     * its own. The table needs the columns id, project_id, description, created_at, updated_at, revision_number.
     */
    public static ListSpec.Builder spec(String table)
    {
        String prefix = table + ".";
        return ListSpec.builder(ListDialect.NEUTRON, table)
                .select(table + ".*")
                .id(Attribute.string("id", prefix + "id").filter().sortable())
                .attribute(Attribute.string("project_id", prefix + "project_id").filter().sortable().notNull())
                .attribute(Attribute.string("tenant_id", prefix + "project_id").filter().sortable().notNull())
                .attribute(Attribute.string("description", prefix + "description").filter().sortable())
                .attribute(Attribute.timestamp("created_at", prefix + "created_at").filter().sortable().notNull())
                .attribute(Attribute.timestamp("updated_at", prefix + "updated_at").filter().sortable().notNull())
                .attribute(Attribute.integer("revision_number", prefix + "revision_number").filter().sortable().notNull())
                .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
                .strictFilters(true)
                .ignore("tags", "tags-any", "not-tags", "not-tags-any")
                .invalidInput(NetworkErrorCode.BAD_REQUEST);
    }

    /** A page of rows in the caller's scope, with the request's tag filters applied. */
    public static <T> Page<T> page(Handle h, ListRequest request, List<SqlPredicate> scope, RowMapper<T> mapper)
    {
        List<SqlPredicate> all = new ArrayList<>(scope);
        all.addAll(tagPredicates(request));
        return ListQuery.page(h, request, all, mapper);
    }

    /** The predicates of the tag filters on the spec's id column. */
    public static List<SqlPredicate> tagPredicates(ListRequest request)
    {
        String idColumn = request.spec().id().column();
        List<SqlPredicate> predicates = new ArrayList<>();
        tags(request, "tags").ifPresent(tags -> predicates.add(hasTags(idColumn, tags, false, "tg_all")));
        tags(request, "tags-any").ifPresent(tags -> predicates.add(hasTags(idColumn, tags, true, "tg_any")));
        tags(request, "not-tags").ifPresent(tags -> predicates.add(not(hasTags(idColumn, tags, false, "tg_nall"))));
        tags(request, "not-tags-any").ifPresent(tags -> predicates.add(not(hasTags(idColumn, tags, true, "tg_nany"))));
        return predicates;
    }

    private static Optional<List<String>> tags(ListRequest request, String parameter)
    {
        List<String> values = request.query().getOrDefault(parameter, List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        for (String value : values) {
            for (String tag : value.split(",")) {
                if (!tag.isEmpty()) {
                    tags.add(tag);
                }
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw new ApiException(NetworkErrorCode.BAD_REQUEST, "Too many tags in '" + parameter + "'.");
        }
        return tags.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(tags));
    }

    private static SqlPredicate hasTags(String idColumn, List<String> tags, boolean any, String prefix)
    {
        Map<String, Object> parameters = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            parameters.put(prefix + i, tags.get(i));
            names.add(":" + prefix + i);
        }
        String exists = "EXISTS (SELECT 1 FROM network_tags nt WHERE nt.resource_id = " + idColumn + " AND nt.tag %s)";
        String sql = any ? exists.formatted("IN (" + String.join(", ", names) + ")")
                : String.join(" AND ", names.stream().map(name -> exists.formatted("= " + name)).toList());
        return new SqlPredicate(sql, parameters);
    }

    private static SqlPredicate not(SqlPredicate predicate)
    {
        return new SqlPredicate("NOT (" + predicate.sql() + ")", predicate.parameters());
    }
}
