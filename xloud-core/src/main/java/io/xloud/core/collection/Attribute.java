package io.xloud.core.collection;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One attribute of a listed resource: its API name, the SQL expression that holds it (written by the service, never
 * taken from a request), its type, which operators may filter on it and whether clients may sort by it ({@code sorts}).
 */
public record Attribute(String name, String column, AttributeType type, Set<Operator> operators, boolean sorts, boolean nullable)
{
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    public Attribute
    {
        requireNonNull(name, "name is null");
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
        operators = operators.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operators));
        if (name.isEmpty() || name.contains("__")) {
            throw new IllegalArgumentException("attribute name must be non-empty without '__': " + name);
        }
        if (!COLUMN.matcher(column).matches()) {
            throw new IllegalArgumentException("column must be a plain (qualified) column name: " + column);
        }
        for (Operator operator : operators) {
            if (operator.text() && !type.textual() || operator.comparison() && !type.ordered()) {
                throw new IllegalArgumentException(operator + " does not apply to " + type + " attribute " + name);
            }
        }
    }

    public static Attribute of(String name, String column, AttributeType type)
    {
        return new Attribute(name, column, type, Set.of(), false, true);
    }

    public static Attribute string(String name, String column)
    {
        return of(name, column, AttributeType.STRING);
    }

    public static Attribute uuid(String name, String column)
    {
        return of(name, column, AttributeType.UUID);
    }

    public static Attribute integer(String name, String column)
    {
        return of(name, column, AttributeType.INTEGER);
    }

    public static Attribute bool(String name, String column)
    {
        return of(name, column, AttributeType.BOOLEAN);
    }

    public static Attribute timestamp(String name, String column)
    {
        return of(name, column, AttributeType.TIMESTAMP);
    }

    public static Attribute epochMillis(String name, String column)
    {
        return of(name, column, AttributeType.EPOCH_MILLIS);
    }

    /** Filterable with these operators (EQ is always among them). */
    public Attribute filter(Operator... more)
    {
        Set<Operator> all = EnumSet.of(Operator.EQ);
        all.addAll(Set.of(more));
        return new Attribute(name, column, type, all, sorts, nullable);
    }

    public Attribute sortable()
    {
        return new Attribute(name, column, type, operators, true, nullable);
    }

    /** Declares the column NOT NULL, which lets keyset paging use one row-value comparison the database can index. */
    public Attribute notNull()
    {
        return new Attribute(name, column, type, operators, sorts, false);
    }

    public boolean filterable()
    {
        return !operators.isEmpty();
    }
}
