package io.xloud.core.collection;

import io.xloud.core.collection.ListRequest.Filter;
import io.xloud.core.collection.ListSpec.SortKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a list request as one SQL query with bound parameters: the service's fixed predicates, the client's filters,
 * a keyset condition after the marker's sort-key values, the order, and limit + 1 rows to know whether more follow.
 * Paging backward (Neutron's page_reverse) runs the reversed order and turns the page around.
 */
public final class ListQuery
{
    private static final String PAGE_ID = "xl_page_id";

    private ListQuery() {}

    /** A page of rows mapped by the service's mapper over {@code SELECT <spec.select> FROM <spec.source>}. */
    public static <T> Page<T> page(Handle handle, ListRequest request, List<SqlPredicate> scope, RowMapper<T> mapper)
    {
        ListSpec spec = request.spec();
        return run(handle, request, scope, spec.select() + ", " + spec.id().column() + " AS " + PAGE_ID, mapper);
    }

    /**
     * A page of the declared attributes (API name → typed value), selecting only the projected fields, the id and
     * the sort keys. For simple resources whose view is their columns.
     */
    public static Page<Map<String, Object>> rows(Handle handle, ListRequest request, List<SqlPredicate> scope)
    {
        ListSpec spec = request.spec();
        List<Attribute> selected = new ArrayList<>();
        for (Attribute attribute : spec.attributes().values()) {
            if (request.fields().isEmpty() || request.fields().contains(attribute.name())) {
                selected.add(attribute);
            }
        }
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            columns.add(selected.get(i).column() + " AS xl_c" + i);
        }
        columns.add(spec.id().column() + " AS " + PAGE_ID);
        RowMapper<Map<String, Object>> mapper = (rs, context) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < selected.size(); i++) {
                row.put(selected.get(i).name(), selected.get(i).type().read(rs, i + 1));
            }
            return row;
        };
        return run(handle, request, scope, String.join(", ", columns), mapper);
    }

    private static <T> Page<T> run(Handle handle, ListRequest request, List<SqlPredicate> scope, String select, RowMapper<T> mapper)
    {
        ListSpec spec = request.spec();
        List<SortKey> order = request.reverse() ? request.order().stream().map(SortKey::reversed).toList() : request.order();
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        for (SqlPredicate predicate : scope) {
            conditions.add("(" + predicate.sql() + ")");
            parameters.putAll(predicate.parameters());
        }
        for (Filter filter : request.filters()) {
            conditions.add(condition(filter, parameters));
        }
        if (request.marker().isPresent()) {
            List<Object> values = markerValues(handle, request, scope);
            conditions.add(after(order, values, parameters));
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ").append(spec.source());
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        sql.append(" ORDER BY ");
        for (int i = 0; i < order.size(); i++) {
            SortKey key = order.get(i);
            // NULL sorts as the highest value on both databases, so keyset conditions can reason about it
            sql.append(i == 0 ? "" : ", ").append(key.attribute().column())
                    .append(key.direction() == SortDirection.ASC ? " ASC NULLS LAST" : " DESC NULLS FIRST");
        }
        boolean limited = request.limit() != ListSpec.UNLIMITED;
        if (limited) {
            sql.append(" LIMIT :xl_limit");
            parameters.put("xl_limit", request.limit() + 1);
        }
        Query query = handle.createQuery(sql.toString());
        parameters.forEach(query::bind);
        List<String> ids = new ArrayList<>();
        List<T> items = new ArrayList<>(query.map((rs, context) -> {
            ids.add(rs.getString(PAGE_ID));
            return mapper.map(rs, context);
        }).list());
        boolean more = limited && items.size() > request.limit();
        if (more) {
            items.removeLast();
            ids.removeLast();
        }
        if (request.reverse()) {
            Collections.reverse(items);
            Collections.reverse(ids);
        }
        return page(request, items, ids, more);
    }

    private static <T> Page<T> page(ListRequest request, List<T> items, List<String> ids, boolean more)
    {
        Optional<String> first = ids.isEmpty() ? Optional.empty() : Optional.of(ids.getFirst());
        Optional<String> last = ids.isEmpty() ? Optional.empty() : Optional.of(ids.getLast());
        if (!request.reverse()) {
            Optional<String> previous = request.marker().isEmpty() ? Optional.empty() : first.or(request::marker);
            return new Page<>(items, more, more ? last : Optional.empty(), previous);
        }
        Optional<String> next = request.marker().isEmpty() ? Optional.empty() : last.or(request::marker);
        return new Page<>(items, more, next, more ? first : Optional.empty());
    }

    private static String condition(Filter filter, Map<String, Object> parameters)
    {
        String column = filter.attribute().column();
        if (filter.operator() == Operator.IN) {
            List<String> names = new ArrayList<>();
            for (Object value : filter.values()) {
                names.add(":" + bind(parameters, value));
            }
            return column + " IN (" + String.join(", ", names) + ")";
        }
        Operator operator = filter.operator();
        return operator.sql(column, bind(parameters, operator.bind(filter.values().getFirst())));
    }

    /** The marker's sort-key values, seen through the same scope as the list: a marker the caller cannot list is unknown. */
    private static List<Object> markerValues(Handle handle, ListRequest request, List<SqlPredicate> scope)
    {
        ListSpec spec = request.spec();
        List<SortKey> order = request.order();
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        for (SqlPredicate predicate : scope) {
            conditions.add("(" + predicate.sql() + ")");
            parameters.putAll(predicate.parameters());
        }
        conditions.add(spec.id().column() + " = :xl_marker");
        parameters.put("xl_marker", request.marker().orElseThrow());
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            columns.add(order.get(i).attribute().column() + " AS xl_m" + i);
        }
        Query query = handle.createQuery("SELECT " + String.join(", ", columns) + " FROM " + spec.source() + " WHERE " + String.join(" AND ", conditions));
        parameters.forEach(query::bind);
        return query.map((rs, context) -> {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                values.add(order.get(i).attribute().type().read(rs, i + 1));
            }
            return values;
        }).findFirst().orElseThrow(() -> ListRequest.invalid(spec, "marker [" + shortMarker(request.marker().orElseThrow()) + "] not found"));
    }

    /**
     * Rows strictly after the marker in this order. With one direction and no NULLs that is one row-value comparison
     * (which an index serves); otherwise the portable expansion k1 after v1 OR (k1 = v1 AND k2 after v2) OR ...
     */
    static String after(List<SortKey> order, List<Object> values, Map<String, Object> parameters)
    {
        boolean uniform = order.stream().allMatch(key -> key.direction() == order.getFirst().direction() && !key.attribute().nullable());
        if (uniform && values.stream().allMatch(java.util.Objects::nonNull)) {
            List<String> columns = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                columns.add(order.get(i).attribute().column());
                names.add(":" + bind(parameters, values.get(i)));
            }
            String comparison = order.getFirst().direction() == SortDirection.ASC ? " > " : " < ";
            return order.size() == 1 ? columns.getFirst() + comparison + names.getFirst()
                    : "(" + String.join(", ", columns) + ")" + comparison + "(" + String.join(", ", names) + ")";
        }
        List<String> alternatives = new ArrayList<>();
        List<String> equalSoFar = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            SortKey key = order.get(i);
            String column = key.attribute().column();
            Object value = values.get(i);
            String parameter = value == null ? null : ":" + bind(parameters, value);
            Optional<String> beyond = beyond(column, key.direction(), parameter);
            if (beyond.isPresent()) {
                List<String> terms = new ArrayList<>(equalSoFar);
                terms.add(beyond.get());
                alternatives.add("(" + String.join(" AND ", terms) + ")");
            }
            equalSoFar.add(parameter == null ? column + " IS NULL" : column + " = " + parameter);
        }
        return alternatives.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", alternatives) + ")";
    }

    /** Values strictly beyond {@code parameter} in a direction where NULL is the highest value; empty when none can be. */
    private static Optional<String> beyond(String column, SortDirection direction, String parameter)
    {
        if (direction == SortDirection.ASC) {
            return parameter == null ? Optional.empty() : Optional.of("(" + column + " > " + parameter + " OR " + column + " IS NULL)");
        }
        return Optional.of(parameter == null ? column + " IS NOT NULL" : column + " < " + parameter);
    }

    private static String bind(Map<String, Object> parameters, Object value)
    {
        String name = "xl_p" + parameters.size();
        parameters.put(name, value);
        return name;
    }

    private static String shortMarker(String marker)
    {
        return marker.length() <= 64 ? marker : marker.substring(0, 64) + "...";
    }
}
