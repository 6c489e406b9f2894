package io.xloud.core.policy;

import io.xloud.core.policy.Check.Operand;
import io.xloud.core.policy.Check.Template;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Parses oslo.policy check strings. Tokens are split on whitespace with parentheses peeled off
 * their ends, exactly as oslo.policy's tokenizer does; precedence is {@code not} over {@code and} over {@code or}.
 * Where oslo.policy would log and fail closed, this throws, so a bad rule stops start-up instead.
 */
final class CheckParser
{
    // Far deeper than any real rule; stops a hostile policy file from exhausting the stack.
    private static final int MAX_NESTING = 64;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private enum Kind { OPEN, CLOSE, AND, OR, NOT, QUOTED, CHECK }

    private record Token(Kind kind, String text)
    {
        Token
        {
            requireNonNull(kind, "kind is null");
            requireNonNull(text, "text is null");
        }
    }

    private final String checkString;
    private final List<Token> tokens;
    private int position;
    private int depth;

    private CheckParser(String checkString)
    {
        this.checkString = checkString;
        this.tokens = tokenize(checkString);
    }

    /** @throws IllegalArgumentException if the check string is malformed */
    static Check parse(String checkString)
    {
        requireNonNull(checkString, "checkString is null");
        // Only the truly empty string means "always"; oslo.policy fails a blank one closed.
        if (checkString.isEmpty()) {
            return new Check.Always();
        }
        CheckParser parser = new CheckParser(checkString);
        if (parser.tokens.isEmpty()) {
            throw parser.malformed("it is blank");
        }
        Check check = parser.orExpression();
        if (parser.position < parser.tokens.size()) {
            throw parser.malformed("unexpected '" + parser.tokens.get(parser.position).text() + "'");
        }
        return check;
    }

    private Check orExpression()
    {
        List<Check> alternatives = new ArrayList<>();
        alternatives.add(andExpression());
        while (accept(Kind.OR)) {
            alternatives.add(andExpression());
        }
        return alternatives.size() == 1 ? alternatives.getFirst() : new Check.Or(alternatives);
    }

    private Check andExpression()
    {
        List<Check> conjuncts = new ArrayList<>();
        conjuncts.add(unary());
        while (accept(Kind.AND)) {
            conjuncts.add(unary());
        }
        return conjuncts.size() == 1 ? conjuncts.getFirst() : new Check.And(conjuncts);
    }

    private Check unary()
    {
        if (accept(Kind.NOT)) {
            return new Check.Not(nested(this::unary));
        }
        if (accept(Kind.OPEN)) {
            Check inner = nested(this::orExpression);
            if (!accept(Kind.CLOSE)) {
                throw malformed(position < tokens.size()
                        ? "expected ')' but found '" + tokens.get(position).text() + "'"
                        : "a '(' is never closed");
            }
            return inner;
        }
        if (position >= tokens.size()) {
            throw malformed("it ends where a check was expected");
        }
        Token token = tokens.get(position++);
        return switch (token.kind()) {
            case CHECK -> check(token.text());
            case QUOTED -> throw malformed("the quoted string " + token.text() + " is not a check");
            default -> throw malformed("unexpected '" + token.text() + "' where a check was expected");
        };
    }

    private Check nested(Supplier<Check> inner)
    {
        if (++depth > MAX_NESTING) {
            throw malformed("it nests deeper than " + MAX_NESTING + " levels");
        }
        try {
            return inner.get();
        }
        finally {
            depth--;
        }
    }

    private boolean accept(Kind kind)
    {
        if (position < tokens.size() && tokens.get(position).kind() == kind) {
            position++;
            return true;
        }
        return false;
    }

    private Check check(String text)
    {
        if (text.equals("@")) {
            return new Check.Always();
        }
        if (text.equals("!")) {
            return new Check.Never();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw malformed("'" + text + "' is not of the form kind:match");
        }
        String kind = text.substring(0, colon);
        String match = text.substring(colon + 1);
        if (kind.isEmpty()) {
            throw malformed("'" + text + "' has nothing before the ':'");
        }
        return switch (kind) {
            case "rule" -> {
                if (match.isEmpty()) {
                    throw malformed("'" + text + "' names no rule");
                }
                yield new Check.RuleReference(match);
            }
            case "role" -> new Check.RoleCheck(template(match));
            // oslo.policy would call out over HTTP; a policy here is decided locally or not at all.
            case "http", "https" -> throw malformed("'" + text + "': " + kind + " checks are not supported");
            default -> new Check.GenericCheck(operand(kind), template(unquote(match)));
        };
    }

    /** The left side of a generic check: a Python literal, as oslo.policy's {@code ast.literal_eval} reads it, else an attribute. */
    private static Operand operand(String kind)
    {
        if (isQuoted(kind)) {
            return new Operand.Literal(kind.substring(1, kind.length() - 1));
        }
        if (kind.equals("True") || kind.equals("False") || kind.equals("None")) {
            return new Operand.Literal(kind);
        }
        if (INTEGER.matcher(kind).matches()) {
            return new Operand.Literal(new BigInteger(kind).toString());
        }
        return new Operand.Attribute(kind);
    }

    private static String unquote(String match)
    {
        return isQuoted(match) ? match.substring(1, match.length() - 1) : match;
    }

    private static boolean isQuoted(String text)
    {
        return text.length() >= 2
                && (text.charAt(0) == '\'' || text.charAt(0) == '"')
                && text.charAt(text.length() - 1) == text.charAt(0);
    }

    /** Splits {@code %(key)s} out of a match; only that form and {@code %%} are accepted. */
    private Template template(String match)
    {
        List<Template.Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int index = 0;
        while (index < match.length()) {
            char c = match.charAt(index);
            if (c != '%') {
                text.append(c);
                index++;
                continue;
            }
            if (match.startsWith("%%", index)) {
                text.append('%');
                index += 2;
                continue;
            }
            int close = match.indexOf(')', index);
            if (!match.startsWith("%(", index) || close < 0 || close + 1 >= match.length() || match.charAt(close + 1) != 's') {
                throw malformed("'" + match + "' has a '%' that is not a %(key)s substitution");
            }
            if (!text.isEmpty()) {
                parts.add(new Template.Text(text.toString()));
                text.setLength(0);
            }
            parts.add(new Template.Substitution(match.substring(index + 2, close)));
            index = close + 2;
        }
        if (!text.isEmpty() || parts.isEmpty()) {
            parts.add(new Template.Text(text.toString()));
        }
        return new Template(parts);
    }

    private static List<Token> tokenize(String checkString)
    {
        List<Token> tokens = new ArrayList<>();
        for (String word : WHITESPACE.split(checkString.strip())) {
            if (word.isEmpty()) {
                continue;
            }
            int start = 0;
            while (start < word.length() && word.charAt(start) == '(') {
                tokens.add(new Token(Kind.OPEN, "("));
                start++;
            }
            int end = word.length();
            while (end > start && word.charAt(end - 1) == ')') {
                end--;
            }
            if (start < end) {
                String clean = word.substring(start, end);
                // oslo.policy tests the word with its trailing parentheses for quotes, so do the same.
                String withTrailing = word.substring(start);
                tokens.add(switch (clean.toLowerCase(Locale.ROOT)) {
                    case "and" -> new Token(Kind.AND, clean);
                    case "or" -> new Token(Kind.OR, clean);
                    case "not" -> new Token(Kind.NOT, clean);
                    default -> new Token(isQuoted(withTrailing) ? Kind.QUOTED : Kind.CHECK, clean);
                });
            }
            for (int i = end; i < word.length(); i++) {
                tokens.add(new Token(Kind.CLOSE, ")"));
            }
        }
        return tokens;
    }

    private IllegalArgumentException malformed(String reason)
    {
        return new IllegalArgumentException("check string \"" + checkString + "\" is malformed: " + reason);
    }
}
