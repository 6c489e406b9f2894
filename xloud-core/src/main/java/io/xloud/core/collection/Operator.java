package io.xloud.core.collection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A filter operator. Comparison operators come as a value prefix ({@code created_at=gte:2024-01-01T00:00:00Z},
 * {@code name=in:a,b}, Glance, Nova and Keystone's {@code password_expires_at}); text operators as a key suffix
 * ({@code name__icontains=adm}, Keystone). A spec names which operators each attribute allows.
 */
public enum Operator
{
    EQ("eq", "equals"),
    NEQ("neq", null),
    GT("gt", null),
    GTE("gte", null),
    LT("lt", null),
    LTE("lte", null),
    IN("in", null),
    IEQUALS(null, "iequals"),
    CONTAINS(null, "contains"),
    ICONTAINS(null, "icontains"),
    STARTSWITH(null, "startswith"),
    ISTARTSWITH(null, "istartswith"),
    ENDSWITH(null, "endswith"),
    IENDSWITH(null, "iendswith");

    private final String prefix;
    private final String suffix;

    Operator(String prefix, String suffix)
    {
        this.prefix = prefix;
        this.suffix = suffix;
    }

    /** The operator named before a colon in a value ({@code gte:...}). */
    static Optional<Operator> byPrefix(String name)
    {
        return Arrays.stream(values()).filter(operator -> name.equals(operator.prefix)).findFirst();
    }

    /** The operator named after a double underscore in a key ({@code name__contains}). */
    static Optional<Operator> bySuffix(String name)
    {
        return Arrays.stream(values()).filter(operator -> name.equals(operator.suffix)).findFirst();
    }

    boolean comparison()
    {
        return this == GT || this == GTE || this == LT || this == LTE;
    }

    boolean text()
    {
        return suffix != null && this != EQ;
    }

    boolean caseInsensitive()
    {
        return this == IEQUALS || this == ICONTAINS || this == ISTARTSWITH || this == IENDSWITH;
    }

    /** The SQL condition on one column; {@code :p} placeholders are named by the caller. Values of text operators are LIKE patterns. */
    String sql(String column, String parameter)
    {
        String lowered = caseInsensitive() ? "LOWER(" + column + ")" : column;
        return switch (this) {
            case EQ -> column + " = :" + parameter;
            case NEQ -> column + " <> :" + parameter;
            case GT -> column + " > :" + parameter;
            case GTE -> column + " >= :" + parameter;
            case LT -> column + " < :" + parameter;
            case LTE -> column + " <= :" + parameter;
            case IN -> throw new IllegalStateException("IN is expanded by the query");
            case IEQUALS -> lowered + " = :" + parameter;
            // '!' and not a backslash: Jdbi's parser reads '\' as an escaped quote, which would swallow the parameters after it
            case CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH -> lowered + " LIKE :" + parameter + " ESCAPE '!'";
        };
    }

    /** The bound value: a LIKE pattern with the client's %, _ and ! escaped, lowered for the case-insensitive forms. */
    Object bind(Object value)
    {
        if (!(value instanceof String text)) {
            return value;
        }
        String wanted = caseInsensitive() ? text.toLowerCase(Locale.ROOT) : text;
        if (this == IEQUALS || !text()) {
            return wanted;
        }
        String escaped = wanted.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return switch (this) {
            case CONTAINS, ICONTAINS -> "%" + escaped + "%";
            case STARTSWITH, ISTARTSWITH -> escaped + "%";
            default -> "%" + escaped;
        };
    }
}
