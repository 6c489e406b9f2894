package io.xloud.identity.store;

import io.xloud.identity.service.Project;
import io.xloud.identity.service.ProjectVisibility;
import io.xloud.core.collection.Attribute;
import io.xloud.core.collection.ListDialect;
import io.xloud.core.collection.ListQuery;
import io.xloud.core.collection.ListRequest;
import io.xloud.core.collection.ListSpec;
import io.xloud.core.collection.Page;
import io.xloud.core.collection.SortDirection;
import io.xloud.core.collection.SqlPredicate;
import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.core.collection.Operator.CONTAINS;
import static io.xloud.core.collection.Operator.ENDSWITH;
import static io.xloud.core.collection.Operator.ICONTAINS;
import static io.xloud.core.collection.Operator.IENDSWITH;
import static io.xloud.core.collection.Operator.IEQUALS;
import static io.xloud.core.collection.Operator.ISTARTSWITH;
import static io.xloud.core.collection.Operator.STARTSWITH;

/**
 * GET /v3/projects as Keystone filters it, in the database: name (with the {@code __contains} family), domain_id,
 * enabled, parent_id, and the tag filters {@code tags}, {@code tags-any}, {@code not-tags}, {@code not-tags-any}.
 */
public final class ProjectList
{
    private static final int MAX_TAGS = 100;

    public static final ListSpec SPEC = ListSpec.builder(ListDialect.KEYSTONE, "projects")
            .id(Attribute.string("id", "id").filter())
            .attribute(Attribute.string("name", "name").filter(IEQUALS, CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH).notNull())
            .attribute(Attribute.string("domain_id", "domain_id").filter().notNull())
            .attribute(Attribute.bool("enabled", "enabled").filter().notNull())
            .attribute(Attribute.string("parent_id", "parent_id").filter())
            .defaultSort("name", SortDirection.ASC)
            .pageSize(ListSpec.UNLIMITED, ListSpec.UNLIMITED)
            .ignore("is_domain", "tags", "tags-any", "not-tags", "not-tags-any")
            .invalidInput(IdentityErrorCode.VALIDATION_ERROR)
            .build();

    private ProjectList() {}

    /** The request for a query, cut at {@code identity.list_limit} when it is set (0: no limit). */
    public static ListRequest request(Map<String, List<String>> query, int listLimit)
    {
        return ListRequest.parse(listLimit > 0 ? SPEC.withLimits(listLimit, listLimit) : SPEC, query);
    }

    public static Page<Project> page(Handle h, ListRequest request, ProjectVisibility visibility)
    {
        List<SqlPredicate> scope = new ArrayList<>();
        switch (visibility) {
            case ProjectVisibility.All ignored -> { }
            case ProjectVisibility.InDomain domain -> scope.add(SqlPredicate.of("domain_id = :scope_domain", "scope_domain", domain.domainId()));
            case ProjectVisibility.OwnProject project -> scope.add(project.projectId()
                    .map(id -> SqlPredicate.of("id = :scope_project", "scope_project", id)).orElse(SqlPredicate.none()));
        }
        tags(request, "tags").ifPresent(tags -> scope.add(hasTags(tags, false, "t")));
        tags(request, "tags-any").ifPresent(tags -> scope.add(hasTags(tags, true, "ta")));
        tags(request, "not-tags").ifPresent(tags -> scope.add(not(hasTags(tags, false, "nt"))));
        tags(request, "not-tags-any").ifPresent(tags -> scope.add(not(hasTags(tags, true, "nta"))));
        Page<Project> page = ListQuery.page(h, request, scope, (rs, context) -> ResourceStore.project(rs, List.of()));
        Map<String, List<String>> tags = tagsOf(h, page.items().stream().map(Project::id).toList());
        return page.map(p -> new Project(p.id(), p.name(), p.domainId(), p.parentId(), p.description(), p.enabled(),
                tags.getOrDefault(p.id(), List.of()), p.extra()));
    }

    private static Optional<List<String>> tags(ListRequest request, String parameter)
    {
        List<String> values = request.query().getOrDefault(parameter, List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<String> tags = List.copyOf(new LinkedHashSet<>(List.of(values.getFirst().split(","))));
        if (tags.size() > MAX_TAGS) {
            throw new ApiException(IdentityErrorCode.VALIDATION_ERROR, "Too many tags in '" + parameter + "'.");
        }
        return Optional.of(tags);
    }

    /** Projects carrying every tag ({@code any}: at least one of them). */
    private static SqlPredicate hasTags(List<String> tags, boolean any, String prefix)
    {
        Map<String, Object> parameters = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            parameters.put(prefix + i, tags.get(i));
            names.add(":" + prefix + i);
        }
        String exists = "EXISTS (SELECT 1 FROM project_tags pt WHERE pt.project_id = projects.id AND pt.tag %s)";
        String sql = any ? exists.formatted("IN (" + String.join(", ", names) + ")")
                : String.join(" AND ", names.stream().map(name -> exists.formatted("= " + name)).toList());
        return new SqlPredicate(sql, parameters);
    }

    private static SqlPredicate not(SqlPredicate predicate)
    {
        return new SqlPredicate("NOT (" + predicate.sql() + ")", predicate.parameters());
    }

    private static Map<String, List<String>> tagsOf(Handle h, List<String> ids)
    {
        Map<String, List<String>> tags = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            h.createQuery("SELECT project_id, tag FROM project_tags WHERE project_id IN (<ids>) ORDER BY tag")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(entry -> tags.computeIfAbsent(entry.getKey(), ignored -> new ArrayList<>()).add(entry.getValue()));
        }
        return tags;
    }
}
