package io.xloud.core.collection;

import io.xloud.core.collection.ListSpec.SortKey;
import io.xloud.core.error.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A list request checked against its spec: filters with typed values, the full order (ending in the id), the page
 * size, the marker, the direction of paging and the projected fields. Everything a client sent either maps onto the
 * spec through an API name, or is a 400 (or, for a lenient spec, an ignored filter); nothing of it reaches SQL as text.
 *
 * @param fields the API names to keep in each item; empty keeps all
 * @param query the request's query, kept to rebuild link hrefs
 */
public record ListRequest(
        ListSpec spec,
        List<Filter> filters,
        List<SortKey> order,
        int limit,
        Optional<String> marker,
        boolean reverse,
        Set<String> fields,
        Map<String, List<String>> query)
{
    /** The most values one IN may carry, and the most sort keys a client may name. */
    static final int MAX_VALUES = 1000;
    static final int MAX_SORT_KEYS = 10;
    private static final Set<String> PAGING = Set.of("limit", "marker", "sort", "sort_key", "sort_dir", "fields", "page_reverse");

    /** One condition: IN carries every accepted value, other operators exactly one. */
    public record Filter(Attribute attribute, Operator operator, List<Object> values)
    {
        public Filter
        {
            requireNonNull(attribute, "attribute is null");
            requireNonNull(operator, "operator is null");
            values = List.copyOf(values);
        }
    }

    public ListRequest
    {
        requireNonNull(spec, "spec is null");
        filters = List.copyOf(filters);
        order = List.copyOf(order);
        requireNonNull(marker, "marker is null");
        fields = Set.copyOf(fields);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        query.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        query = java.util.Collections.unmodifiableMap(copy);
    }

    /** Parses a request's decoded query parameters (in the order sent) against a spec. */
    public static ListRequest parse(ListSpec spec, Map<String, List<String>> query)
    {
        List<Filter> filters = new ArrayList<>();
        boolean paging = spec.dialect().clientPaging();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String key = parameter.getKey();
            if (paging && PAGING.contains(key) || spec.ignored().contains(key)) {
                continue;
            }
            filter(spec, key, parameter.getValue()).ifPresent(filters::addAll);
        }
        if (!paging) {
            return new ListRequest(spec, filters, spec.defaultSort(), spec.defaultLimit(), Optional.empty(), false, Set.of(), query);
        }
        return new ListRequest(spec, filters, order(spec, query), limit(spec, query), marker(spec, query), reverse(spec, query),
                fields(query), query);
    }

    private static Optional<List<Filter>> filter(ListSpec spec, String key, List<String> values)
    {
        Optional<Attribute> attribute = spec.attribute(key).filter(Attribute::filterable);
        Optional<Operator> suffixed = Optional.empty();
        int split = key.indexOf("__");
        if (attribute.isEmpty() && split > 0) {
            suffixed = Operator.bySuffix(key.substring(split + 2));
            attribute = spec.attribute(key.substring(0, split)).filter(Attribute::filterable);
            Optional<Operator> operator = suffixed;
            attribute = attribute.filter(candidate -> operator.isPresent() && candidate.operators().contains(operator.get()));
        }
        if (attribute.isEmpty()) {
            if (spec.strictFilters()) {
                throw invalid(spec, "'" + shorten(key) + "' is an invalid filter or query parameter.");
            }
            return Optional.empty();
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<String> given = spec.dialect().repeatedKeysOr() ? values : values.subList(0, 1);
        List<Filter> filters = new ArrayList<>();
        List<Object> equal = new ArrayList<>();
        for (String value : given) {
            Filter filter = suffixed.isPresent()
                    ? new Filter(attribute.get(), suffixed.get(), List.of(value))
                    : prefixed(spec, attribute.get(), value);
            if (filter.operator() == Operator.EQ) {
                equal.addAll(filter.values());
            }
            else {
                filters.add(filter);
            }
        }
        if (equal.size() > MAX_VALUES) {
            throw invalid(spec, "Too many values for filter '" + key + "'.");
        }
        if (equal.size() == 1) {
            filters.add(new Filter(attribute.get(), Operator.EQ, equal));
        }
        else if (!equal.isEmpty()) {
            filters.add(new Filter(attribute.get(), Operator.IN, List.copyOf(new LinkedHashSet<>(equal))));
        }
        return Optional.of(filters);
    }

    /** {@code gte:2024-01-01T00:00:00Z} or {@code in:a,b}, when the attribute allows that operator; otherwise the whole value is compared. */
    private static Filter prefixed(ListSpec spec, Attribute attribute, String value)
    {
        Operator operator = Operator.EQ;
        String operand = value;
        int colon = value.indexOf(':');
        if (colon > 0 && colon < 4) {
            Optional<Operator> named = Operator.byPrefix(value.substring(0, colon)).filter(attribute.operators()::contains);
            if (named.isPresent()) {
                operator = named.get();
                operand = value.substring(colon + 1);
            }
        }
        if (operator == Operator.IN) {
            String[] parts = operand.split(",", -1);
            if (parts.length > MAX_VALUES) {
                throw invalid(spec, "Too many values for filter '" + attribute.name() + "'.");
            }
            List<Object> typed = new ArrayList<>();
            for (String part : parts) {
                typed.add(typed(spec, attribute, part.strip()));
            }
            return new Filter(attribute, Operator.IN, List.copyOf(new LinkedHashSet<>(typed)));
        }
        return new Filter(attribute, operator, List.of(typed(spec, attribute, operand)));
    }

    private static Object typed(ListSpec spec, Attribute attribute, String text)
    {
        Optional<Object> value = attribute.type().parse(text);
        if (value.isEmpty() && attribute.type() == AttributeType.BOOLEAN && !spec.strictFilters()) {
            // Keystone reads anything but a false word as true
            return true;
        }
        return value.orElseThrow(() -> invalid(spec, "Invalid value '" + shorten(text) + "' for filter '" + attribute.name()
                + "': expected " + attribute.type().name().toLowerCase(java.util.Locale.ROOT) + "."));
    }

    private static List<SortKey> order(ListSpec spec, Map<String, List<String>> query)
    {
        List<String> names = new ArrayList<>();
        List<Optional<SortDirection>> directions = new ArrayList<>();
        for (String sort : query.getOrDefault("sort", List.of())) {
            for (String item : sort.split(",", -1)) {
                int colon = item.indexOf(':');
                names.add((colon < 0 ? item : item.substring(0, colon)).strip());
                directions.add(colon < 0 ? Optional.empty() : Optional.of(direction(spec, item.substring(colon + 1).strip())));
            }
        }
        List<String> keys = query.getOrDefault("sort_key", List.of());
        List<String> dirs = query.getOrDefault("sort_dir", List.of());
        if (dirs.size() > Math.max(keys.size(), 1)) {
            throw invalid(spec, "The number of sort_keys and sort_dirs must be the same.");
        }
        List<SortDirection> parsedDirs = dirs.stream().map(dir -> direction(spec, dir.strip())).toList();
        for (int i = 0; i < keys.size(); i++) {
            names.add(keys.get(i).strip());
            directions.add(i < parsedDirs.size() ? Optional.of(parsedDirs.get(i)) : parsedDirs.isEmpty() ? Optional.empty() : Optional.of(parsedDirs.getLast()));
        }
        if (names.size() > MAX_SORT_KEYS) {
            throw invalid(spec, "Too many sort keys.");
        }
        SortDirection fallback = keys.isEmpty() && parsedDirs.size() == 1 ? parsedDirs.getFirst() : spec.defaultSort().getFirst().direction();
        List<SortKey> order = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Attribute attribute = spec.attribute(name).filter(Attribute::sorts)
                    .orElseThrow(() -> invalid(spec, "'" + shorten(name) + "' is an invalid sort key."));
            if (seen.add(name)) {
                order.add(new SortKey(attribute, directions.get(i).orElse(fallback)));
            }
        }
        if (order.isEmpty()) {
            order.addAll(fallback == spec.defaultSort().getFirst().direction() ? spec.defaultSort()
                    : spec.defaultSort().stream().map(SortKey::reversed).toList());
        }
        if (!seen.contains(spec.id().name()) && !order.getLast().attribute().equals(spec.id())) {
            order.add(new SortKey(spec.id(), order.getLast().direction()));
        }
        return order;
    }

    private static SortDirection direction(ListSpec spec, String text)
    {
        return SortDirection.parse(text).orElseThrow(() -> invalid(spec, "'" + shorten(text) + "' is an invalid sort direction; use asc or desc."));
    }

    private static int limit(ListSpec spec, Map<String, List<String>> query)
    {
        List<String> given = query.getOrDefault("limit", List.of());
        if (given.isEmpty()) {
            return spec.defaultLimit();
        }
        String text = given.getLast().strip();
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(spec, "limit must be a non-negative integer, not '" + shorten(text) + "'.");
        }
        if (text.length() > 9) {
            return spec.maxLimit();
        }
        int limit = Integer.parseInt(text);
        // limit=0 asks for no particular size (Neutron): the default page
        return limit == 0 ? spec.defaultLimit() : Math.min(limit, spec.maxLimit());
    }

    private static Optional<String> marker(ListSpec spec, Map<String, List<String>> query)
    {
        List<String> given = query.getOrDefault("marker", List.of());
        return given.isEmpty() || given.getLast().isEmpty() ? Optional.empty() : Optional.of(given.getLast());
    }

    private static boolean reverse(ListSpec spec, Map<String, List<String>> query)
    {
        List<String> given = query.getOrDefault("page_reverse", List.of());
        if (given.isEmpty() || !spec.dialect().pageReverse()) {
            return false;
        }
        return AttributeType.parseBoolean(given.getLast().strip())
                .orElseThrow(() -> invalid(spec, "page_reverse must be a boolean, not '" + shorten(given.getLast()) + "'."));
    }

    private static Set<String> fields(Map<String, List<String>> query)
    {
        Set<String> fields = new LinkedHashSet<>();
        for (String value : query.getOrDefault("fields", List.of())) {
            for (String field : value.split(",")) {
                if (!field.isBlank()) {
                    fields.add(field.strip());
                }
            }
        }
        return fields;
    }

    /** Keeps the projected fields of an item's view ({@code fields=}); the whole view when none were asked for. */
    public <V> Map<String, V> project(Map<String, V> view)
    {
        if (fields.isEmpty()) {
            return view;
        }
        Map<String, V> projected = new LinkedHashMap<>();
        view.forEach((name, value) -> {
            if (fields.contains(name)) {
                projected.put(name, value);
            }
        });
        return projected;
    }

    static ApiException invalid(ListSpec spec, String message)
    {
        return new ApiException(spec.invalidInput(), message);
    }

    /** Echoes at most a short prefix of what a client sent. */
    private static String shorten(String text)
    {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
