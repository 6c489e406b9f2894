package io.xloud.core.collection;

import io.xloud.core.error.CoreErrorCode;
import io.xloud.core.error.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The declaration of one listable resource: where its rows come from, the attributes a client may filter, sort and
 * project, the default order (always ending in the unique id), page sizes, and how strict the list is about filters
 * it does not know. Built once per resource, usually as a constant beside its route.
 *
 * @param source the FROM clause (a table, or a join), written by the service
 * @param select the select list for a custom row mapper ({@code *} by default)
 * @param defaultLimit page size when the client gives none; {@link #UNLIMITED} for none (Keystone without list_limit)
 * @param maxLimit the largest page a client gets, whatever limit it asks for
 * @param strictFilters whether an unknown query parameter is a 400 (Neutron's filter-validation) or ignored (Keystone)
 * @param ignored query parameters the service handles itself, never treated as unknown filters
 * @param invalidInput the error code of a 400, so the service's dialect renders it
 */
public record ListSpec(
        ListDialect dialect,
        String source,
        String select,
        Map<String, Attribute> attributes,
        Attribute id,
        List<SortKey> defaultSort,
        int defaultLimit,
        int maxLimit,
        boolean strictFilters,
        Set<String> ignored,
        ErrorCode invalidInput)
{
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** One key of an order: an attribute and its direction. */
    public record SortKey(Attribute attribute, SortDirection direction)
    {
        public SortKey
        {
            requireNonNull(attribute, "attribute is null");
            requireNonNull(direction, "direction is null");
        }

        SortKey reversed()
        {
            return new SortKey(attribute, direction.reversed());
        }
    }

    public ListSpec
    {
        requireNonNull(dialect, "dialect is null");
        requireNonNull(source, "source is null");
        requireNonNull(select, "select is null");
        attributes = Map.copyOf(attributes);
        requireNonNull(id, "id is null");
        defaultSort = List.copyOf(defaultSort);
        ignored = Set.copyOf(ignored);
        requireNonNull(invalidInput, "invalidInput is null");
        if (defaultLimit < 1 || maxLimit < defaultLimit) {
            throw new IllegalArgumentException("need 1 <= defaultLimit <= maxLimit");
        }
        if (defaultSort.isEmpty() || !defaultSort.getLast().attribute().equals(id)) {
            throw new IllegalArgumentException("the default order must end with the id");
        }
    }

    public static Builder builder(ListDialect dialect, String source)
    {
        return new Builder(dialect, source);
    }

    public Optional<Attribute> attribute(String name)
    {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The same list with other page sizes, e.g. Keystone's list_limit read from the settings. */
    public ListSpec withLimits(int defaultLimit, int maxLimit)
    {
        return new ListSpec(dialect, source, select, attributes, id, defaultSort, defaultLimit, maxLimit, strictFilters, ignored, invalidInput);
    }

    public static final class Builder
    {
        private final ListDialect dialect;
        private final String source;
        private String select = "*";
        private final Map<String, Attribute> attributes = new LinkedHashMap<>();
        private Attribute id;
        private final List<String> defaultSort = new ArrayList<>();
        private final List<SortDirection> defaultDirections = new ArrayList<>();
        private int defaultLimit = 1000;
        private int maxLimit = 1000;
        private boolean strictFilters;
        private final Set<String> ignored = new java.util.HashSet<>();
        private ErrorCode invalidInput = CoreErrorCode.BAD_REQUEST;

        private Builder(ListDialect dialect, String source)
        {
            this.dialect = requireNonNull(dialect, "dialect is null");
            this.source = requireNonNull(source, "source is null");
        }

        public Builder select(String select)
        {
            this.select = requireNonNull(select, "select is null");
            return this;
        }

        /** The unique, non-null id: the marker, and the last key of every order. */
        public Builder id(Attribute id)
        {
            this.id = id.notNull();
            return attribute(this.id);
        }

        public Builder attribute(Attribute attribute)
        {
            if (attributes.putIfAbsent(attribute.name(), attribute) != null) {
                throw new IllegalArgumentException("attribute declared twice: " + attribute.name());
            }
            return this;
        }

        public Builder defaultSort(String name, SortDirection direction)
        {
            defaultSort.add(name);
            defaultDirections.add(direction);
            return this;
        }

        public Builder pageSize(int defaultLimit, int maxLimit)
        {
            this.defaultLimit = defaultLimit;
            this.maxLimit = maxLimit;
            return this;
        }

        public Builder strictFilters(boolean strict)
        {
            this.strictFilters = strict;
            return this;
        }

        public Builder ignore(String... parameters)
        {
            ignored.addAll(List.of(parameters));
            return this;
        }

        public Builder invalidInput(ErrorCode code)
        {
            this.invalidInput = requireNonNull(code, "code is null");
            return this;
        }

        public ListSpec build()
        {
            requireNonNull(id, "a list needs an id attribute");
            List<SortKey> order = new ArrayList<>();
            for (int i = 0; i < defaultSort.size(); i++) {
                Attribute attribute = attributes.get(defaultSort.get(i));
                if (attribute == null) {
                    throw new IllegalArgumentException("default sort on undeclared attribute " + defaultSort.get(i));
                }
                order.add(new SortKey(attribute, defaultDirections.get(i)));
            }
            if (order.isEmpty() || !order.getLast().attribute().equals(id)) {
                order.add(new SortKey(id, order.isEmpty() ? SortDirection.ASC : order.getLast().direction()));
            }
            return new ListSpec(dialect, source, select, attributes, id, order, defaultLimit, maxLimit, strictFilters, ignored, invalidInput);
        }
    }
}
